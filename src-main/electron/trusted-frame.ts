/**
 * Is a frame at `frameUrl` our own renderer? The bundled page (app://agent-factory/…, or a
 * file://…/index.html at that exact path) or, in development, the dev server's origin. Kept free of
 * electron imports so it is unit-tested.
 */
export function isTrustedUrl(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const url = new URL(frameUrl);
    const trusted = new URL(rendererUrl);
    if (trusted.protocol === 'file:') return url.protocol === 'file:' && url.pathname === trusted.pathname;
    // Custom schemes have an opaque origin ("null") in the URL standard: compare scheme and host.
    if (trusted.protocol === 'app:') return url.protocol === 'app:' && url.host === trusted.host;
    return url.origin === trusted.origin;
  } catch {
    return false;
  }
}
