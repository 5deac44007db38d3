import { afterAll, beforeAll, describe } from 'vitest';
import { openStore, type Store } from '../../src-main/engine/store/index';
import { startPgServer } from './pg-server';

export interface StoreDriver {
  name: 'pglite' | 'pg';
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

export const storeDrivers: StoreDriver[] = [
  {
    name: 'pglite',
    async open() {
      const store = await openStore({ kind: 'pglite-memory' });
      return { store, dispose: () => store.close() };
    },
  },
  {
    name: 'pg',
    async open() {
      const server = await startPgServer();
      const store = await openStore({ kind: 'postgres', url: server.url, maxConnections: 4 });
      return {
        store,
        async dispose() {
          await store.close();
          await server.stop();
        },
      };
    },
  },
];

/**
 * Runs a suite once per database driver: embedded PGlite in-process, and the `pg` driver over
 * the real Postgres wire protocol. Each suite gets a fresh, migrated database.
 */
export function describeStores(name: string, suite: (ctx: { store: () => Store; driver: StoreDriver['name'] }) => void): void {
  describe.each(storeDrivers)(`${name} [$name]`, (driver) => {
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
