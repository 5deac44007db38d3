import { MessageChannel } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPglite } from '../pglite-client';
import { openStore } from '../index';
import { queryRows } from '../query';
import type { Store } from '../types';
import { serveConnection } from './connection';
import { PortSocket } from './port-socket';
import { SessionQueue } from './session-queue';

describe('PGlite in its own thread', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ kind: 'pglite-memory', thread: true });
  });
  afterAll(() => store?.close());

  it('keeps the event loop free while a statement runs', async () => {
    let timerFiredFirst: boolean | undefined;
    let done = false;
    const query = queryRows(store.db, sql`select pg_sleep(1.5)`).then(() => (done = true));
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        timerFiredFirst = !done;
        resolve();
      }, 100),
    );
    await query;
    // On the engine's thread the timer could only fire after the 1.5 s statement returned.
    expect(timerFiredFirst).toBe(true);
  });

  it('runs pgvector, parameters and transactions over the pg driver', async () => {
    await store.db.execute(sql`create table notes (id int primary key, v vector(2))`);
    await store.db.transaction(async (tx) => {
      await tx.execute(sql`insert into notes values (${1}, ${'[1,0]'})`);
      await tx.execute(sql`insert into notes values (${2}, ${'[0,1]'})`);
    });
    await expect(
      store.db.transaction(async (tx) => {
        await tx.execute(sql`insert into notes values (${3}, ${'[1,1]'})`);
        await tx.execute(sql`insert into notes values (${1}, ${'[1,1]'})`); // duplicate key
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/duplicate key/) } });
    const rows = await queryRows<{ id: number }>(store.db, sql`select id from notes order by v <=> '[1,0.1]' limit 2`);
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it('reports SQL errors as errors, and keeps working after them', async () => {
    await expect(store.db.execute(sql`select * from no_such_table`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/no_such_table/) },
    });
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('SessionQueue (several connections on one PGlite session)', () => {
  it('never runs one connection’s statement inside another’s open transaction', async () => {
    const db = await createPglite(undefined);
    const queue = new SessionQueue(db);
    let nextId = 1;
    // The same wiring as the PGlite thread, in this thread: each pg client gets its own port.
    const connect = () => {
      const { port1, port2 } = new MessageChannel();
      serveConnection(db, queue, nextId++, port2);
      return port1;
    };
    const client = () => new pg.Client({ user: 'postgres', database: 'postgres', stream: () => new PortSocket(connect) });
    const a = client();
    const b = client();
    await a.connect();
    await b.connect();
    await a.query('create table t (v text)');
    await a.query('begin');
    await a.query(`insert into t values ('a')`);
    // b's insert must wait for a's transaction to end instead of joining it.
    const bInsert = b.query(`insert into t values ('b')`);
    await new Promise((r) => setTimeout(r, 200));
    await a.query('rollback');
    await bInsert;
    expect((await b.query('select v from t')).rows).toEqual([{ v: 'b' }]);

    // A connection that goes away mid-transaction is rolled back and frees the session.
    await a.query('begin');
    await a.query(`insert into t values ('lost')`);
    await a.end();
    expect((await b.query('select v from t order by v')).rows).toEqual([{ v: 'b' }]);
    await b.end();
    await db.close();
  });
});
