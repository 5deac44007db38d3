import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The request's path, percent-decoded; undefined when it is malformed (bad escape, NUL byte). */
export function decodePath(url: string): string | undefined {
  try {
    const pathname = decodeURIComponent(new URL(url, 'http://x').pathname);
    return pathname.includes('\0') ? undefined : pathname;
  } catch {
    return undefined;
  }
}

/** What a request path maps to in the renderer folder. */
export type StaticFile =
  | { kind: 'file'; path: string; contentType: string; immutable: boolean }
  /** A bad percent escape or a NUL byte: 400. */
  | { kind: 'malformed' }
  /** The path escapes the folder: 403. */
  | { kind: 'forbidden' }
  /** Not even index.html is there (the UI is not built): 404. */
  | { kind: 'missing' };

/**
 * Maps a request URL (any scheme: http for serve, app:// for the desktop app) to a file of `root`:
 * no path escapes the folder, unknown paths and folders get index.html (the app routes in the hash).
 */
export function resolveStaticFile(root: string, url: string): StaticFile {
  const base = resolve(root);
  const pathname = decodePath(url);
  if (pathname === undefined) return { kind: 'malformed' };
  let file = resolve(join(base, normalize(pathname)));
  if (file !== base && !file.startsWith(base + sep)) return { kind: 'forbidden' };
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(base, 'index.html');
  if (!existsSync(file)) return { kind: 'missing' };
  return {
    kind: 'file',
    path: file,
    contentType: TYPES[extname(file)] ?? 'application/octet-stream',
    immutable: file.includes(`${sep}assets${sep}`),
  };
}

/** Serves the built renderer: GET/HEAD only, no path escapes the folder, unknown paths get index.html. */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const found = resolveStaticFile(root, req.url ?? '/');
  if (found.kind === 'malformed') {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request: malformed path.');
    return;
  }
  if (found.kind === 'forbidden') {
    res.writeHead(403).end();
    return;
  }
  if (found.kind === 'missing') {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('The UI is not built. Run `npm run build`.');
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': found.contentType,
    'Cache-Control': found.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(found.path).pipe(res);
}
