import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@shared/errors';
import { createEngine } from '../engine/engine';
import { createLogger } from '../engine/config/logger';
import { createRouter } from '../transport/router';
import { logUncaughtErrors } from '../transport/guard';
import { startApiServer } from '../transport/ws-server';
import { checkExposure, type Exposure } from '../transport/exposure';
import { engineOps } from '../transport/ops-routes';
import { version, writeServerFile } from './runtime';

export interface ServeOptions {
  dataDir: string;
  port: number;
  /** The built renderer; defaults to out/renderer beside the bundle. */
  staticDir?: string;
  /** Default 127.0.0.1; another address needs TLS or `behindProxy`. */
  host?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** The reverse proxy (its address) whose forwarded headers are trusted; it terminates TLS. */
  behindProxy?: string;
  allowedOrigins?: string[];
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new AppError('CONFIG', `Cannot read the TLS ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: `Give a PEM file to --tls-${what}.`,
    });
  }
}

/** The exposure the options ask for, checked before anything starts (a refusal exits non-zero). */
export function exposureOf(options: Pick<ServeOptions, 'host' | 'tlsCert' | 'tlsKey' | 'behindProxy' | 'allowedOrigins'>): Partial<Exposure> & { host: string } {
  if (!options.tlsCert !== !options.tlsKey)
    throw new AppError('CONFIG', 'TLS needs both --tls-cert and --tls-key.', { hint: 'Give the certificate and its private key, both PEM files.' });
  const exposure = {
    host: options.host ?? '127.0.0.1',
    ...(options.tlsCert && options.tlsKey ? { tls: { cert: readPem(options.tlsCert, 'cert'), key: readPem(options.tlsKey, 'key') } } : {}),
    ...(options.behindProxy ? { trustedProxy: options.behindProxy } : {}),
    ...(options.allowedOrigins?.length ? { allowedOrigins: options.allowedOrigins } : {}),
  };
  checkExposure(exposure);
  return exposure;
}

/**
 * The built renderer: `out/renderer`, a sibling of the main bundle's folder. This module may be
 * bundled into `out/main` or into a chunk below it (`out/main/chunks`): look up from here.
 */
export function defaultStaticDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, '../renderer');
    if (existsSync(join(candidate, 'index.html')) || dirname(dir) === dir) return candidate;
  }
}

/** `agent-factory serve`: the engine, the UI and the WebSocket API on 127.0.0.1 (or beyond, on request). */
export async function serve(options: ServeOptions): Promise<void> {
  const exposure = exposureOf(options);
  const logger = createLogger({ dataDir: options.dataDir, pretty: process.env.NODE_ENV === 'development' });
  // No request can take the server down: what escapes the handlers' own guards is logged, not fatal.
  logUncaughtErrors((error, kind) => logger.error({ err: error, kind }, 'uncaught error (the server keeps running)'));
  const engine = await createEngine({ dataDir: options.dataDir, mode: 'headless', version, logger });
  const router = createRouter(engine.handlers, logger);
  const server = await startApiServer({
    router,
    bus: engine.bus,
    port: options.port,
    staticDir: options.staticDir ?? defaultStaticDir(),
    logger,
    webhooks: engine.automations.webhooks,
    keys: engine.keys,
    exposure,
    ops: engineOps(engine, version),
    ...(process.env.AGENT_FACTORY_TOKEN ? { token: process.env.AGENT_FACTORY_TOKEN } : {}),
  });
  // Beyond loopback the per-start token is refused: the CLI on this machine cannot use it.
  const removeServerFile = server.tokenAccepted
    ? writeServerFile(options.dataDir, { pid: process.pid, port: server.port, token: server.token, url: server.url })
    : () => undefined;
  logger.info({ port: server.port, host: exposure.host, tls: !!exposure.tls, proxy: exposure.trustedProxy }, 'serving');
  if (!server.tokenAccepted) process.stderr.write(`Listening on ${exposure.host}: only API keys are accepted (Authorization: Bearer <key>).\n`);
  process.stdout.write(`${server.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    removeServerFile();
    await server.close();
    await engine.close();
    logger.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
