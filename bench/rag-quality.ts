// Retrieval quality: MRR@10 and recall@10 of vector, keyword and hybrid search with the real local
// model (all-MiniLM-L6-v2, q4) on the labelled set in tests/fixtures/retrieval (documents written for
// it, questions with the passages that answer them). The documents are ingested through the real
// pipeline (parse workers, default knowledge-base chunking, local embedder) into the embedded
// default store (PGlite + pgvector on disk) and, when its local server starts, into Chroma; every
// question is then asked through KnowledgeBaseService.search, as the `kb.search` API does.
// Run: npm run bench -- rag-quality   (needs `npm run fetch-model` first)
// With options: npx tsx bench/rag-quality.ts [--stores pgvector,chroma] [--details]
//   --details prints, per question, the rank of the first relevant hit in each mode.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { KnowledgeBase, SearchMode, VectorStoreKind } from '@shared/api/knowledge';
import { createBus } from '../src-main/engine/bus/bus';
import {
  scoreRetrieval,
  reciprocalRankAt,
  type JudgedQuestion,
  type RetrievalScores,
} from '../src-main/engine/eval/retrieval-metrics';
import { loadLabelledQuestions } from '../src-main/engine/eval/retrieval-questions';
import {
  createDocumentParser,
  createLocalEmbedder,
  defaultModelsDir,
  isLocalModelPresent,
} from '../src-main/engine/rag/index';
import { IngestService } from '../src-main/engine/rag/ingest/index';
import { KbEmbedders, KnowledgeBaseService } from '../src-main/engine/rag/kb/index';
import { createVectorStores } from '../src-main/engine/rag/store/index';
import { openStore } from '../src-main/engine/store/index';

const K = 10;
const MODES: SearchMode[] = ['vector', 'keyword', 'hybrid'];
const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const STORES = option('stores', 'pgvector,chroma').split(',') as VectorStoreKind[];
const DETAILS = process.argv.includes('--details');

const fixtures = join(import.meta.dirname, '..', 'tests', 'fixtures', 'retrieval');
const docsDir = join(fixtures, 'docs');
const questions = loadLabelledQuestions(join(fixtures, 'questions.json'));

interface StoreRun {
  store: string;
  ingestSeconds: number;
  chunks: number;
  files: number;
  /** Per mode: the judged questions, in the order of `questions`. */
  judged: Map<SearchMode, JudgedQuestion[]>;
  queryMs: Map<SearchMode, number[]>;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

async function main() {
  console.log('Reproduce: npm run bench -- rag-quality   (after `npm run fetch-model`)\n');
  if (!isLocalModelPresent(defaultModelsDir())) {
    console.error(
      `The local model is not in ${defaultModelsDir()}: run \`npm run fetch-model\` first.`,
    );
    process.exit(1);
  }
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), 'af-bench-quality-'));
  const store = await openStore({ kind: 'pglite', dataDir: join(root, 'data') });
  const bus = createBus();
  const embedders = new KbEmbedders(async (config) => {
    if (config.provider !== 'local')
      throw new Error(`Only the local embedder is benchmarked, not ${config.provider}.`);
    return createLocalEmbedder({ model: config.model });
  });
  const stores = createVectorStores({ db: store.db, dataDir: root });
  const kb = new KnowledgeBaseService({ db: store.db, bus, stores, embedders });
  const parser = createDocumentParser({ workers: 2 });
  const ingest = new IngestService({ db: store.db, bus, kb, stores, embedders, parser });
  const runs: StoreRun[] = [];
  try {
    await ingest.start();
    for (const kind of STORES) {
      const label = kind === 'pgvector' ? 'pgvector (PGlite)' : 'chroma (local server)';
      let base: KnowledgeBase;
      try {
        // Default settings: local all-MiniLM-L6-v2 and default chunking; only the store differs.
        base = await kb.create({ name: `quality ${kind}`, storeKind: kind });
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        console.error(`${label}: skipped, the store is not available (${reason})`);
        continue;
      }
      // A first query loads the model, so neither ingestion nor query times include that.
      await kb.search({ kbIds: [base.id], query: 'warm up', mode: 'vector', k: K });
      process.stderr.write(`${label}: ingesting …`);
      const t0 = performance.now();
      const job = await ingest.waitFor((await ingest.ingest(base.id, [docsDir])).id);
      const ingestSeconds = seconds(t0);
      process.stderr.write(` ${ingestSeconds.toFixed(1)} s; querying …`);
      if (job.counts.failed)
        throw new Error(`${job.counts.failed} fixture files failed to ingest.`);
      const judged = new Map<SearchMode, JudgedQuestion[]>();
      const queryMs = new Map<SearchMode, number[]>();
      for (const mode of MODES) {
        const list: JudgedQuestion[] = [];
        const times: number[] = [];
        for (const q of questions) {
          const t = performance.now();
          const result = await kb.search({ kbIds: [base.id], query: q.question, mode, k: K });
          times.push(performance.now() - t);
          list.push({
            kind: q.kind,
            relevant: q.relevant,
            hits: result.hits.map((h) => ({ doc: basename(h.document.path), text: h.chunk.text })),
          });
        }
        judged.set(mode, list);
        queryMs.set(mode, times);
      }
      process.stderr.write(' done\n');
      runs.push({
        store: label,
        ingestSeconds,
        chunks: job.counts.chunks,
        files: job.counts.done,
        judged,
        queryMs,
      });
    }
  } finally {
    await ingest.close();
    await parser.close();
    await embedders.close();
    await stores.close();
    await store.close();
    rmSync(root, { recursive: true, force: true });
  }
  if (!runs.length) throw new Error('No store could be benchmarked.');
  report(runs, seconds(started));
}

