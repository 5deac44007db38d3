import { afterAll, beforeAll, describe } from 'vitest';
import { openStore, type Store } from '../../src-main/engine/store/index';
import { startPgServer } from '../helpers/pg-server';
import { storeDrivers, type StoreDriver } from '../helpers/stores';

/**
 * `describeStores` for the ingestion suites, with the `pg` driver on ONE connection. The test pg
 * server (PGlite behind pglite-socket) runs every connection on a single session and interleaves
 * their protocol messages, so the concurrent queries of a working ingestion queue (claims,
 * heartbeats, writes, the test's own polling) from several pooled connections can run inside each
 * other's transactions there. One connection serialises them; a real Postgres needs no such care.
 */
const drivers: StoreDriver[] = storeDrivers.map((driver) =>
  driver.name !== 'pg'
    ? driver
    : {
        name: 'pg',
        async open() {
          const server = await startPgServer();
          const store = await openStore({ kind: 'postgres', url: server.url, maxConnections: 1 });
          return {
            store,
            async dispose() {
              await store.close();
              await server.stop();
            },
          };
        },
      },
);

export function describeIngestStores(name: string, suite: (ctx: { store: () => Store; driver: StoreDriver['name'] }) => void): void {
  describe.each(drivers)(`${name} [$name]`, (driver) => {
    let opened: Awaited<ReturnType<StoreDriver['open']>> | undefined;
    beforeAll(async () => {
      opened = await driver.open();
    });
    afterAll(async () => {
      await opened?.dispose();
    });
    suite({
      driver: driver.name,
      store: () => {
        if (!opened) throw new Error('store not opened');
        return opened.store;
      },
    });
  });
}
