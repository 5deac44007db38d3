import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ChromaServerManager } from '../../src-main/engine/rag/store/index';
import { describeStores } from '../helpers/stores';
import { vectorStoreContract } from './contract.suite';
import { pgvectorSuite } from './pgvector.suite';
import { knowledgeBaseSuite } from './service.suite';

// One real local Chroma server and one database per driver serve every suite of this folder.
let tmp: string;
let chroma: ChromaServerManager;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'af-rag-store-'));
  chroma = new ChromaServerManager({ path: join(tmp, 'chroma') });
  await chroma.start();
});

afterAll(async () => {
  await chroma?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describeStores('rag store', ({ store, driver }) => {
  const ctx = {
    store,
    driver,
    chromaUrl: () => {
      if (!chroma.url) throw new Error('Chroma is not running');
      return chroma.url;
    },
  };
  vectorStoreContract(ctx);
  pgvectorSuite(ctx);
  knowledgeBaseSuite(ctx);
});
