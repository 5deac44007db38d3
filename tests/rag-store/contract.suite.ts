import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '@shared/api/knowledge';
import { isAppError } from '@shared/errors';
import {
  ChromaVectorStore,
  chromaConnector,
  DimensionMismatchError,
  PgVectorStore,
  type CollectionSpec,
} from '../../src-main/engine/rag/store/index';
import {
  chunksOf,
  embedded,
  embedText,
  serviceFor,
  testEmbedderConfig,
  type Harness,
  type SuiteContext,
} from './fixtures';
import { sql } from 'drizzle-orm';
import { replaceDocumentGraph, type DocumentGraph } from '../../src-main/engine/rag/graph/index';
import { queryRows } from '../../src-main/engine/store/query';

const spec = (kb: KnowledgeBase): CollectionSpec => ({
  kbId: kb.id,
  dimensions: kb.embedding.dimensions,
});

/** The behaviour every vector store must have, run for pgvector and for Chroma. */
export function vectorStoreContract({ store, chromaUrl }: SuiteContext): void {
  describe.each(['pgvector', 'chroma'] as const)('%s', (kind) => {
    let h: Harness;
    let stores: { pgvector: PgVectorStore; chroma: ChromaVectorStore };
    const vectors = () => stores[kind];

    beforeAll(() => {
      // Small batches, so that a write of a few chunks takes several batches.
      stores = {
        pgvector: new PgVectorStore(store().db, { batchSize: 2 }),
        chroma: new ChromaVectorStore(store().db, chromaConnector({ url: chromaUrl }), {
          batchSize: 2,
          pgBatchSize: 2,
        }),
      };
      h = serviceFor(store(), { get: (k) => stores[k] });
    });

    const newKb = (name: string) =>
      h.service.create({
        name: `${name} (${kind})`,
        storeKind: kind,
        embedder: testEmbedderConfig(),
      });
    const addDoc = async (
      kb: KnowledgeBase,
      path: string,
      texts: string[],
      tags: string[] = [],
    ) => {
      const doc = await h.service.upsertDocument(kb.id, {
        path,
        title: path.replace(/\..*$/, ''),
        format: 'text',
        tags,
      });
      const { chunkIds } = await h.service.writeChunks(doc.id, embedded(chunksOf(doc.id, texts)));
      return { doc, chunkIds };
    };

    it('writes a document’s chunks, finds them by vector, counts and deletes them', async () => {
      const kb = await newKb('basics');
      const { doc, chunkIds } = await addDoc(kb, 'garden.txt', [
        'Tomatoes need full sun and regular watering.',
        'Prune roses in late winter before new growth.',
        'Compost improves clay soil structure over time.',
      ]);
      expect(chunkIds).toHaveLength(3);
      expect(await vectors().count(spec(kb))).toBe(3);

      const matches = await vectors().query(
        spec(kb),
        embedText('when should roses be pruned in winter'),
        { k: 2 },
      );
      expect(matches[0]?.chunkId).toBe(chunkIds[1]);
      expect(matches[0]!.score).toBeGreaterThan(matches[1]!.score);

      const same = await vectors().query(
        spec(kb),
        embedText('Compost improves clay soil structure over time.'),
        { k: 1 },
      );
      expect(same[0]).toMatchObject({ chunkId: chunkIds[2] });
      expect(same[0]!.score).toBeCloseTo(1, 4);

      const stored = await h.service.document(doc.id);
      expect(stored.document).toMatchObject({ status: 'ready', chunkCount: 3 });
      expect(stored.chunks.map((c) => c.id)).toEqual(chunkIds);
      expect((await h.service.get(kb.id)).counts).toEqual({ documents: 1, failed: 0, chunks: 3 });

      expect(await h.service.deleteDocument(doc.id)).toBe(true);
      expect(await vectors().count(spec(kb))).toBe(0);
      expect(await vectors().query(spec(kb), embedText('roses'), { k: 5 })).toEqual([]);
      expect((await h.service.get(kb.id)).counts).toEqual({ documents: 0, failed: 0, chunks: 0 });
    });

    it('filters by document and by tag, and keeps knowledge bases apart', async () => {
      const kb = await newKb('filters');
      const other = await newKb('filters other');
      const a = await addDoc(
        kb,
        'a.md',
        ['river boats carry grain', 'river locks raise boats'],
        ['transport'],
      );
      const b = await addDoc(
        kb,
        'b.md',
        ['river fish swim upstream', 'river banks flood in spring'],
        ['nature', 'water'],
      );
      await addDoc(other, 'c.md', ['river boats and river fish']);
      const q = embedText('river boats fish');

      const all = await vectors().query(spec(kb), q, { k: 10 });
      expect(new Set(all.map((m) => m.chunkId))).toEqual(new Set([...a.chunkIds, ...b.chunkIds]));

      const onlyB = await vectors().query(spec(kb), q, {
        k: 10,
        filter: { documentIds: [b.doc.id] },
      });
      expect(new Set(onlyB.map((m) => m.chunkId))).toEqual(new Set(b.chunkIds));

      const tagged = await vectors().query(spec(kb), q, {
        k: 10,
        filter: { tags: ['transport', 'nope'] },
      });
      expect(new Set(tagged.map((m) => m.chunkId))).toEqual(new Set(a.chunkIds));

      expect(await vectors().query(spec(kb), q, { k: 10, filter: { tags: ['nope'] } })).toEqual([]);
      expect(await vectors().count(spec(kb), { tags: ['water'] })).toBe(2);
      expect(await vectors().count(spec(kb), { documentIds: [a.doc.id, b.doc.id] })).toBe(4);
    });

    it('rejects vectors of the wrong dimension with a typed error, and writes nothing', async () => {
      const kb = await newKb('dimensions');
      const { doc, chunkIds } = await addDoc(kb, 'x.txt', ['first version of the text']);
      const bad = chunksOf(doc.id, ['second', 'third']).map((chunk, i) => ({
        chunk,
        embedding: embedText(chunk.text, i === 1 ? 63 : 64),
      }));

      const error = await vectors()
        .replaceDocument(spec(kb), doc.id, bad)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DimensionMismatchError);
      expect(error).toMatchObject({ code: 'VALIDATION', expected: 64, actual: 63 });
      await expect(
        vectors().query(spec(kb), new Float32Array(128), { k: 1 }),
      ).rejects.toBeInstanceOf(DimensionMismatchError);

      expect((await h.service.document(doc.id)).chunks.map((c) => c.id)).toEqual(chunkIds);
      expect(await vectors().count(spec(kb))).toBe(1);
    });

    it('replaces a document’s chunks atomically: a failure part-way leaves the old chunks', async () => {
      const kb = await newKb('atomic');
      const old = await addDoc(kb, 'manual.txt', [
        'old alpha text',
        'old beta text',
        'old gamma text',
      ]);
      const fresh = embedded(
        chunksOf(old.doc.id, ['new one', 'new two', 'new three', 'new four', 'new five']),
      );

      // Abort after the first batch of the new chunks was written (inside the write).
      for (const at of ['first batch', 'last batch'] as const) {
        const abort = new AbortController();
        const error = await vectors()
          .replaceDocument(spec(kb), old.doc.id, fresh, {
            signal: abort.signal,
            onProgress: (written, total) => {
              if (at === 'first batch' || written === total) abort.abort();
            },
          })
          .catch((e: unknown) => e);
        expect(isAppError(error) && error.code).toBe('CANCELLED');
        const kept = await h.service.document(old.doc.id);
        expect(kept.chunks.map((c) => c.text)).toEqual([
          'old alpha text',
          'old beta text',
          'old gamma text',
        ]);
        expect(await vectors().count(spec(kb))).toBe(3);
        const found = await vectors().query(spec(kb), embedText('new one two three four five'), {
          k: 10,
        });
        expect(found.every((m) => old.chunkIds.includes(m.chunkId))).toBe(true);
      }

      // A chunk of another document is refused before anything is written.
      const stray = embedded(chunksOf('someone-else', ['stray']));
      await expect(vectors().replaceDocument(spec(kb), old.doc.id, stray)).rejects.toMatchObject({
        code: 'VALIDATION',
      });

      const done = await vectors().replaceDocument(spec(kb), old.doc.id, fresh);
      expect((await h.service.document(old.doc.id)).chunks.map((c) => c.id)).toEqual(done.chunkIds);
      expect(await vectors().count(spec(kb))).toBe(5);
      const found = await vectors().query(spec(kb), embedText('old alpha beta gamma text new'), {
        k: 10,
      });
      expect(new Set(found.map((m) => m.chunkId))).toEqual(new Set(done.chunkIds));
    });

    it('writes the document’s links and terms with its chunks (alsoWrite), all or nothing', async () => {
      const kb = await newKb('graph rows');
      const { doc } = await addDoc(kb, 'linked.md', ['old text']);
      const graph = (target: string): DocumentGraph => ({
        links: [
          {
            kind: 'markdown',
            match: 'path',
            target,
            raw: target,
            text: 'x',
            start: 0,
            end: 1,
            chunkIndex: 0,
          },
        ],
        terms: [{ term: target, kind: 'term', weight: 1 }],
      });
      const targets = async () =>
        (
          await queryRows<{ target: string }>(
            store().db,
            sql`select target from kb_document_links where document_id = ${doc.id}`,
          )
        ).map((r) => r.target);
      await vectors().replaceDocument(spec(kb), doc.id, embedded(chunksOf(doc.id, ['first'])), {
        alsoWrite: (tx) => replaceDocumentGraph(tx, kb.id, doc.id, graph('/a.md')),
      });
      expect(await targets()).toEqual(['/a.md']);

      const error = await vectors()
        .replaceDocument(spec(kb), doc.id, embedded(chunksOf(doc.id, ['second'])), {
          alsoWrite: async (tx) => {
            await replaceDocumentGraph(tx, kb.id, doc.id, graph('/b.md'));
            throw new Error('the graph write failed');
          },
        })
        .catch((e: unknown) => e);
      expect((error as Error).message).toBe('the graph write failed');
      expect((await h.service.document(doc.id)).chunks.map((c) => c.text)).toEqual(['first']);
      expect(await targets()).toEqual(['/a.md']);
      expect(await vectors().count(spec(kb))).toBe(1);

      await h.service.deleteDocument(doc.id);
      expect(await targets()).toEqual([]);
    });

    it('leaves one consistent set of chunks and vectors after concurrent replaces', async () => {
      const kb = await newKb('concurrent');
      const { doc } = await addDoc(kb, 'busy.txt', ['initial text']);
      const versions = [1, 2, 3].map((v) =>
        embedded(
          chunksOf(
            doc.id,
            Array.from({ length: v + 1 }, (_, i) => `version ${v} part ${i}`),
          ),
        ),
      );
      await Promise.all(
        versions.map((chunks) => vectors().replaceDocument(spec(kb), doc.id, chunks)),
      );
      const rows = (await h.service.document(doc.id)).chunks;
      expect([2, 3, 4]).toContain(rows.length);
      expect(await vectors().count(spec(kb))).toBe(rows.length);
      const found = await vectors().query(spec(kb), embedText('version part'), { k: 10 });
      expect(new Set(found.map((m) => m.chunkId))).toEqual(new Set(rows.map((r) => r.id)));
    });

    it('keyword search finds exact terms the vectors miss, and hybrid fuses both rankings', async () => {
      const kb = await newKb('hybrid');
      const { chunkIds } = await addDoc(kb, 'parts.txt', [
        'Part E1234 is the cooling fan module of the unit.',
        'Fan speed settings.',
        'The kitchen fan is loud at high speed.',
        'Ceiling fan installation.',
        'Filters should be cleaned every month.',
      ]);
      const target = chunkIds[0]!;
      const search = (mode: 'vector' | 'keyword' | 'hybrid') =>
        h.service.search({ kbIds: [kb.id], query: 'E1234 fan', mode, k: 5 });

      const vector = await search('vector');
      expect(vector.hits[0]?.chunk.id).not.toBe(target);
      const keyword = await search('keyword');
      expect(keyword.hits[0]?.chunk.id).toBe(target);
      expect(keyword.hits[0]?.scores.keyword).toBeGreaterThan(0);

      const hybrid = await search('hybrid');
      const vRank = vector.hits.findIndex((x) => x.chunk.id === target) + 1;
      const hRank = hybrid.hits.findIndex((x) => x.chunk.id === target) + 1;
      expect(hRank).toBeGreaterThan(0);
      expect(vRank === 0 || hRank < vRank).toBe(true);
      for (const hit of hybrid.hits) {
        const expected =
          (hit.scores.vectorRank ? 1 / (60 + hit.scores.vectorRank) : 0) +
          (hit.scores.keywordRank ? 1 / (60 + hit.scores.keywordRank) : 0);
        expect(hit.scores.fused).toBeCloseTo(expected, 12);
      }
      const both = hybrid.hits.find((x) => x.chunk.id === target)!;
      expect(both.scores).toMatchObject({
        keywordRank: 1,
        vector: expect.any(Number),
        keyword: expect.any(Number),
      });
      expect(hybrid.hits.map((x) => x.scores.fused)).toEqual(
        [...hybrid.hits.map((x) => x.scores.fused)].sort((a, b) => b - a),
      );
      expect(hybrid.reranker).toBe('none');

      // An exact phrase in quotes must occur as such.
      const phrase = await h.service.search({
        kbIds: [kb.id],
        query: '"fan speed"',
        mode: 'keyword',
        k: 5,
      });
      expect(phrase.hits.map((x) => x.chunk.id)).toEqual([chunkIds[1]]);
    });

    it('returns hits with their document, page, heading path and offsets', async () => {
      const kb = await newKb('citations');
      const doc = await h.service.upsertDocument(kb.id, {
        path: '/docs/guide.pdf',
        title: 'Guide',
        format: 'pdf',
        tags: ['manual'],
      });
      const chunks = chunksOf(
        doc.id,
        ['Install the pump on a level base.', 'Bleed the air valve before first use.'],
        {
          pageStart: 4,
          pageEnd: 5,
          headingPath: ['Setup', 'Pump'],
        },
      );
      await h.service.writeChunks(doc.id, embedded(chunks));
      const result = await h.service.search({
        kbIds: [kb.id],
        query: 'bleed the air valve',
        k: 1,
        filter: { tags: ['manual'] },
      });
      expect(result.hits[0]).toMatchObject({
        kbId: kb.id,
        document: { id: doc.id, path: '/docs/guide.pdf', title: 'Guide', tags: ['manual'] },
        chunk: {
          index: 1,
          text: chunks[1]!.text,
          start: chunks[1]!.start,
          end: chunks[1]!.end,
          pageStart: 4,
          pageEnd: 5,
          headingPath: ['Setup', 'Pump'],
        },
      });
    });
  });
}
