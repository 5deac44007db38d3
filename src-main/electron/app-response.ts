import { readFile } from 'node:fs/promises';
import { resolveStaticFile, SECURITY_HEADERS } from '../transport/static-files';
import { APP_HOST } from './renderer-url';

// Kept free of electron imports so it is unit-tested with real Requests.

const text = (status: number, body: string) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** The answer to one app:// request: files of the renderer folder only (decisions in resolveStaticFile). */
export async function appResponse(rendererDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed.');
  if (new URL(request.url).host !== APP_HOST) return text(404, 'Not found.');
  const found = resolveStaticFile(rendererDir, request.url);
  if (found.kind === 'malformed') return text(400, 'Bad request: malformed path.');
  if (found.kind === 'forbidden') return text(403, 'Forbidden.');
  if (found.kind === 'missing') return text(404, 'The UI is not built. Run `npm run build`.');
  const headers = { ...SECURITY_HEADERS, 'Content-Type': found.contentType, 'Cache-Control': 'no-cache' };
  return new Response(request.method === 'HEAD' ? null : await readFile(found.path), { status: 200, headers });
}

