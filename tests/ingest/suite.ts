import type { Store } from '../../src-main/engine/store/index';
import type { IngestHarness } from './harness';

/** What each part of the ingestion e2e suite gets: one harness per database driver, shared. */
export interface Suite {
  h(): IngestHarness;
  store(): Store;
  driver: 'pglite' | 'pg';
  /** A fresh folder for this driver's files (created). */
  folder(name: string): string;
}
