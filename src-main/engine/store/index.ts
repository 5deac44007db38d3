import { openThreadedPglite } from './pglite-thread/open';
import { openPostgres } from './postgres';
import type { Store, StoreConfig } from './types';

export type { Db, Schema, Store, StoreConfig } from './types';
export { redactUrl } from './postgres';

/** PGlite on the calling thread (tests, tools), loaded only when asked for. */
const openPglite = async (dataDir: string | undefined) => (await import('./pglite')).openPglite(dataDir);

export function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'pglite':
      return config.thread === false ? openPglite(config.dataDir) : openThreadedPglite(config.dataDir);
    case 'pglite-memory':
      return config.thread ? openThreadedPglite(undefined) : openPglite(undefined);
    case 'postgres':
      return openPostgres(config.url, config.maxConnections);
  }
}
