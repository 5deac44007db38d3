import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/engine';
import { createLogger } from '../engine/config/logger';
import { createRouter } from '../transport/router';
import { logUncaughtErrors } from '../transport/guard';
import { startApiServer } from '../transport/ws-server';
import { version, writeServerFile } from './runtime';

export interface ServeOptions {
  dataDir: string;
  port: number;
  /** The built renderer; defaults to out/renderer beside the bundle. */
  staticDir?: string;
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

/** `agent-factory serve`: the engine, the UI and the WebSocket API on 127.0.0.1. */
export async function serve(options: ServeOptions): Promise<void> {
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
    ...(process.env.AGENT_FACTORY_TOKEN ? { token: process.env.AGENT_FACTORY_TOKEN } : {}),
  });
  const removeServerFile = writeServerFile(options.dataDir, { pid: process.pid, port: server.port, token: server.token, url: server.url });
  logger.info({ port: server.port }, 'serving');
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
