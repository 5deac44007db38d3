import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchMode } from '@shared/api/knowledge';
import { makeCorruptPdf } from '../rag/generate/hostile';
import { makeEncryptedPdf } from '../rag/generate/pdf';
import { writeCorpus, writeSmallFiles, type CorpusFile } from './corpus';
import { BAG_OF_WORDS, ingestHarness, LOCAL, type IngestHarness } from './harness';
import type { Suite } from './suite';

/** Ingestion through the durable queue: formats, idempotence, edits, failures, deletion, cancel and retry. */
export function ingestSuite({ h: harness, store, driver, folder }: Suite): void {
  describe('ingestion', () => {
    let h: IngestHarness;
    let dir: string;
    let corpus: CorpusFile[];
    let kbId: string;

    /** Chunk ids of every document of the knowledge base, by path. */
    const chunkIds = async (id = kbId) => {
      const { documents } = await h.kb.listDocuments(id, { limit: 1000 });
      const out = new Map<string, string[]>();
      for (const d of documents) out.set(d.path, (await h.kb.document(d.id)).chunks.map((c) => c.id));
      return out;
    };

    beforeAll(async () => {
      h = harness();
      dir = folder('corpus');
      corpus = await writeCorpus(dir);
      // Not ingested: hidden files, node_modules and unsupported extensions.
      writeFileSync(join(dir, '.secret.md'), 'hidden lighthouse');
      mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', 'pkg', 'readme.md'), 'dependency lighthouse');
      writeFileSync(join(dir, 'photo.png'), 'not really a picture');
      kbId = (await h.kb.create({ name: 'Corpus', embedder: BAG_OF_WORDS, chunking: { maxTokens: 64, overlapTokens: 8 } })).id;
    });

    it('ingests every supported format and finds each by vector, keyword and hybrid search with exact citations', async () => {
      const job = await h.run(kbId, [dir]);
      expect(job).toMatchObject({ status: 'done', source: 'manual', counts: { total: corpus.length, done: corpus.length, failed: 0, skipped: 0 } });
      const { documents } = await h.kb.listDocuments(kbId, { limit: 100 });
      expect(documents.map((d) => d.path).sort()).toEqual(corpus.map((f) => join(dir, f.name)).sort());
      expect(documents.every((d) => d.status === 'ready' && d.chunkCount > 0)).toBe(true);
      for (const f of corpus) expect(documents.find((d) => d.path === join(dir, f.name))?.format).toBe(f.format);

      for (const f of corpus) {
        const { document: parsed } = await h.parser.parseFile(join(dir, f.name));
        for (const mode of ['vector', 'keyword', 'hybrid'] as SearchMode[]) {
          const { hits } = await h.kb.search({ kbIds: [kbId], query: f.query, mode, k: 3 });
          const top = hits[0];
          expect(top?.document.path, `${f.name} by ${mode}`).toBe(join(dir, f.name));
          expect(top!.chunk.text).toContain(f.needle);
          expect(parsed.text.slice(top!.chunk.start, top!.chunk.end)).toBe(top!.chunk.text);
          if (f.page) expect(top!.chunk.pageStart).toBe(f.page);
          if (f.headingPath) expect(top!.chunk.headingPath).toEqual(f.headingPath);
          expect(mode === 'keyword' ? top!.scores.keyword : top!.scores.vector).toBeGreaterThan(0);
        }
      }

      const mine = h.progress.filter((e) => e.jobId === job.id);
      expect(mine.at(-1)).toMatchObject({ status: 'done', counts: { done: corpus.length } });
      expect(mine.filter((e) => e.file?.status === 'done').map((e) => e.file!.path).sort()).toEqual(corpus.map((f) => join(dir, f.name)).sort());
      expect(h.documentEvents.filter((e) => e.kind === 'upserted' && e.kbId === kbId)).toHaveLength(corpus.length);
    });

    it('re-ingesting an unchanged folder embeds nothing and keeps every chunk', async () => {
      const before = await chunkIds();
      const calls = h.counter.calls;
      const job = await h.run(kbId, [dir]);
      expect(job.counts).toMatchObject({ total: corpus.length, skipped: corpus.length, done: 0, failed: 0 });
      expect(h.counter.calls).toBe(calls);
      expect(await chunkIds()).toEqual(before);
    });

    it('an edited file replaces only its own chunks', async () => {
      const before = await chunkIds();
      const texts = h.counter.texts.length;
      const music = join(dir, 'notes/music.txt');
      writeFileSync(music, 'The cellist rehearsed a sonata every evening.\n');
      const job = await h.run(kbId, [dir]);
      expect(job.counts).toMatchObject({ done: 1, skipped: corpus.length - 1, failed: 0 });
      const after = await chunkIds();
      for (const [path, ids] of before) {
        if (path === music) expect(after.get(path)!.some((id) => ids.includes(id))).toBe(false);
        else expect(after.get(path)).toEqual(ids);
      }
      expect(h.counter.texts.slice(texts)).toEqual(['The cellist rehearsed a sonata every evening.']);
      expect((await h.kb.search({ kbIds: [kbId], query: 'cellist sonata', mode: 'keyword' })).hits[0]?.document.path).toBe(music);
      expect((await h.kb.search({ kbIds: [kbId], query: 'violinist', mode: 'keyword' })).hits).toEqual([]);
    });

    it('a file that cannot be read stores no chunks and records why', async () => {
      const bad = folder('bad');
      writeFileSync(join(bad, 'broken.pdf'), makeCorruptPdf());
      writeFileSync(join(bad, 'locked.pdf'), makeEncryptedPdf());
      writeFileSync(join(bad, 'fine.md'), '# Fine\n\nThe harbour pilot guides ships.\n');
      const calls = h.counter.texts.length;
      const job = await h.run(kbId, [bad]);
      expect(job.counts).toMatchObject({ total: 3, done: 1, failed: 2 });
      const { items } = await h.ingest.job(job.id, { status: 'failed' });
      expect(Object.fromEntries(items.map((i) => [i.path, i.error?.reason]))).toEqual({
        [join(bad, 'broken.pdf')]: 'corrupt',
        [join(bad, 'locked.pdf')]: 'encrypted',
      });
      expect(items.every((i) => i.error?.hint)).toBe(true);
      for (const item of items) {
        const { document, chunks } = await h.kb.document(item.documentId!);
        expect(document).toMatchObject({ status: 'failed', error: { reason: item.error!.reason } });
        expect(chunks).toEqual([]);
      }
      expect(h.counter.texts.slice(calls)).toEqual(['# Fine\n\nThe harbour pilot guides ships.']);
      const failedEvents = h.progress.filter((e) => e.jobId === job.id && e.file?.status === 'failed');
      expect(failedEvents.map((e) => e.file!.error!.reason).sort()).toEqual(['corrupt', 'encrypted']);
    });

    it('keeps a document whose parsed title is longer than a title may be, with the title cut', async () => {
      const long = folder('long-title');
      const title = 'Harbour '.repeat(100).trim();
      writeFileSync(join(long, 'page.html'), `<html><head><title>${title}</title></head><body><p>The pilot boards at dawn.</p></body></html>`);
      const job = await h.run(kbId, [long]);
      expect(job.counts).toMatchObject({ total: 1, done: 1, failed: 0 });
      const doc = (await h.kb.listDocuments(kbId, { limit: 1000 })).documents.find((d) => d.path === join(long, 'page.html'))!;
      expect(doc).toMatchObject({ status: 'ready', title: title.slice(0, 500) });
    });

    it("a deleted file's document is removed when its folder is ingested again", async () => {
      const csv = join(dir, 'data/animals.csv');
      const doc = (await h.kb.listDocuments(kbId, { limit: 100 })).documents.find((d) => d.path === csv)!;
      rmSync(csv);
      const job = await h.run(kbId, [dir]);
      expect(job.counts).toMatchObject({ total: corpus.length, done: 1, skipped: corpus.length - 1 });
      expect((await h.ingest.job(job.id, { status: 'removed' })).items.map((i) => i.path)).toEqual([csv]);
      expect(await h.kb.documents.get(doc.id)).toBeUndefined();
      expect(h.documentEvents).toContainEqual({ kind: 'deleted', kbId, id: doc.id, path: csv });
      expect((await h.kb.search({ kbIds: [kbId], query: 'penguin', mode: 'keyword' })).hits).toEqual([]);
    });

    it('retries a document, re-indexes, and deletes a document', async () => {
      const md = join(dir, 'notes/recipes.md');
      const doc = (await h.kb.listDocuments(kbId, { limit: 100 })).documents.find((d) => d.path === md)!;
      const calls = h.counter.calls;
      const retried = await h.ingest.waitFor((await h.ingest.retryDocument(doc.id)).id);
      expect(retried).toMatchObject({ source: 'retry', counts: { total: 1, done: 1 } });
      expect(h.counter.calls).toBeGreaterThan(calls);

      const quiet = h.counter.calls;
      const reindexed = await h.ingest.waitFor((await h.ingest.reindex(kbId)).id);
      const total = (await h.kb.listDocuments(kbId, { limit: 100 })).total;
      expect(reindexed).toMatchObject({ source: 'reindex', counts: { total, failed: 2, skipped: total - 2 } });
      expect(h.counter.calls).toBe(quiet);

      expect(await h.ingest.deleteDocument(doc.id)).toBe(true);
      expect(await h.ingest.deleteDocument(doc.id)).toBe(false);
      expect((await h.kb.search({ kbIds: [kbId], query: 'sourdough', mode: 'keyword' })).hits).toEqual([]);
      await expect(h.ingest.retryDocument(doc.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('rejects paths that are relative or missing, and creates no job', async () => {
      const before = (await h.ingest.jobs({ kbId })).length;
      await expect(h.ingest.ingest(kbId, ['relative/path', join(folder('missing'), 'nope')])).rejects.toMatchObject({
        code: 'VALIDATION',
        issues: [
          { path: ['paths', 0], message: expect.stringContaining('absolute') },
          { path: ['paths', 1], message: expect.stringContaining('does not exist') },
        ],
      });
      expect(await h.ingest.jobs({ kbId })).toHaveLength(before);
    });

    it('cancels a job part-way, then retries it to the end', async () => {
      const files = folder('cancel');
      writeSmallFiles(files, 4);
      const id = (await h.kb.create({ name: 'Cancel me', embedder: BAG_OF_WORDS })).id;
      let release!: () => void;
      h.counter.gate = new Promise<void>((r) => (release = r));
      const started = new Promise<void>((r) => (h.counter.onCall = r));
      const job = await h.ingest.ingest(id, [files]);
      await started;
      const cancelled = await h.ingest.cancel(job.id);
      expect(cancelled).toMatchObject({ status: 'cancelled', counts: { total: 4, cancelled: 4 } });
      h.counter.gate = undefined;
      h.counter.onCall = undefined;
      release();
      await h.ingest.idle();
      expect((await h.kb.listDocuments(id)).documents.filter((d) => d.status === 'ready')).toEqual([]);
      const retried = await h.ingest.waitFor((await h.ingest.retryJob(job.id)).id);
      expect(retried).toMatchObject({ status: 'done', counts: { total: 4, done: 4, cancelled: 0 } });
      const { documents } = await h.kb.listDocuments(id);
      expect(documents.map((d) => [d.status, d.chunkCount])).toEqual(Array.from({ length: 4 }, () => ['ready', 1]));
    });

    it('jobs of different knowledge bases take turns: a big job does not hold a small one back', async () => {
      const big = folder('turns-big');
      const small = folder('turns-small');
      writeSmallFiles(big, 12);
      writeSmallFiles(small, 1);
      const bigKb = (await h.kb.create({ name: 'Turns big', embedder: BAG_OF_WORDS })).id;
      const smallKb = (await h.kb.create({ name: 'Turns small', embedder: BAG_OF_WORDS })).id;
      let release!: () => void;
      h.counter.gate = new Promise<void>((r) => (release = r));
      const from = h.documentEvents.length;
      const bigJob = await h.ingest.ingest(bigKb, [big]);
      const smallJob = await h.ingest.ingest(smallKb, [small]);
      h.counter.gate = undefined;
      release();
      await h.ingest.waitFor(bigJob.id);
      await h.ingest.waitFor(smallJob.id);
      const ready = h.documentEvents
        .slice(from)
        .flatMap((e) => (e.kind === 'upserted' && e.document.status === 'ready' ? [e.kbId] : []));
      expect(ready.filter((k) => k === bigKb)).toHaveLength(12);
      // Taking turns, the small job's one file is done while the big job has most of its files to go.
      expect(ready.indexOf(smallKb)).toBeLessThan(5);
    });

    it('two workers on one database never process a file twice', async () => {
      const other = await ingestHarness(store().db, { parser: harness().parser });
      try {
        const files = folder('shared');
        writeSmallFiles(files, 24);
        const id = (await h.kb.create({ name: 'Shared', embedder: BAG_OF_WORDS })).id;
        const texts = h.counter.texts.length;
        const job = await h.run(id, [files]);
        await other.ingest.idle();
        expect(job.counts).toMatchObject({ total: 24, done: 24 });
        const { items } = await h.ingest.job(job.id);
        expect(items.every((i) => i.attempts === 1 && i.status === 'done')).toBe(true);
        const embedded = [...h.counter.texts.slice(texts), ...other.counter.texts];
        expect(embedded).toHaveLength(24);
        expect(new Set(embedded).size).toBe(24);
      } finally {
        await other.close();
      }
    });

    it('reported no problems in the background (claims, heartbeats, scans)', () => {
      expect(h.errors).toEqual([]);
    });

    it.runIf(driver === 'pglite')('ingests with the real local embedding model and finds passages by meaning', async () => {
      const notes = folder('local');
      writeFileSync(join(notes, 'bread.md'), '# Baking\n\nKnead the dough, let it rise overnight, then bake it in a hot oven.\n');
      writeFileSync(join(notes, 'boats.md'), '# Sailing\n\nTrim the sails and keep the boat close to the wind.\n');
      const id = (await h.kb.create({ name: 'Local model', embedder: LOCAL })).id;
      const job = await h.run(id, [notes]);
      expect(job.counts).toMatchObject({ total: 2, done: 2 });
      const { hits } = await h.kb.search({ kbIds: [id], query: 'How do I make a loaf?', mode: 'vector', k: 2 });
      expect(hits[0]?.document.path).toBe(join(notes, 'bread.md'));
      expect(hits[0]?.chunk.headingPath).toEqual(['Baking']);
    });
  });
}
