// Vector store benchmark: ingestion rate (embedding excluded), query latency and HNSW recall, for
// pgvector (embedded PGlite on disk, as the app runs it) and Chroma (local server), at several sizes.
// Run: npx tsx bench/rag-query.ts [--sizes 10000,100000] [--stores pgvector,chroma] [--queries 200]
//      [--dim 384] [--incremental 2000]
// Vectors are random but clustered (unit vectors around 200 random centres); queries come from the
// same distribution. Recall@10 compares each store's top 10 with an exact scan done here in JS.
// Columns: load = chunk writes (documents of 100 chunks, one transaction each; pgvector as a bulk
// load without its HNSW index), index build = building that index afterwards, ingest = both;
// "+N w/ index" = N more chunks written with the index present. Query latencies exclude embedding.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnowledgeBase, SearchMode } from '@shared/api/knowledge';
import type { Chunk } from '@shared/entities/rag';
import { createBus } from '../src-main/engine/bus/bus';
import { KbEmbedders, KnowledgeBaseService } from '../src-main/engine/rag/kb/index';
import {
  ChromaServerManager,
  ChromaVectorStore,
  chromaConnector,
  PgVectorStore,
  type CollectionSpec,
  type VectorStore,
} from '../src-main/engine/rag/store/index';
import { openStore, type Store } from '../src-main/engine/store/index';

const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const SIZES = option('sizes', '10000,100000').split(',').map(Number);
const STORES = option('stores', 'pgvector,chroma').split(',') as Array<'pgvector' | 'chroma'>;
const QUERIES = Number(option('queries', '200'));
const DIM = Number(option('dim', '384'));
const INCREMENTAL = Number(option('incremental', '2000'));
const K = 10;
const CLUSTERS = 200;
const PER_DOC = 100;

