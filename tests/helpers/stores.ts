import { afterAll, beforeAll, describe } from 'vitest';
import { openStore, type Store } from '../../src-main/engine/store/index';
import { startPgServer } from './pg-server';

export interface StoreDriver {
  name: 'pglite' | 'pg';
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

export interface StoreDriverOptions {
  /**
   * Pool size of the `pg` driver (default 4). The test pg server (PGlite behind pglite-socket)
   * runs every connection on a single session and interleaves their protocol messages, so suites
   * whose concurrent queries must not run inside each other's transactions (a working ingestion
   * queue: claims, heartbeats, writes, the test's own polling) ask for 1. A real Postgres needs no
   * such care.
   */
  maxConnections?: number;
}

export interface StoreSuiteContext {
  store: () => Store;
  driver: StoreDriver['name'];
}

export function storeDrivers(options: StoreDriverOptions = {}): StoreDriver[] {
  const maxConnections = options.maxConnections ?? 4;
  return [
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
        const store = await openStore({ kind: 'postgres', url: server.url, maxConnections });
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
}

/**
 * Runs a suite once per database driver: embedded PGlite in-process, and the `pg` driver over
 * the real Postgres wire protocol. Each suite gets a fresh, migrated database.
 */
export function describeStores(
  name: string,
  suite: (ctx: StoreSuiteContext) => void,
  options: StoreDriverOptions = {},
): void {
  describe.each(storeDrivers(options))(`${name} [$name]`, (driver) => {
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
