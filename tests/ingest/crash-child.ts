/**
 * Child process of crash.test.ts: ingests a folder into a knowledge base in a PGlite data folder
 * with the deterministic bag-of-words embedder, printing one JSON line per event:
 *   {"job": id}                         the job was queued (first run only)
 *   {"ack": path, "documentId", "chunks"}  a file was acknowledged as ingested
 *   {"done": job}                       every job finished (then the process exits)
 *
 *   node --import tsx tests/ingest/crash-child.ts <dataDir> <folder> start|resume
 */
import { createBus } from '../../src-main/engine/bus/bus';
import { createDocumentParser } from '../../src-main/engine/rag/parse/parser';
import { IngestService } from '../../src-main/engine/rag/ingest/index';
import { KnowledgeBaseService } from '../../src-main/engine/rag/kb/index';
import { createVectorStores } from '../../src-main/engine/rag/store/index';
import { openStore } from '../../src-main/engine/store/index';
import { BAG_OF_WORDS, countingEmbedders } from './harness';

const [dataDir, folder, mode] = process.argv.slice(2);
if (!dataDir || !folder || (mode !== 'start' && mode !== 'resume')) throw new Error('usage: crash-child.ts <dataDir> <folder> start|resume');

const line = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

const store = await openStore({ kind: 'pglite', dataDir });
const bus = createBus();
const embedders = countingEmbedders({ calls: 0, texts: [] });
const stores = createVectorStores({ db: store.db });
const kb = new KnowledgeBaseService({ db: store.db, bus, stores, embedders });
const parser = createDocumentParser({ workers: 1 });
const ingest = new IngestService({ db: store.db, bus, kb, stores, embedders, parser, processor: { concurrency: 2, batchSize: 16, pollMs: 100 } });
bus.subscribe('kb.ingest.progress', (e) => {
  if (e.file?.status === 'done') line({ ack: e.file.path, documentId: e.file.documentId, chunks: e.file.chunks });
});

if (mode === 'start') {
  const base = await kb.create({ name: 'Crash test', embedder: BAG_OF_WORDS });
  await ingest.start();
  line({ job: (await ingest.ingest(base.id, [folder])).id });
} else {
  await ingest.start();
}
const active = [...(await ingest.jobs({ status: 'pending' })), ...(await ingest.jobs({ status: 'running' }))];
for (const job of active) line({ done: await ingest.waitFor(job.id) });
await ingest.close();
await parser.close();
await stores.close();
await store.close();
