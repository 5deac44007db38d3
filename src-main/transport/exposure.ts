import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { AppError } from '@shared/errors';

/** How the API server is reachable: on loopback only (the default), or beyond it on request. */
export interface Exposure {
  /** The address to listen on (default 127.0.0.1). */
  host: string;
  /** PEM certificate and key: the server speaks https/wss. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The address of the one reverse proxy whose X-Forwarded-* headers are trusted (it terminates TLS). */
  trustedProxy?: string;
  /** Browser origins allowed besides the server's own (e.g. `https://agents.example.com`). */
  allowedOrigins?: readonly string[];
}

/** Whether `host` is a loopback address (or `localhost`). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
}

/** Whether the server is reachable from other machines (then only API keys are accepted). */
export function beyondLoopback(exposure: Pick<Exposure, 'host' | 'trustedProxy'>): boolean {
  return !isLoopback(exposure.host) || exposure.trustedProxy !== undefined;
}

/**
 * Refuses an exposure that would send keys in clear over the network: a non-loopback address
 * needs TLS or a reverse proxy that terminates it.
 */
export function checkExposure(exposure: Exposure): void {
  if (!isLoopback(exposure.host) && !exposure.tls && exposure.trustedProxy === undefined) {
    throw new AppError('CONFIG', `Refusing to listen on ${exposure.host} without TLS: API keys would cross the network in clear text.`, {
      hint: 'Give --tls-cert <file> and --tls-key <file>, or --behind-proxy when a reverse proxy in front terminates TLS; or listen on 127.0.0.1.',
    });
  }
  for (const origin of exposure.allowedOrigins ?? []) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin)
      throw new AppError('CONFIG', `Not an origin: "${origin}".`, { hint: 'An origin is scheme://host[:port], with nothing after it, e.g. https://agents.example.com.' });
  }
}

/** What a client addressed: scheme and Host, from the trusted proxy's forwarded headers when it sent them. */
export function requestedOrigin(req: IncomingMessage, exposure: Exposure): string {
  const fromProxy = exposure.trustedProxy !== undefined && sameAddress(req.socket.remoteAddress, exposure.trustedProxy);
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  const proto = (fromProxy && first(req.headers['x-forwarded-proto'])) || (exposure.tls ? 'https' : 'http');
  const host = (fromProxy && first(req.headers['x-forwarded-host'])) || req.headers.host || '';
  return `${proto}://${host}`;
}

/** Whether a browser origin may use the API: the server's own (as addressed) or a configured one. */
export function originAllowed(origin: string, req: IncomingMessage, exposure: Exposure, loopbackOrigins: ReadonlySet<string>): boolean {
  if (exposure.allowedOrigins?.includes(origin)) return true;
  if (!beyondLoopback(exposure)) return loopbackOrigins.has(origin);
  return origin === requestedOrigin(req, exposure);
}

function sameAddress(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const norm = (x: string) => x.replace(/^::ffff:/, '').toLowerCase();
  return norm(a) === norm(b);
}
