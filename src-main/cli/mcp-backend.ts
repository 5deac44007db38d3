import type { ApiClient } from '@shared/api/index';
import type { WsClient } from '@shared/client/ws-client';
import { engineOps } from '../transport/ops-routes';
import { createRouter } from '../transport/router';
import { connect, serverFilePath, version, writeServerFile } from './runtime';

/** How often an attached `mcp` checks that the engine it uses is still there. */
const WATCH_MS = 1000;

export interface McpBackend {
  client: ApiClient;
  /** 'remote': a running `serve`, desktop app or other `mcp` owns the engine; 'local': this process does. */
  via: 'remote' | 'local';
  /** Resolves when the engine this process is attached to went away (never for a local one). */
  lost: Promise<void>;
  close(): Promise<void>;
}

/**
 * The engine `agent-factory mcp` serves: a running one on the data folder when there is one (so
 * several MCP clients, the app and the CLI share it), else one in this process that is shared in
 * turn: its API listens on 127.0.0.1 and the server file names it, so other commands and other
 * `mcp` processes attach to it instead of failing on the data folder's lock.
 */
export async function openMcpBackend(
  dataDir: string,
  log: (message: string) => void,
): Promise<McpBackend> {
  const connection = await connect(dataDir);
  if (connection.via === 'remote') {
    const ws = connection.client as WsClient;
    let timer: ReturnType<typeof setInterval> | undefined;
    const lost = new Promise<void>((resolve) => {
      timer = setInterval(() => {
        if (ws.status === 'closed' || ws.status === 'unauthorized') resolve();
      }, WATCH_MS);
      timer.unref();
    });
    log(`attached to the running Agent Factory of ${dataDir}`);
    return {
      client: connection.client,
      via: 'remote',
      lost,
      close: async () => {
        clearInterval(timer);
        await connection.close();
      },
    };
  }
  const engine = connection.engine!;
  try {
    const { startApiServer } = await import('../transport/ws-server');
    const api = await startApiServer({
      router: createRouter(engine.handlers, engine.logger),
      bus: engine.bus,
      port: 0,
      logger: engine.logger,
      keys: engine.keys,
      webhooks: engine.automations.webhooks,
      ops: engineOps(engine, version),
    });
    const removeServerFile = writeServerFile(dataDir, {
      pid: process.pid,
      port: api.port,
      token: api.token,
      url: api.url,
    });
    log(`opened ${dataDir}; other commands attach through ${serverFilePath(dataDir)}`);
    return {
      client: connection.client,
      via: 'local',
      lost: new Promise<void>(() => {}),
      close: async () => {
        removeServerFile();
        await api.close();
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
