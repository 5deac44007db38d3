import type { PGlite } from '@electric-sql/pglite';
import { AppError } from '@shared/errors';

export { createPglite } from './pglite-options';
export { seedFor } from './pglite-seed';

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
