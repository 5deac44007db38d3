// RAG ingestion pipeline: parse-and-chunk throughput, embedding-excluded ingestion rate into the
// embedded default store (PGlite + pgvector on disk) and into Chroma, and the main process's
// event-loop lag while ingesting. Run: npx tsx bench/rag-ingest.ts   (needs `node scripts/fetch-model.mjs` first)
// Options: --files <n> (default 300), --kb <n> kilobytes per file (default 8), --in-process,
// --stores pgvector,chroma.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createBus } from '../src-main/engine/bus/bus';
import { createDocumentParser, localTokenizerSpec, type Embedder } from '../src-main/engine/rag/index';
import { IngestService } from '../src-main/engine/rag/ingest/index';
import { KbEmbedders, KnowledgeBaseService } from '../src-main/engine/rag/kb/index';
import { createVectorStores } from '../src-main/engine/rag/store/index';
import { openStore } from '../src-main/engine/store/index';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const fileCount = arg('files', 300);
const fileBytes = arg('kb', 8) * 1024;
/** `--in-process`: PGlite on the engine's thread, as before it moved to its own (for comparison). */
const inProcess = process.argv.includes('--in-process');
/** `--stores pgvector,chroma` (default both). */
const storesArg = process.argv.indexOf('--stores');
const storeKinds = (storesArg > 0 ? (process.argv[storesArg + 1] ?? '') : 'pgvector,chroma').split(',') as Array<'pgvector' | 'chroma'>;

const WORDS = 'agent retrieval document vector index search answer context model token chunk parse embed worker page heading'.split(' ');
let seed = 7;
const word = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return WORDS[seed % WORDS.length] as string;
};
const paragraph = () => Array.from({ length: 4 }, () => `${Array.from({ length: 8 + (seed % 12) }, word).join(' ')}.`).join(' ');

