import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ApiClient } from '@shared/api/index';
import { createWsClient, webSocketUrl } from '@shared/client/ws-client';
import { unwrapResult } from '@shared/wire';
import { createEngine, type Engine } from '../engine/engine';
import { createRouter } from '../transport/router';
import { version } from '../../package.json';

export { version };

/** How long the CLI waits for a running server to accept its connection. */
const CONNECT_TIMEOUT_MS = 5000;

/** Written by a running `serve` (or the desktop app) so the CLI talks to it instead of opening the database. */
const ServerFile = z.object({ pid: z.number().int(), port: z.number().int(), token: z.string(), url: z.string() });
export type ServerFile = z.infer<typeof ServerFile>;

export function serverFilePath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

export function writeServerFile(dataDir: string, info: ServerFile): () => void {
  const path = serverFilePath(dataDir);
  writeFileSync(path, JSON.stringify(info), { mode: 0o600 });
  return () => {
    try {
      const current = ServerFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (current.success && current.data.pid === process.pid) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
}

function runningServer(dataDir: string): ServerFile | undefined {
  const path = serverFilePath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const info = ServerFile.parse(JSON.parse(readFileSync(path, 'utf8')));
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

export interface Connection {
  client: ApiClient;
  /** 'remote' when talking to a running server, 'local' when the engine runs in this process. */
  via: 'remote' | 'local';
  engine?: Engine;
  close(): Promise<void>;
}

/** An API client for the CLI: the running server's when there is one (so its UI sees changes live), else an in-process engine. */
export async function connect(dataDir: string): Promise<Connection> {
  const server = runningServer(dataDir);
  if (server) {
    const { WebSocket } = await import('ws');
    // One attempt, no reconnect: a command fails clearly instead of waiting for a server.
    const client = createWsClient({
      url: webSocketUrl(`http://127.0.0.1:${server.port}`, server.token),
      WebSocket,
      reconnect: false,
      openTimeoutMs: CONNECT_TIMEOUT_MS,
      unauthorizedHint: `The server refused the token in ${serverFilePath(dataDir)}: restart it (or the desktop app) so it writes a fresh one.`,
    });
    try {
      await client.ready();
      return { client, via: 'remote', close: async () => client.close() };
    } catch {
      // Nothing answers: a stale server file (its pid now belongs to another process). Use a local engine.
    }
  }
  const engine = await createEngine({ dataDir, mode: 'cli', version });
  const router = createRouter(engine.handlers, engine.logger);
  const client: ApiClient = {
    call: async (method, input) => unwrapResult(await router.dispatch(method, input, { origin: 'cli' })),
    subscribe: (event, listener) => engine.bus.subscribe(event, listener),
  };
  return { client, via: 'local', engine, close: () => engine.close() };
}
