import { PGlite } from '@electric-sql/pglite';
import { AppError } from '@shared/errors';
import { pgliteOptions } from './pglite-options';
import { findSeed, isNewDatabase } from './pglite-seed';
import { migrationsFolder } from './migrate';

/** A PGlite instance with pgvector, in `dbDir` or in memory; a new one loads `seed` (see pglite-seed.ts) instead of running initdb. */
export function createPglite(dbDir: string | undefined, seed?: Uint8Array): Promise<PGlite> {
  return PGlite.create(pgliteOptions(dbDir, seed));
}

/** The seed for a database that has yet to be made in `dbDir` (or in memory), when the build made one. */
export function seedFor(dbDir: string | undefined): Uint8Array | undefined {
  return dbDir && !isNewDatabase(dbDir) ? undefined : findSeed(migrationsFolder());
}

/** Checkpoints an on-disk database (so the next start replays nothing) and closes it. */
export async function closePglite(db: PGlite, dbDir: string | undefined): Promise<void> {
  if (dbDir) await db.exec('CHECKPOINT');
  await db.close();
}

/** How an embedded database is described to the user. */
export function pgliteDescription(dbDir: string | undefined): string {
  return dbDir ? `PGlite (${dbDir})` : 'PGlite (in memory)';
}

/** The error for an embedded database that would not open. */
export function pgliteOpenFailed(dbDir: string | undefined, cause: unknown): AppError {
  return new AppError('STORAGE', `Could not open the embedded database in ${dbDir ?? 'memory'}.`, {
    hint: 'If it was damaged, move the db folder aside and restart; Agent Factory will create a new one.',
    cause,
  });
}
