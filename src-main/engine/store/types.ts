import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index';

export type Schema = typeof schema;
/** The database handle every repository uses, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type StoreConfig =
  /** `thread` (default true): PGlite runs in its own thread, off the engine's event loop. */
  | { kind: 'pglite'; dataDir: string; thread?: boolean }
  /** In memory; on the calling thread unless `thread` is true. */
  | { kind: 'pglite-memory'; thread?: boolean }
  | { kind: 'postgres'; url: string; maxConnections?: number };

export interface Store {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** A description safe to show (no password). */
  readonly description: string;
  ping(): Promise<void>;
  /** Checkpoints (PGlite) and closes; safe to call twice. */
  close(): Promise<void>;
}
