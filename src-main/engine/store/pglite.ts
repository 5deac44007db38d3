import type { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { AppError } from '@shared/errors';
import { lockDataDir } from './lock';
import { MIGRATIONS_TABLE, migrationsFolder } from './migrate';
import { createPglite } from './pglite-client';
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
    client = await createPglite(dbDir);
  } catch (cause) {
    release();
    throw new AppError('STORAGE', `Could not open the embedded database in ${dbDir ?? 'memory'}.`, {
      hint: 'If it was damaged, move the db folder aside and restart; Agent Factory will create a new one.',
      cause,
    });
  }
  const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
  try {
    await migrate(drizzle({ client, schema, casing: 'snake_case' }), { migrationsFolder: migrationsFolder(), ...MIGRATIONS_TABLE });
  } catch (cause) {
    await client.close().catch(() => {});
    release();
    throw new AppError('STORAGE', `Database migration failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  let closing: Promise<void> | undefined;
  return {
    db,
    kind: 'pglite',
    description: dbDir ? `PGlite (${dbDir})` : 'PGlite (in memory)',
    async ping() {
      await client.query('select 1');
    },
    close() {
      closing ??= (async () => {
        try {
          if (dbDir) await client.exec('CHECKPOINT');
          await client.close();
        } finally {
          release();
        }
      })();
      return closing;
    },
  };
}
