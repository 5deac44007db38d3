import type { IncomingMessage, ServerResponse } from 'node:http';
import { METRICS_CALL } from '@shared/api/scopes';
import type { Engine } from '../engine/engine';
import type { Gate } from './auth';

export const HEALTH_PATH = '/healthz';
export const METRICS_PATH = '/metrics';

/** What `GET /healthz` and `GET /metrics` read of the engine. */
export interface OpsSource {
  version: string;
  /** Resolves when the database answers; rejects when it does not. */
  ping(): Promise<void>;
  /** The Prometheus exposition. */
  metrics(): Promise<{ contentType: string; body: string }>;
}

/** How long the health check waits for the database. */
const PING_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The operations routes of `serve`: `GET /healthz` (no credentials: the container's health check;
 * 200 `{ ok, version, database: 'ok' }`, 503 when the database does not answer) and `GET /metrics`
 * (Prometheus text; the per-start token or a key with the metrics or admin scope, audited).
 * Returns false for any other request, which the caller goes on handling.
 */
export async function handleOpsRoute(
  req: IncomingMessage,
  res: ServerResponse,
  source: OpsSource,
  gate: Gate,
  onPingError?: (error: unknown) => void,
): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== HEALTH_PATH && path !== METRICS_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed\n');
    return true;
  }
  if (path === HEALTH_PATH) {
    // No credentials here: the failure's detail (which may name hosts) goes to the log, not the answer.
    const ok = await withTimeout(source.ping(), PING_TIMEOUT_MS).then(
      () => true,
      (error: unknown) => {
        onPingError?.(error);
        return false;
      },
    );
    res
      .writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      .end(JSON.stringify({ ok, version: source.version, database: ok ? 'ok' : 'unreachable' }));
    return true;
  }
  const principal = await gate.http(req, res, METRICS_CALL);
  if (!principal) return true;
  try {
    const { contentType, body } = await source.metrics();
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
    await gate.audit(principal, METRICS_CALL, 'ok');
  } catch (error) {
    await gate.audit(principal, METRICS_CALL, 'error', 'INTERNAL');
    throw error;
  }
  return true;
}

/** The operations source of an engine. */
export function engineOps(engine: Pick<Engine, 'store' | 'metrics'>, version: string): OpsSource {
  return {
    version,
    ping: () => engine.store.ping(),
    metrics: async () => ({ contentType: engine.metrics.contentType, body: await engine.metrics.text() }),
  };
}
