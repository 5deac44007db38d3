import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStores } from '../../../tests/helpers/stores';
import { openStore } from './index';
import { queryRows } from './query';

describeStores('store', ({ store }) => {
  it('runs the migrations, with pgvector available', async () => {
    const rows = await queryRows(store().db, sql`select extname from pg_extension where extname = 'vector'`);
    expect(rows).toHaveLength(1);
    const [cos] = await queryRows<{ d: number }>(store().db, sql`select '[1,0]'::vector <=> '[0,1]'::vector as d`);
    expect(Number(cos?.d)).toBeCloseTo(1);
  });

  it('answers ping', async () => {
    await expect(store().ping()).resolves.toBeUndefined();
  });
});

describe('embedded database folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'af-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second open of the same folder, and reopens after close with data kept', async () => {
    const first = await openStore({ kind: 'pglite', dataDir: dir });
    await first.db.execute(sql`create table kept (v text)`);
    await first.db.execute(sql`insert into kept values ('hello')`);
    await expect(openStore({ kind: 'pglite', dataDir: dir })).rejects.toMatchObject({ code: 'CONFLICT' });
    await first.close();
    await first.close();
    const second = await openStore({ kind: 'pglite', dataDir: dir });
    const rows = await queryRows(second.db, sql`select v from kept`);
    expect(rows).toEqual([{ v: 'hello' }]);
    await second.close();
  });

  it('gives a typed, actionable error when Postgres is unreachable', async () => {
    await expect(
      openStore({ kind: 'postgres', url: 'postgres://u:secret@127.0.0.1:1/db' }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.not.stringContaining('secret') });
  });
});
