import { setFlagsFromString } from 'node:v8';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

/**
 * Added to PGlite's own start parameters for every embedded database of the app. Postgres's default
 * 128 MB of shared buffers stay resident for as long as the app runs; the app's working set is
 * small, and 16 MB keeps an idle PGlite near 180 MB instead of 310 MB.
 */
export const PGLITE_EXTRA_START_PARAMS: readonly string[] = ['-c', 'shared_buffers=16MB'];

/**
 * PGlite options for a database in `dbDir` (in memory without), loading `seed` (a data directory
 * tarball) when it is new. PGlite is imported here, on first use: with the database in its own
 * thread, the engine's thread never loads it.
 */
export async function pgliteOptions(
  dbDir: string | undefined,
  seed?: Uint8Array,
): Promise<PGliteOptions> {
  const [{ PGlite }, { vector }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-pgvector'),
  ]);
  return {
    ...(dbDir ? { dataDir: dbDir } : {}),
    extensions: { vector },
    startParams: [...PGlite.defaultStartParams, ...PGLITE_EXTRA_START_PARAMS],
    ...(seed ? { loadDataDir: new Blob([seed]) } : {}),
  };
}

/** A PGlite instance with pgvector, in `dbDir` or in memory; a new one loads `seed` (see pglite-seed.ts) instead of running initdb. */
export async function createPglite(dbDir: string | undefined, seed?: Uint8Array) {
  // V8 recompiles a WebAssembly function with its optimising compiler once it has run for a while
  // (its tiering budget). Postgres's start-up code runs just long enough to be recompiled, and then
  // never again: 200 ms of CPU on every open, most of a short command's database time. A budget
  // ~30 times V8's default leaves start-up code to the baseline compiler; the hot query code of a
  // long-running engine is still optimised. (Process-wide; PGlite is the only WebAssembly here.)
  setFlagsFromString('--wasm-tiering-budget=50000000');
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create(await pgliteOptions(dbDir, seed));
}

/** Checkpoints an on-disk database (so the next start replays nothing) and closes it. */
export async function closePglite(db: PGlite, dbDir: string | undefined): Promise<void> {
  if (dbDir) await db.exec('CHECKPOINT');
  await db.close();
}
