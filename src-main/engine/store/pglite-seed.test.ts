import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './index';
import { MIGRATIONS_TABLE, migrationsFolder } from './migrate';
import { createPglite } from './pglite-options';
import { findSeed, isNewDatabase, plantSeed, seedFileName, writeSeed } from './pglite-seed';
import { queryRows } from './query';

/** Everything a migration decides: tables and columns, indexes, constraints, extensions and the migrations applied. */
async function schemaOf(db: PGlite) {
  const rows = async (text: string) => (await db.query(text)).rows;
  return {
    columns:
      await rows(`select table_name, column_name, data_type, udt_name, is_nullable, column_default
      from information_schema.columns where table_schema = 'public' order by table_name, column_name`),
    indexes: await rows(
      `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname`,
    ),
    constraints:
      await rows(`select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as def
      from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`),
    extensions: await rows(`select extname, extversion from pg_extension order by extname`),
    migrations: await rows(
      `select hash, created_at from ${MIGRATIONS_TABLE.migrationsTable} order by id`,
    ),
  };
}

describe('pre-initialised database (seed)', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'af-seed-'));
  const seeds = join(root, 'seeds');
  let seedPath: string;

  beforeAll(async () => {
    seedPath = await writeSeed(migrationsFolder(), seeds, join(root, 'cache'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is named for the migrations it holds: a changed migration names (and so needs) another seed', () => {
    expect(basename(seedPath)).toBe(seedFileName(migrationsFolder()));
    const changed = join(root, 'migrations');
    cpSync(migrationsFolder(), changed, { recursive: true });
    const sqlFile = readdirSync(changed).find((f) => f.endsWith('.sql'))!;
    appendFileSync(join(changed, sqlFile), '\n-- changed\n');
    expect(seedFileName(changed)).not.toBe(seedFileName(migrationsFolder()));
    expect(findSeed(changed, [seeds])).toBeUndefined();
    expect(findSeed(migrationsFolder(), [seeds])).toBeInstanceOf(Uint8Array);
  });

  it('is made once and then reused, from the build cache too', async () => {
    const made = statSync(seedPath).mtimeMs;
    expect(await writeSeed(migrationsFolder(), seeds)).toBe(seedPath);
    expect(statSync(seedPath).mtimeMs).toBe(made);
    const again = join(root, 'from-cache');
    const copied = await writeSeed(migrationsFolder(), again, join(root, 'cache'));
    expect(readdirSync(again)).toEqual([basename(seedPath)]);
    expect(statSync(copied).size).toBe(statSync(seedPath).size);
  });

  it('gives the same schema as running initdb and every migration', async () => {
    const migrated = await createPglite(undefined);
    const seeded = await createPglite(undefined, findSeed(migrationsFolder(), [seeds]));
    try {
      await migrate(drizzle({ client: migrated }), {
        migrationsFolder: migrationsFolder(),
        ...MIGRATIONS_TABLE,
      });
      const expected = await schemaOf(migrated);
      expect(expected.migrations.length).toBeGreaterThan(5);
      expect(await schemaOf(seeded)).toEqual(expected);
    } finally {
      await migrated.close();
      await seeded.close();
    }
  });

  it('writes a new data folder the store opens as is, with nothing left to migrate and data kept', async () => {
    const dataDir = join(root, 'data');
    const dbDir = join(dataDir, 'db');
    // An empty db folder, as a start that failed before initdb leaves it.
    mkdirSync(dbDir, { recursive: true });
    expect(isNewDatabase(dbDir)).toBe(true);
    expect(plantSeed(dbDir, findSeed(migrationsFolder(), [seeds])!)).toBe(true);
    expect(isNewDatabase(dbDir)).toBe(false);
    expect(readdirSync(dataDir)).toEqual(['db']);

    const journal = JSON.parse(
      readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8'),
    ) as {
      entries: unknown[];
    };
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      // Every migration was in the seed: the store's own migration run added none.
      expect(
        await queryRows(
          store.db,
          sql.raw(`select count(*)::int as n from ${MIGRATIONS_TABLE.migrationsTable}`),
        ),
      ).toEqual([{ n: journal.entries.length }]);
      await store.db.execute(
        sql`insert into agents (id, name, model) values ('agt_seeded', 'Seeded', '{"provider":"ollama","model":"m"}'::jsonb)`,
      );
    } finally {
      await store.close();
    }
    const reopened = await openStore({ kind: 'pglite', dataDir });
    try {
      expect(
        await queryRows(reopened.db, sql`select name from agents where id = 'agt_seeded'`),
      ).toEqual([{ name: 'Seeded' }]);
    } finally {
      await reopened.close();
    }
  });

  it('leaves a database folder that already holds files to PGlite', () => {
    const dbDir = join(root, 'leftovers');
    mkdirSync(dbDir);
    writeFileSync(join(dbDir, 'postmaster.pid'), '');
    expect(plantSeed(dbDir, findSeed(migrationsFolder(), [seeds])!)).toBe(false);
    expect(readdirSync(dbDir)).toEqual(['postmaster.pid']);
  });
});