function report(runs: StoreRun[], totalSeconds: number) {
  const kinds = [...new Set(questions.map((q) => q.kind))];
  const counts = kinds
    .map((k) => `${questions.filter((q) => q.kind === k).length} ${k}`)
    .join(', ');
  console.log(
    `Labelled set: ${questions.length} questions (${counts}) over ${runs[0]!.files} documents in tests/fixtures/retrieval; ` +
      `local all-MiniLM-L6-v2 (q4), default chunking, k=${K}.\n`,
  );
  const fmt = (s: RetrievalScores) => [s.mrr.toFixed(3), s.recall.toFixed(3)];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const header = ['store', 'mode', 'questions', `MRR@${K}`, `recall@${K}`, 'median query ms'];
  const rows: string[][] = [];
  for (const run of runs) {
    for (const mode of MODES) {
      const scores = scoreRetrieval(run.judged.get(mode)!, K);
      rows.push([
        run.store,
        mode,
        'all',
        ...fmt(scores.all),
        median(run.queryMs.get(mode)!).toFixed(0),
      ]);
      for (const kind of kinds)
        rows.push([run.store, mode, kind, ...fmt(scores.byKind[kind]!), '']);
    }
  }
  printTable(header, rows);
  console.log('');
  printTable(
    ['store', 'chunks', 'ingest s (parse, chunk, embed, write)'],
    runs.map((r) => [r.store, String(r.chunks), r.ingestSeconds.toFixed(1)]),
  );
  console.log(
    '\nQuery times include embedding the query. Hybrid fuses the vector ranking with an all-words keyword ' +
      'ranking (reciprocal rank fusion); keyword mode alone matches any word. Keyword ties go by document path ' +
      'and position, so repeated runs give the same scores.',
  );
  console.log(
    `Total ${totalSeconds.toFixed(0)} s. Load average (1 min) at end ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`,
  );
  if (DETAILS) {
    for (const run of runs) {
      console.log(`\n${run.store}: rank of the first relevant hit (- = not in the top ${K})\n`);
      const detail = questions.map((q, i) => [
        q.id,
        q.kind,
        ...MODES.map((m) => {
          const j = run.judged.get(m)![i]!;
          const rr = reciprocalRankAt(j.hits, j.relevant, K);
          return rr ? String(Math.round(1 / rr)) : '-';
        }),
      ]);
      printTable(['question', 'kind', ...MODES], detail);
    }
  }
}

function printTable(header: string[], rows: string[][]) {
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const [i, r] of table.entries()) {
    console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
}

await main();
