import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Store, StoreConfig } from './types';

export type { Db, Schema, Store, StoreConfig } from './types';
export { redactUrl } from './postgres';

export function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'pglite':
      return openPglite(config.dataDir);
    case 'pglite-memory':
      return openPglite(undefined);
    case 'postgres':
      return openPostgres(config.url, config.maxConnections);
  }
}
