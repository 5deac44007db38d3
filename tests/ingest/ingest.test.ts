import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDocumentParser } from '../../src-main/engine/rag/parse/parser';
import { describeStores, type StoreSuiteContext } from '../helpers/stores';
import { ingestHarness, type IngestHarness } from './harness';
import { ingestSuite } from './ingest-suite';
import { querySuite } from './query-suite';
import type { Suite } from './suite';
import { watchSuite } from './watch-suite';

// One parser (one warm worker process) and one ingestion stack per driver serve every part.
const parser = createDocumentParser({ workers: 1, idleMs: 10 * 60_000 });
const root = mkdtempSync(join(tmpdir(), 'af-ingest-'));
afterAll(async () => {
  await parser.close();
  rmSync(root, { recursive: true, force: true });
});

function ingestion({ store, driver }: StoreSuiteContext): void {
  let h: IngestHarness | undefined;
  beforeAll(async () => {
    h = await ingestHarness(store().db, { parser });
  });
  afterAll(async () => {
    await h?.close();
  });
  const suite: Suite = {
    h: () => h!,
    store,
    driver,
    folder(name) {
      const dir = join(root, driver, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
  ingestSuite(suite);
  querySuite(suite);
  watchSuite(suite);
}

// The `pg` driver on ONE connection: see StoreDriverOptions.maxConnections.
describeStores('RAG ingestion', ingestion, { maxConnections: 1 });
