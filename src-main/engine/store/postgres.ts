import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { AppError } from '@shared/errors';
import { MIGRATIONS_TABLE, migrationsFolder } from './migrate';
import * as schema from './schema/index';
import type { Db, Store } from './types';

/** Any key of Postgres's advisory-lock space; serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 0x4146_0001;

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** A `pg` pool to any Postgres / Supabase URL (pgvector must be available there). */
export async function openPostgres(url: string, maxConnections = 10): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, connectionTimeoutMillis: 10_000 });
  const description = `Postgres (${redactUrl(url)})`;
  await migratePool(pool, description, {
    connectHint: 'Check DATABASE_URL (host, port, password) and that the server is running — `docker compose up -d db` starts one.',
    migrateHint: 'The database needs the pgvector extension (Supabase images have it).',
  });
  return storeOverPool(pool, 'postgres', description);
}

/**
 * Connects a pool and applies the migrations under an advisory lock (several engines may start
 * against one database at once). Ends the pool and throws a typed error when either fails.
 */
export async function migratePool(
  pool: pg.Pool,
  description: string,
  hints: { connectHint: string; migrateHint?: string },
): Promise<void> {
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new AppError('UNAVAILABLE', `Cannot connect to ${description}.`, { hint: hints.connectHint, cause });
  }
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle({ client, schema, casing: 'snake_case' }), { migrationsFolder: migrationsFolder(), ...MIGRATIONS_TABLE });
  } catch (cause) {
    client.release();
    await pool.end().catch(() => {});
    throw new AppError('STORAGE', `Database migration failed on ${description}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      ...(hints.migrateHint ? { hint: hints.migrateHint } : {}),
      cause,
    });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
  }
  client.release();
}

/** A Store over a migrated pool; `afterEnd` runs once the pool has ended (on close). */
export function storeOverPool(
  pool: pg.Pool,
  kind: Store['kind'],
  description: string,
  afterEnd: () => Promise<void> = async () => {},
): Store {
  const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    description,
    async ping() {
      await pool.query('select 1');
    },
    close() {
      closing ??= pool.end().finally(afterEnd);
      return closing;
    },
  };
}
