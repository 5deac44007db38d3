// The embedded database's thread: PGlite (Postgres compiled to WebAssembly) runs every statement
// synchronously, so it lives here instead of on the engine's event loop. The engine talks to it
// with the ordinary `pg` driver over the Postgres wire protocol, each connection a MessagePort
// (no socket file, no TCP port: nothing outside this process can reach the database).
import { parentPort } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { workerInput } from '../../workers/input';
import { closePglite, createPglite } from '../pglite-options';
import type { HostMessage, ThreadInput, WorkerMessage } from './messages';
import { serveConnection } from './connection';
import { SessionQueue } from './session-queue';

const port = parentPort;
if (!port) throw new Error('The PGlite thread must run in a worker thread.');
const { dbDir, seed } = workerInput() as ThreadInput;
const send = (message: WorkerMessage) => port.postMessage(message);

async function main(): Promise<void> {
  let db: PGlite;
  try {
    db = await createPglite(dbDir, seed);
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const queue = new SessionQueue(db);
  let nextId = 1;
  port!.on('message', (message: HostMessage) => {
    if (message.type === 'connect') serveConnection(db, queue, nextId++, message.port);
    else if (message.type === 'close') {
      void (async () => {
        await queue.whenIdle();
        try {
          await closePglite(db, dbDir);
          send({ type: 'closed' });
        } catch (error) {
          send({ type: 'closed', error: error instanceof Error ? error.message : String(error) });
        }
      })();
    }
  });
  send({ type: 'ready' });
}

await main();
