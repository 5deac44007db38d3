import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret for a loopback server (WebSocket API, MCP over HTTP). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether `given` is `token`, in constant time for tokens of the same length. */
export function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
