import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { EventPayload } from '@shared/api/index';
import type { IngestJob } from '@shared/api/ingest';
import { SearchMode, VectorStoreKind, type KnowledgeBase } from '@shared/api/knowledge';
import type { EmbedderConfigInput } from '@shared/entities/rag';
import { AppError } from '@shared/errors';
import type { CliContext } from './context';
import { printJson, table } from './format';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;
type Progress = EventPayload<'kb.ingest.progress'>;

const EMBEDDERS = ['local', 'ollama', 'openai'] as const;
const DEFAULT_MODELS = { ollama: 'nomic-embed-text', openai: 'text-embedding-3-small' } as const;

function embedderConfig(kind: (typeof EMBEDDERS)[number], model: string | undefined, dimensions: string | undefined): EmbedderConfigInput {
  // Local: the shipped model unless --model names one added under Settings → Local embedding models.
  if (kind === 'local') return { provider: 'local', model: model ?? 'all-MiniLM-L6-v2' };
  return { provider: kind, model: model ?? DEFAULT_MODELS[kind], ...(dimensions ? { dimensions: Number(dimensions) } : {}) };
}

function positiveInt(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AppError('VALIDATION', `${what} must be a whole number of at least 1, got "${value}".`);
  return n;
}

export async function resolveKb(ctx: CliContext, idOrName: string): Promise<KnowledgeBase> {
  const lower = idOrName.toLowerCase();
  const kb = (await ctx.client.call('kb.list', {})).find((k) => k.id === idOrName || k.name.toLowerCase() === lower);
  if (!kb) throw new AppError('NOT_FOUND', `No knowledge base "${idOrName}".`, { hint: 'Run `agent-factory kb list`, or create one with `agent-factory kb create`.' });
  return kb;
}

const short = (text: string, max = 160) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function summary(job: IngestJob): string {
  const c = job.counts;
  return `${job.status === 'cancelled' ? 'Cancelled' : 'Done'}: ${c.total} file(s) — ${c.done} ingested or removed, ${c.skipped} unchanged, ${c.failed} failed (${c.chunks} chunks written).`;
}