// ---- deterministic data ----
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(7);
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}
const centres = Array.from({ length: CLUSTERS }, () =>
  normalise(Float32Array.from({ length: DIM }, gauss)),
);
const sigma = 0.6 / Math.sqrt(DIM); // noise norm ≈ 0.6: within-cluster cosine ≈ 0.75
function clustered(): Float32Array {
  const c = centres[Math.floor(random() * CLUSTERS)]!;
  return normalise(Float32Array.from(c, (x) => x + sigma * gauss()));
}
const VOCAB = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}x`);
// Chunk text: a skewed (Zipf-like) mix of words; queries use content words (uniform: mostly rare).
const zipfWord = () => VOCAB[Math.floor(VOCAB.length * random() ** 2)]!;
const contentWord = () => VOCAB[Math.floor(VOCAB.length * random())]!;
const text = (n: number) => Array.from({ length: n }, zipfWord).join(' ');

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
function exactTop(vectors: Float32Array[], q: Float32Array, k: number): number[] {
  const best: Array<[number, number]> = [];
  vectors.forEach((v, i) => {
    const s = dot(v, q);
    if (best.length < k || s > best[best.length - 1]![0]) {
      best.push([s, i]);
      best.sort((x, y) => y[0] - x[0]);
      if (best.length > k) best.pop();
    }
  });
  return best.map(([, i]) => i);
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

// ---- one run ----
interface Row {
  store: string;
  chunks: number;
  load: string;
  ingest: string;
  build: string;
  incremental: string;
  vector: string;
  keyword: string;
  hybrid: string;
  recall: string;
  note: string;
}

async function run(kind: 'pgvector' | 'chroma', size: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), `af-bench-${kind}-`));
  let store: Store | undefined;
  let chroma: ChromaServerManager | undefined;
  try {
    store = await openStore({ kind: 'pglite', dataDir: join(dir, 'data') });
    const db = store.db;
    const vectorStores: Record<string, VectorStore> = {};
    const pg = new PgVectorStore(db);
    vectorStores.pgvector = pg;
    if (kind === 'chroma') {
      chroma = new ChromaServerManager({ path: join(dir, 'chroma') });
      await chroma.start();
      vectorStores.chroma = new ChromaVectorStore(db, chromaConnector({ url: () => chroma!.url }));
    }
    const queryVectors = new Map<string, Float32Array>();
    const embedders = new KbEmbedders(async (config) => ({
      id: config.provider,
      model: config.model,
      dimensions: DIM,
      embed: async (texts) => texts.map((t) => queryVectors.get(t)!),
    }));
    const service = new KnowledgeBaseService({
      db,
      bus: createBus(),
      stores: { get: (k) => vectorStores[k]! },
      embedders,
    });
    const kb: KnowledgeBase = await service.create({
      name: `bench ${kind}`,
      storeKind: kind,
      embedder: { provider: 'ollama', model: 'bench', dimensions: DIM },
    });
    const spec: CollectionSpec = { kbId: kb.id, dimensions: DIM };
    const vs = vectorStores[kind]!;

    // Ingestion: documents of PER_DOC chunks, one transaction each.
    const vectors: Float32Array[] = [];
    const ids: string[] = [];
    const texts: string[] = [];
    const writeDocs = async (count: number, prefix: string) => {
      for (let d = 0; d * PER_DOC < count; d++) {
        const doc = await service.upsertDocument(kb.id, {
          path: `${prefix}-${d}.txt`,
          format: 'text',
        });
        const n = Math.min(PER_DOC, count - d * PER_DOC);
        const chunks = Array.from(
          { length: n },
          (_, i): { chunk: Chunk; embedding: Float32Array } => {
            const t = text(40);
            texts.push(t);
            const embedding = clustered();
            vectors.push(embedding);
            return {
              chunk: {
                documentId: doc.id,
                index: i,
                text: t,
                start: i * 300,
                end: i * 300 + t.length,
                headingPath: [],
                kind: 'text',
                tokenCount: 40,
              },
              embedding,
            };
          },
        );
        const { chunkIds } = await service.writeChunks(doc.id, chunks);
        ids.push(...chunkIds);
      }
    };
    let build = NaN;
    const t0 = performance.now();
    if (kind === 'pgvector') {
      // Bulk: the HNSW index is dropped during the load and built once at the end.
      let loaded = 0;
      await service.bulkLoad(kb.id, async () => {
        await writeDocs(size, 'doc');
        loaded = performance.now();
      });
      build = (performance.now() - loaded) / 1000;
    } else {
      await writeDocs(size, 'doc');
    }
    const ingestSeconds = (performance.now() - t0) / 1000;
    // Incremental writes with the index present, at this size.
    const t1 = performance.now();
    const before = ids.length;
    await writeDocs(INCREMENTAL, 'more');
    const incremental = (ids.length - before) / ((performance.now() - t1) / 1000);
    if (kind === 'pgvector') await pg.analyze();

    // Queries (embedding excluded: the query vectors are precomputed).
    // Each query is two content words (distinct pairs: the text also keys its vector).
    const queries = Array.from({ length: QUERIES }, () => {
      const q = clustered();
      let key: string;
      do key = `${contentWord()} ${contentWord()}`;
      while (queryVectors.has(key));
      queryVectors.set(key, q);
      return { q, key };
    });
    const indexOf = new Map(ids.map((id, i) => [id, i]));
    const exact = queries.map(({ q }) => exactTop(vectors, q, K));
    const measureVector = async (target: VectorStore, count = queries.length) => {
      const times: number[] = [];
      let hit = 0;
      for (const [i, { q }] of queries.slice(0, count).entries()) {
        const t = performance.now();
        const found = await target.query(spec, q, { k: K });
        times.push(performance.now() - t);
        const truth = new Set(exact[i]);
        hit += found.filter((m) => truth.has(indexOf.get(m.chunkId)!)).length;
      }
      return { times, recall: hit / (count * K) };
    };
    const measureSearch = async (mode: SearchMode) => {
      const times: number[] = [];
      for (const { key } of queries) {
        const t = performance.now();
        await service.search({ kbIds: [kb.id], query: key, mode, k: K });
        times.push(performance.now() - t);
      }
      return times;
    };
    const fmt = (xs: number[]) => `${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)}`;
    await measureVector(vs, 20); // warm-up
    const vector = await measureVector(vs);
    const keyword = await measureSearch('keyword');
    const hybrid = await measureSearch('hybrid');
    let note = '';
    if (kind === 'pgvector') {
      const plan = await pg.explainQuery(spec, queries[0]!.q, { k: K });
      note = plan.includes('Index Scan using kb_chunks_hnsw_')
        ? 'HNSW index used'
        : `NO INDEX: ${plan.split('\n')[0]}`;
    }
    const total = ids.length;
    const rows: Row[] = [
      {
        store:
          kind === 'pgvector'
            ? 'pgvector (PGlite, ef_search 100)'
            : 'chroma (local, ef_search 100)',
        chunks: total,
        load: (size / (ingestSeconds - (Number.isNaN(build) ? 0 : build))).toFixed(0),
        ingest: (size / ingestSeconds).toFixed(0),
        build: Number.isNaN(build) ? '-' : build.toFixed(1),
        incremental: incremental.toFixed(0),
        vector: fmt(vector.times),
        keyword: fmt(keyword),
        hybrid: fmt(hybrid),
        recall: vector.recall.toFixed(3),
        note,
      },
    ];
    if (kind === 'pgvector') {
      const low = await measureVector(new PgVectorStore(db, { efSearch: 40 }));
      rows.push({
        ...rows[0]!,
        store: 'pgvector (PGlite, ef_search 40)',
        vector: fmt(low.times),
        keyword: '',
        hybrid: '',
        recall: low.recall.toFixed(3),
        load: '',
        ingest: '',
        build: '',
        incremental: '',
      });
    }
    return rows;
  } finally {
    await chroma?.stop();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
const loadBefore = loadavg()[0]!;
for (const size of SIZES) {
  for (const kind of STORES) {
    const started = performance.now();
    process.stderr.write(`${kind} @ ${size} chunks …`);
    rows.push(...(await run(kind, size)));
    process.stderr.write(` ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
}
const header = [
  'store',
  'chunks',
  'load chunks/s',
  'index build s',
  'ingest chunks/s',
  `+${INCREMENTAL} w/ index chunks/s`,
  'vector p50/p95 ms',
  'keyword p50/p95 ms',
  'hybrid p50/p95 ms',
  'recall@10',
  'plan',
];
const table = [
  header,
  ...rows.map((r) => [
    r.store,
    String(r.chunks),
    r.load,
    r.build,
    r.ingest,
    r.incremental,
    r.vector,
    r.keyword,
    r.hybrid,
    r.recall,
    r.note,
  ]),
];
const widths = header.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
for (const [i, r] of table.entries()) {
  console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`);
  if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
}
console.log(
  `\n${QUERIES} queries, k=${K}, ${DIM}-dim vectors in ${CLUSTERS} clusters; latencies exclude embedding the query.`,
);
console.log(
  `Load average (1 min) at start ${loadBefore.toFixed(1)}, at end ${loadavg()[0]!.toFixed(1)}, on ${(await import('node:os')).cpus().length} cores.`,
);
