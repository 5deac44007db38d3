import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: HMAC-SHA256 with the automation's secret over `<timestamp>.<raw body>`,
 * sent as `x-af-timestamp: <epoch seconds>` and `x-af-signature: sha256=<hex>`. A request older
 * (or newer) than the tolerance, or one whose signature was already accepted, is refused.
 */

export const TIMESTAMP_HEADER = 'x-af-timestamp';
export const SIGNATURE_HEADER = 'x-af-signature';
export const DEFAULT_TOLERANCE_SEC = 300;

/** A new secret: 32 random bytes, base64url (43 characters). */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

function hmacHex(secret: string, timestampSec: number | string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSec}.`).update(rawBody).digest('hex');
}

/** The signature header value for a body sent at `timestampSec`: `sha256=<hex>`. */
export function signWebhook(secret: string, timestampSec: number, rawBody: string | Buffer): string {
  return `sha256=${hmacHex(secret, timestampSec, rawBody)}`;
}

/** The headers a sender adds (for tests, docs and the CLI's example). */
export function webhookHeaders(secret: string, rawBody: string | Buffer, nowMs = Date.now()): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(secret, timestamp, rawBody) };
}

/**
 * Signatures already accepted, each kept until its timestamp leaves the tolerance window (after
 * that the timestamp check refuses it anyway). Bounded: when full, expired entries go first, then
 * the oldest.
 */
export class ReplayCache {
  private readonly entries = new Map<string, number>();

  constructor(readonly maxEntries = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  /** True if `key` was remembered and has not expired at `nowMs`. */
  has(key: string, nowMs: number): boolean {
    const expires = this.entries.get(key);
    if (expires === undefined) return false;
    if (expires <= nowMs) {
      this.entries.delete(key);
      return false;
    }
    return true;
  }

  /** Remembers `key` until `expiresAtMs`. */
  remember(key: string, expiresAtMs: number, nowMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.prune(nowMs);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, expiresAtMs);
  }

  /** Forgets `key` (a request that was accepted but could not be handled may be sent again). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  private prune(nowMs: number): void {
    for (const [key, expires] of this.entries) if (expires <= nowMs) this.entries.delete(key);
  }
}

export interface VerifyWebhookInput {
  secret: string;
  /** The `x-af-timestamp` header, as received. */
  timestamp: string | string[] | undefined;
  /** The `x-af-signature` header, as received. */
  signature: string | string[] | undefined;
  rawBody: string | Buffer;
  nowMs: number;
  replay: ReplayCache;
  toleranceSec?: number;
}

export type VerifyWebhookResult =
  | { ok: true; replayKey: string }
  | { ok: false; status: 400 | 401 | 409; reason: string };

const HOW_TO_SIGN = `Send "${TIMESTAMP_HEADER}: <epoch seconds>" and "${SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the automation's secret>".`;

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? (header.length === 1 ? header[0] : undefined) : header;
}

/**
 * Checks a webhook request: both headers there (401), well formed (400), the timestamp within
 * ±`toleranceSec` of now (401), the signature right (401, compared in constant time), and not seen
 * before (409). An accepted signature is remembered so the same request is refused next time.
 */
export function verifyWebhook(input: VerifyWebhookInput): VerifyWebhookResult {
  const tolerance = input.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  const timestamp = single(input.timestamp)?.trim();
  const signature = single(input.signature)?.trim();
  if (!timestamp || !signature) {
    const missing = [!timestamp && TIMESTAMP_HEADER, !signature && SIGNATURE_HEADER].filter(Boolean).join(' and ');
    return { ok: false, status: 401, reason: `Unsigned request: ${missing} missing. ${HOW_TO_SIGN}` };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, status: 400, reason: `${TIMESTAMP_HEADER} must be whole seconds since 1970 (e.g. ${Math.floor(input.nowMs / 1000)}).` };
  }
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signature);
  if (!match?.[1]) {
    return { ok: false, status: 400, reason: `${SIGNATURE_HEADER} must be "sha256=" followed by 64 hex digits.` };
  }
  const ts = Number(timestamp);
  const skew = input.nowMs / 1000 - ts;
  if (skew > tolerance) {
    return { ok: false, status: 401, reason: `The timestamp is too old (${Math.round(skew)} s; at most ${tolerance} s): sign each request when sending it.` };
  }
  if (skew < -tolerance) {
    return { ok: false, status: 401, reason: `The timestamp is in the future (${Math.round(-skew)} s ahead; at most ${tolerance} s): check the sender's clock.` };
  }
  const expected = Buffer.from(hmacHex(input.secret, timestamp, input.rawBody), 'hex');
  const given = Buffer.from(match[1], 'hex');
  if (!timingSafeEqual(expected, given)) {
    return { ok: false, status: 401, reason: `Bad signature. ${HOW_TO_SIGN}` };
  }
  const replayKey = match[1].toLowerCase();
  if (input.replay.has(replayKey, input.nowMs)) {
    return { ok: false, status: 409, reason: 'This request was already received (same signature): sign each request anew with a fresh timestamp.' };
  }
  input.replay.remember(replayKey, (ts + tolerance) * 1000 + 1000, input.nowMs);
  return { ok: true, replayKey };
}