/** Shows a job's progress: a bar redrawn in place on a terminal, one line per file otherwise. */
function progressPrinter(tty: boolean) {
  let barShown = false;
  const clearBar = () => {
    if (barShown) process.stdout.write('\r\x1b[2K');
    barShown = false;
  };
  return {
    file(e: Progress) {
      const f = e.file;
      if (!f || f.status === 'running' || f.status === 'pending') return;
      if (tty && f.status !== 'failed') return;
      clearBar();
      const detail = f.status === 'failed' && f.error ? `: ${f.error.reason}: ${f.error.message}` : f.status === 'done' ? ` (${f.chunks} chunks)` : '';
      console.log(`${f.status.padEnd(9)}${f.path}${detail}`);
    },
    bar(e: Progress) {
      if (!tty) return;
      const { total, done, skipped, failed, cancelled } = e.counts;
      const finished = done + skipped + failed + cancelled;
      const width = 30;
      const filled = total ? Math.round((finished / total) * width) : 0;
      const current = e.currentFile ? ` ${short(e.currentFile, 50)}` : '';
      process.stdout.write(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total} files, ${failed} failed${current}`);
      barShown = true;
    },
    end: clearBar,
  };
}

/** Waits for a job to end, printing its progress (events, with a periodic check in case one is missed). */
async function follow(ctx: CliContext, start: () => Promise<IngestJob>, print: boolean): Promise<IngestJob> {
  const printer = progressPrinter(!!process.stdout.isTTY);
  let jobId: string | undefined;
  const early: Progress[] = [];
  let wake: () => void = () => {};
  const onEvent = (e: Progress) => {
    if (!print) return;
    printer.file(e);
    printer.bar(e);
  };
  const off = ctx.client.subscribe('kb.ingest.progress', (e) => {
    if (!jobId) early.push(e);
    else if (e.jobId === jobId) onEvent(e);
    if (e.jobId === jobId && (e.status === 'done' || e.status === 'cancelled')) wake();
  });
  try {
    const job = await start();
    jobId = job.id;
    for (const e of early) if (e.jobId === jobId) onEvent(e);
    for (;;) {
      const { job: now } = await ctx.client.call('kb.job', { id: job.id, limit: 1 });
      if (now.status === 'done' || now.status === 'cancelled') return now;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 1000);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
  } finally {
    off();
    printer.end();
  }
}

export function registerKbCommands(program: Command, withClient: WithClient): void {
  const kb = program.command('kb').description('Create and list knowledge bases');

  kb.command('create <name>')
    .description('Create a knowledge base')
    .addOption(new Option('--store <kind>', 'where vectors live').choices(VectorStoreKind.options).default('pgvector'))
    .addOption(new Option('--embedder <kind>', 'embedding model provider').choices(EMBEDDERS).default('local'))
    .option('--model <name>', `embedding model (default all-MiniLM-L6-v2 / ${DEFAULT_MODELS.ollama} / ${DEFAULT_MODELS.openai})`)
    .option('--dimensions <n>', 'vector dimension, if known (otherwise measured once)')
    .option('--description <text>', 'what it holds', '')
    .option('--chunk-tokens <n>', 'chunk size in tokens', '256')
    .option('--json', 'print JSON')
    .action(
      (
        name: string,
        opts: { store: VectorStoreKind; embedder: (typeof EMBEDDERS)[number]; model?: string; dimensions?: string; description: string; chunkTokens: string; json?: boolean },
      ) =>
        withClient(async (ctx) => {
          const maxTokens = positiveInt(opts.chunkTokens, '--chunk-tokens');
          const created = await ctx.client.call('kb.create', {
            name,
            description: opts.description,
            storeKind: opts.store,
            embedder: embedderConfig(opts.embedder, opts.model, opts.dimensions),
            chunking: { maxTokens, overlapTokens: Math.floor(maxTokens / 8) },
          });
          if (opts.json || ctx.json) return printJson(created);
          console.log(`Created knowledge base "${created.name}" (${created.id}), ${created.embedding.model}, ${created.embedding.dimensions} dimensions, in ${created.storeKind}`);
        }),
    );

  kb.command('list')
    .description('List knowledge bases')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const list = await ctx.client.call('kb.list', {});
        if (opts.json || ctx.json) return printJson(list);
        const rows = list.map((k) => ({
          id: k.id,
          name: k.name,
          store: k.storeKind,
          embedder: `${k.embedder.provider}:${k.embedding.model}`,
          documents: k.counts.documents,
          failed: k.counts.failed,
          chunks: k.counts.chunks,
        }));
        console.log(table(rows, ['id', 'name', 'store', 'embedder', 'documents', 'failed', 'chunks']));
      }),
    );

  program
    .command('ingest <kb> <paths...>')
    .description('Add files and folders (recursively) to a knowledge base; unchanged files are skipped')
    .option('--tag <tag...>', 'tags for the documents')
    .option('--force', 're-embed files even when unchanged')
    .option('--json', 'print the finished job as JSON')
    .action((kbRef: string, paths: string[], opts: { tag?: string[]; force?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        const target = await resolveKb(ctx, kbRef);
        const json = !!(opts.json || ctx.json);
        const job = await follow(
          ctx,
          () => ctx.client.call('kb.ingest', { kbId: target.id, paths: paths.map((p) => resolve(p)), tags: opts.tag ?? [], force: !!opts.force }),
          !json,
        );
        if (job.counts.failed > 0 || job.status === 'cancelled') process.exitCode = 1;
        if (!json) return console.log(summary(job));
        const failed = job.counts.failed ? (await ctx.client.call('kb.job', { id: job.id, status: 'failed' })).items : [];
        printJson({ job, failed: failed.map((i) => ({ path: i.path, error: i.error })) });
      }),
    );

  program
    .command('search <kb> <query...>')
    .description('Search a knowledge base by meaning, keywords or both')
    .addOption(new Option('--mode <mode>', 'ranking').choices(SearchMode.options).default('hybrid'))
    .option('-k <n>', 'how many hits', '10')
    .option('--json', 'print JSON: path, page, offsets, text and scores per hit')
    .action((kbRef: string, words: string[], opts: { mode: SearchMode; k: string; json?: boolean }) =>
      withClient(async (ctx) => {
        const target = await resolveKb(ctx, kbRef);
        const result = await ctx.client.call('kb.search', { kbIds: [target.id], query: words.join(' '), mode: opts.mode, k: positiveInt(opts.k, '-k') });
        const hits = result.hits.map((h) => ({
          path: h.document.path,
          title: h.document.title,
          page: h.chunk.pageStart ?? null,
          pageEnd: h.chunk.pageEnd ?? null,
          headingPath: h.chunk.headingPath,
          start: h.chunk.start,
          end: h.chunk.end,
          chunkIndex: h.chunk.index,
          text: h.chunk.text,
          scores: h.scores,
        }));
        if (opts.json || ctx.json) return printJson(hits);
        if (!hits.length) return console.log('No matches.');
        hits.forEach((h, i) => {
          const where = [h.page ? `p. ${h.page}` : '', h.headingPath.join(' › '), `chars ${h.start}–${h.end}`].filter(Boolean).join(', ');
          console.log(`[${i + 1}] ${h.path} (${where}) score ${(result.hits[i]!.scores.rerank ?? h.scores.fused).toFixed(4)}`);
          console.log(`    ${short(h.text, 200)}`);
        });
      }),
    );
}
