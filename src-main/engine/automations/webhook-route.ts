import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAppError, type ErrorCode } from '@shared/errors';
import { DEFAULT_TOLERANCE_SEC, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook, type ReplayCache } from './webhook';

/** Where webhooks live on the engine's HTTP server: `POST /hooks/<automation id>`. */
export const WEBHOOK_PREFIX = '/hooks/';
/** Largest accepted body. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

/** What the HTTP route needs from the automations service. */
export interface WebhookTarget {
  /** The secret of the automation's webhook; null when there is no such automation or it has no webhook trigger. */
  secretFor(automationId: string): Promise<string | null>;
  /** Fires the automation's webhook trigger with the request's body. */
  fire(automationId: string, payload: { body: string; contentType: string | undefined }): Promise<{ automationRunId: string; status: string }>;
}

export interface WebhookRouteOptions {
  maxBytes?: number;
  toleranceSec?: number;
  now?: () => number;
  /** Told about failures of `fire` that are not the sender's fault. */
  onError?: (error: unknown) => void;
}

/** The automation id of a webhook path, or null when the path is not one. */
export function webhookId(url: string | undefined): string | null {
  const pathname = new URL(url ?? '/', 'http://localhost').pathname;
  if (!pathname.startsWith(WEBHOOK_PREFIX)) return null;
  const rest = pathname.slice(WEBHOOK_PREFIX.length).replace(/\/$/, '');
  if (!rest || rest.includes('/')) return null;
  try {
    const id = decodeURIComponent(rest);
    const printable = [...id].every((c) => c.charCodeAt(0) >= 0x20);
    return id.length <= 200 && printable ? id : null;
  } catch {
    return null;
  }
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

function fail(res: ServerResponse, status: number, code: ErrorCode, message: string, headers?: Record<string, string>): void {
  answer(res, status, { error: { code, message } }, headers);
}

class TooLarge extends Error {}

/** Reads the body up to `max` bytes; rejects with TooLarge beyond it (the rest is left unread). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/**
 * `POST /hooks/<automation id>`: refuses other methods (405), bodies over 1 MB (413), unknown ids
 * and automations without a webhook (404), unsigned, stale or wrongly signed requests (401),
 * malformed signature headers (400) and replays (409); fires the automation and answers 202
 * `{ ok: true, automationRunId, status }`. Errors are `{ error: { code, message } }`.
 */
export async function handleWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  target: WebhookTarget,
  replay: ReplayCache,
  options: WebhookRouteOptions = {},
): Promise<void> {
  const maxBytes = options.maxBytes ?? WEBHOOK_MAX_BYTES;
  const now = options.now ?? Date.now;
  if (req.method !== 'POST') {
    req.resume();
    return fail(res, 405, 'VALIDATION', 'Webhooks take POST requests only.', { Allow: 'POST' });
  }
  const id = webhookId(req.url);
  if (!id) {
    req.resume();
    return fail(res, 404, 'NOT_FOUND', `Not a webhook path: use POST ${WEBHOOK_PREFIX}<automation id>.`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return fail(res, 413, 'VALIDATION', `The body is larger than ${maxBytes} bytes.`, { Connection: 'close' });
  }
  const secret = await target.secretFor(id);
  if (!secret) {
    req.resume();
    return fail(res, 404, 'NOT_FOUND', 'No automation with a webhook trigger at this path.');
  }
  let rawBody: Buffer;
  try {
    rawBody = await readBody(req, maxBytes);
  } catch (error) {
    if (error instanceof TooLarge) {
      // Drains the rest so the sender reads the answer instead of a reset connection.
      req.resume();
      return fail(res, 413, 'VALIDATION', `The body is larger than ${maxBytes} bytes.`, { Connection: 'close' });
    }
    throw error;
  }
  const verdict = verifyWebhook({
    secret,
    timestamp: req.headers[TIMESTAMP_HEADER],
    signature: req.headers[SIGNATURE_HEADER],
    rawBody,
    nowMs: now(),
    replay,
    toleranceSec: options.toleranceSec ?? DEFAULT_TOLERANCE_SEC,
  });
  if (!verdict.ok) {
    const code: ErrorCode = verdict.status === 409 ? 'CONFLICT' : verdict.status === 400 ? 'VALIDATION' : 'UNAUTHORIZED';
    return fail(res, verdict.status, code, verdict.reason);
  }
  try {
    const fired = await target.fire(id, { body: rawBody.toString('utf8'), contentType: req.headers['content-type'] });
    answer(res, 202, { ok: true, automationRunId: fired.automationRunId, status: fired.status });
  } catch (error) {
    // Not handled: the same signed request may be sent again.
    replay.forget(verdict.replayKey);
    if (isAppError(error) && STATUS_OF[error.code]) {
      return fail(res, STATUS_OF[error.code] ?? 500, error.code, error.message);
    }
    options.onError?.(error);
    fail(res, 500, 'INTERNAL', 'The automation could not be fired; see the engine log.');
  }
}
