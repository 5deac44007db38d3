import { MessageChannel } from 'node:worker_threads';
import pg from 'pg';
import { AppError } from '@shared/errors';
import { defineWorkerScript, spawnWorker, type WorkerHandle } from '../../workers/spawn';
import { lockDataDir } from '../lock';
import { pgliteDescription, pgliteOpenFailed, seedDatabase } from '../pglite-client';
import { migratePool, storeOverPool } from '../postgres';
import type { Store } from '../types';
import type { HostMessage, ThreadInput, WorkerMessage } from './messages';
import { PortSocket } from './port-socket';

const pgliteThread = defineWorkerScript('pglite', import.meta.url, './worker', () => import('./worker?modulePath'));

const RESTART_HINT = 'Restart Agent Factory. If it happens again, run `agent-factory doctor` and see the log.';

/** Starts the PGlite thread and waits until its database is open. */
async function startThread(input: ThreadInput): Promise<{ worker: WorkerHandle; ended: () => string | undefined; closed: Promise<WorkerMessage> }> {
  const worker = await spawnWorker(pgliteThread, { isolation: 'thread', data: input });
  let endReason: string | undefined;
  let onClosed: (m: WorkerMessage) => void = () => {};
  const closed = new Promise<WorkerMessage>((resolve) => (onClosed = resolve));
  const ready = new Promise<void>((resolve, reject) => {
    worker.onMessage((raw) => {
      const message = raw as WorkerMessage;
      if (message.type === 'ready') resolve();
      else if (message.type === 'failed') reject(new Error(message.message));
      else if (message.type === 'closed') onClosed(message);
    });
    worker.onEnd((end) => {
      endReason = end.message;
      reject(new Error(end.message));
      onClosed({ type: 'closed', error: end.message });
    });
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return { worker, ended: () => endReason, closed };
}

/**
 * Embedded Postgres (PGlite + pgvector) in its own thread, persisted in `<dataDir>/db` (or in
 * memory without a data dir). PGlite runs each statement synchronously: on the engine's thread a
 * bulk write or an HNSW insert would freeze every WebSocket, IPC call and timer for as long. The
 * engine reaches it with the same `pg` driver as any Postgres, over an in-process channel, one
 * connection at a time (PGlite is a single session).
 */
export async function openThreadedPglite(dataDir: string | undefined): Promise<Store> {
  const { release, dbDir } = lockDataDir(dataDir);
  const description = pgliteDescription(dbDir);
  let thread: Awaited<ReturnType<typeof startThread>>;
  try {
    const seed = seedDatabase(dbDir);
    thread = await startThread({ ...(dbDir ? { dbDir } : {}), ...(seed ? { seed } : {}) });
  } catch (cause) {
    release();
    throw pgliteOpenFailed(dbDir, cause);
  }
  const { worker, ended, closed } = thread;
  const openPort = () => {
    const reason = ended();
    if (reason) throw new AppError('STORAGE', `The embedded database stopped: ${reason}.`, { hint: RESTART_HINT });
    const { port1, port2 } = new MessageChannel();
    const message: HostMessage = { type: 'connect', port: port2 };
    worker.post(message, [port2]);
    return port1;
  };
  const pool = new pg.Pool({
    // One connection: PGlite is one session, so more would only queue inside the thread.
    max: 1,
    user: 'postgres',
    database: 'postgres',
    stream: () => new PortSocket(openPort),
    connectionTimeoutMillis: 30_000,
  });
  const shutDown = async () => {
    if (!ended()) {
      const message: HostMessage = { type: 'close' };
      worker.post(message);
      await closed;
    }
    await worker.terminate();
    release();
  };
  try {
    await migratePool(pool, description, { connectHint: RESTART_HINT });
  } catch (error) {
    await shutDown();
    throw error;
  }
  return storeOverPool(pool, 'pglite', description, shutDown);
}
