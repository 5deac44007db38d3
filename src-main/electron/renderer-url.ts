/**
 * Where the window loads the UI from. Kept free of electron imports so it is unit-tested.
 * The built UI is served by the app:// scheme (app-protocol.ts), never from file://.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'agent-factory';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The bundled UI at app://agent-factory/index.html; in development (never in the packaged app)
 * electron-vite's dev server, given in ELECTRON_RENDERER_URL, when it is an http(s) URL on this machine.
 */
export function rendererUrl({ isPackaged, env }: { isPackaged: boolean; env: NodeJS.ProcessEnv }): string {
  const dev = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !dev) return APP_INDEX_URL;
  try {
    const url = new URL(dev);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(url.hostname)) return url.toString();
  } catch {
    // Not a URL: fall back to the bundled UI.
  }
  return APP_INDEX_URL;
}
