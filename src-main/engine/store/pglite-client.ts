import { AppError } from '@shared/errors';

export { closePglite, createPglite } from './pglite-options';
export { seedDatabase } from './pglite-seed';

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
