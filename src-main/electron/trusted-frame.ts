/**
 * Is a frame at `frameUrl` our own renderer? The bundled page (file://…/index.html, exact path) or,
 * in development, the dev server's origin. Kept free of electron imports so it is unit-tested.
 */
export function isTrustedUrl(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const url = new URL(frameUrl);
    const trusted = new URL(rendererUrl);
    if (trusted.protocol === 'file:') return url.protocol === 'file:' && url.pathname === trusted.pathname;
    return url.origin === trusted.origin;
  } catch {
    return false;
  }
}