function writeFiles(dir: string): number {
  mkdirSync(dir, { recursive: true });
  let total = 0;
  for (let i = 0; i < fileCount; i++) {
    const ext = ['md', 'txt', 'html'][i % 3]!;
    const parts: string[] = [];
    for (let size = 0, j = 0; size < fileBytes; j++) {
      const p = paragraph();
      parts.push(ext === 'html' ? `${j % 4 === 0 ? `<h2>Part ${j}</h2>` : ''}<p>${p}</p>` : `${ext === 'md' && j % 4 === 0 ? `## Part ${j}\n\n` : ''}${p}\n\n`);
      size += p.length;
    }
    const body = ext === 'html' ? `<html><body><article><h1>File ${i}</h1>${parts.join('')}</article></body></html>` : parts.join('');
    writeFileSync(join(dir, `doc-${i}.${ext}`), body);
    total += Buffer.byteLength(body);
  }
  return total;
}

/** Stands in for the local model (same identity, so chunks are measured with its tokenizer) but costs nothing. */
const freeEmbedder: Embedder = {
  id: 'local:q4',
  model: 'all-MiniLM-L6-v2',
  dimensions: 384,
  embed: async (texts) => texts.map((_, i) => Float32Array.from({ length: 384 }, (__, j) => ((i + j) % 7) - 3)),
};

const ms = (ns: number) => (ns / 1e6).toFixed(1);

/** Runs `fn` while a monitor samples the event loop's delay every 5 ms. */
async function withLag<T>(fn: () => Promise<T>) {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const started = performance.now();
  const result = await fn();
  const seconds = (performance.now() - started) / 1000;
  lag.disable();
  return { result, seconds, lag };
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'af-bench-ingest-'));
  const dir = join(root, 'docs');
  const bytes = writeFiles(dir);
  const rows: Array<[string, string]> = [];
  rows.push(['corpus', `${fileCount} files (md/txt/html), ${(bytes / 1024 / 1024).toFixed(2)} MB`]);

  // 1. Parse and chunk in the worker processes, two files at a time (as ingestion does).
  const parser = createDocumentParser({ workers: 2 });
  const names = Array.from({ length: fileCount }, (_, i) => join(dir, `doc-${i}.${['md', 'txt', 'html'][i % 3]}`));
  // Warm both workers (process start, tokenizer load) before measuring.
  await Promise.all(
    names.slice(0, 2).map((name) =>
      parser.parseFile(name, { chunking: { documentId: 'warm', tokenizer: localTokenizerSpec(), maxTokens: 256, overlapTokens: 32 } }),
    ),
  );
  let chunks = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    [0, 1].map(async () => {
      while (next < names.length) {
        const r = await parser.parseFile(names[next++]!, {
          chunking: { documentId: 'bench', tokenizer: localTokenizerSpec(), maxTokens: 256, overlapTokens: 32 },
        });
        chunks += r.chunks?.length ?? 0;
      }
    }),
  );
  const parseSec = (performance.now() - started) / 1000;
  rows.push(['parse + chunk (2 worker processes)', `${(bytes / 1024 / 1024 / parseSec).toFixed(2)} MB/s, ${(chunks / parseSec).toFixed(0)} chunks/s`]);

  // 2–4, for each store: ingestion with embedding excluded (chunk rows always go to the embedded
  // PGlite on disk; vectors to pgvector there or to the local Chroma server), measuring lag meanwhile.
  const store = await openStore({ kind: 'pglite', dataDir: join(root, 'data'), thread: !inProcess });
  const bus = createBus();
  const embedders = new KbEmbedders(async () => freeEmbedder);
  const stores = createVectorStores({ db: store.db, dataDir: join(root, 'data') });
  const kb = new KnowledgeBaseService({ db: store.db, bus, stores, embedders });
  const ingest = new IngestService({ db: store.db, bus, kb, stores, embedders, parser, processor: { pollMs: 100 } });
  await ingest.start();
  // The same monitor with nothing running first: how much lag the machine itself adds.
  const rest = monitorEventLoopDelay({ resolution: 5 });
  rest.enable();
  await new Promise((r) => setTimeout(r, 3000));
  rest.disable();
  const lagRow = (h: ReturnType<typeof monitorEventLoopDelay>) => `p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms`;
  rows.push(['event-loop lag at rest (baseline)', lagRow(rest)]);
  const ingestFolder = async (kbId: string) => ingest.waitFor((await ingest.ingest(kbId, [dir])).id);

  for (const storeKind of storeKinds) {
    const label = storeKind === 'pgvector' ? `pgvector, PGlite on disk ${inProcess ? 'in process' : 'in its thread'}` : 'Chroma, local server';
    const base = await kb.create({ name: `Bench ${storeKind}`, storeKind, embedder: { provider: 'local', model: 'all-MiniLM-L6-v2' } });
    const { result: job, seconds: ingestSec, lag } = await withLag(() => ingestFolder(base.id));
    rows.push([
      `[${label}] ingest, embedding excluded`,
      `${(job.counts.chunks / ingestSec).toFixed(0)} chunks/s, ${(job.counts.total / ingestSec).toFixed(1)} files/s (${job.counts.chunks} chunks, ${ingestSec.toFixed(1)} s)`,
    ]);
    rows.push([`[${label}] event-loop lag during ingestion`, lagRow(lag)]);

    // 3. The same folder again: every file unchanged (hash only, nothing parsed or embedded).
    const { result: again, seconds: skipSec } = await withLag(() => ingestFolder(base.id));
    rows.push([`[${label}] re-ingest unchanged folder`, `${(again.counts.skipped / skipSec).toFixed(0)} files/s skipped`]);

    // 4. Edit a tenth of the files and ingest again: each changed file's chunks are replaced with
    // the index present (for pgvector the slow path: HNSW inserts), lag measured meanwhile.
    const edited = names.filter((_, i) => i % 10 === 0);
    for (const name of edited) writeFileSync(name, `${paragraph()}\n\n${paragraph()}\n\n`, { flag: 'a' });
    const { result: changed, seconds: editSec, lag: editLag } = await withLag(() => ingestFolder(base.id));
    rows.push([
      `[${label}] re-ingest ${edited.length} edited files (index present)`,
      `${(changed.counts.chunks / editSec).toFixed(0)} chunks/s (${changed.counts.chunks} chunks, ${editSec.toFixed(1)} s), lag ${lagRow(editLag)}`,
    ]);
  }

  await ingest.close();
  await parser.close();
  await stores.close();
  await store.close();
  rmSync(root, { recursive: true, force: true });

  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nRAG ingestion (${process.platform}, node ${process.version})\n`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

await main();
