const STORAGE_KEY = 'agentFactory.token';

/**
 * The access token of `agent-factory serve`. It arrives once as `?token=` in the page URL; it is kept
 * in sessionStorage (so reloads still work) and removed from the address bar.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    window.sessionStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(
      window.history.state,
      '',
      `${url.pathname}${url.search}${url.hash}`,
    );
    return fromUrl;
  }
  return window.sessionStorage.getItem(STORAGE_KEY);
}
