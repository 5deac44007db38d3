import type { MessagePort } from 'node:worker_threads';

/** What the PGlite thread is started with. */
export interface ThreadInput {
  /** The database folder; undefined for an in-memory database. */
  dbDir?: string;
  /** A new database's pre-initialised data directory (pglite-seed.ts), read by the host. */
  seed?: Uint8Array;
}

/** Engine → PGlite thread. */
export type HostMessage =
  /** A new wire-protocol connection; the thread answers on this port. */
  | { type: 'connect'; port: MessagePort }
  /** Checkpoint and close the database once the running statement is done. */
  | { type: 'close' };

/** PGlite thread → engine. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'closed'; error?: string };
