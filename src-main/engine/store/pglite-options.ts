import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

/**
 * What every embedded database of the app starts with. Postgres's default 128 MB of shared buffers
 * is resident memory for as long as the app runs; the app's working set is small, and 16 MB keeps
 * an idle PGlite near 180 MB instead of 310 MB.
 */
export const PGLITE_START_PARAMS: readonly string[] = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** PGlite options for a database in `dbDir` (in memory without), loading `seed` (a data directory tarball) when it is new. */
export function pgliteOptions(dbDir: string | undefined, seed?: Uint8Array) {
  return {
    ...(dbDir ? { dataDir: dbDir } : {}),
    extensions: { vector },
    startParams: [...PGLITE_START_PARAMS],
    ...(seed ? { loadDataDir: new Blob([seed]) } : {}),
  } satisfies PGliteOptions;
}
