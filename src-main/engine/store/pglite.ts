import type { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { AppError } from '@shared/errors';
import { lockDataDir } from './lock';
import { MIGRATIONS_TABLE, migrationsFolder } from './migrate';
import { closePglite, createPglite, pgliteDescription, pgliteOpenFailed, seedDatabase } from './pglite-client';
import * as schema from './schema/index';
import type { Db, Store } from './types';

/**
 * Embedded Postgres (PGlite + pgvector) on the calling thread, persisted in `<dataDir>/db` or in
 * memory. Every statement blocks the event loop while it runs: the app uses `openThreadedPglite`;
 * this one is for tests and tools that want the fastest in-process database.
 */
export async function openPglite(dataDir: string | undefined): Promise<Store> {
  const { release, dbDir } = lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await createPglite(dbDir, seedDatabase(dbDir));
  } catch (cause) {
    release();
    throw pgliteOpenFailed(dbDir, cause);
  }
  const orm = drizzle({ client, schema, casing: 'snake_case' });
  try {
    await migrate(orm, { migrationsFolder: migrationsFolder(), ...MIGRATIONS_TABLE });
  } catch (cause) {
    await client.close().catch(() => {});
    release();
    throw new AppError('STORAGE', `Database migration failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  let closing: Promise<void> | undefined;
  return {
    db: orm as unknown as Db,
    kind: 'pglite',
    description: pgliteDescription(dbDir),
    async ping() {
      await client.query('select 1');
    },
    close() {
      closing ??= (async () => {
        try {
          await closePglite(client, dbDir);
        } finally {
          release();
        }
      })();
      return closing;
    },
  };
}
