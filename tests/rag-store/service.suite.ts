import type { ChromaClient } from 'chromadb';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBus } from '../../src-main/engine/bus/bus';
import { KnowledgeBaseService } from '../../src-main/engine/rag/kb/index';
import type { Reranker } from '../../src-main/engine/rag/search/index';
import {
  chromaClientFor,
  chromaCollectionName,
  ChromaVectorStore,
  chromaConnector,
  hnswIndexName,
  PgVectorStore,
} from '../../src-main/engine/rag/store/index';
import { queryRows } from '../../src-main/engine/store/query';
import {
  chunksOf,
  embedded,
  serviceFor,
  testEmbedderConfig,
  testEmbedders,
  type Harness,
  type SuiteContext,
} from './fixtures';

export function knowledgeBaseSuite({ store, chromaUrl }: SuiteContext): void {
  describe('knowledge base service', () => {
    let h: Harness;
    let stores: { pgvector: PgVectorStore; chroma: ChromaVectorStore };
    let chroma: ChromaClient;
    const hasIndex = async (kbId: string) =>
      (
        await queryRows(
          store().db,
          sql`select 1 from pg_indexes where indexname = ${hnswIndexName(kbId)}`,
        )
      ).length > 0;
    const hasCollection = async (kbId: string) =>
      (await chroma.listCollections({ limit: 1000 })).some(
        (c) => c.name === chromaCollectionName(kbId),
      );

    beforeAll(async () => {
      stores = {
        pgvector: new PgVectorStore(store().db),
        chroma: new ChromaVectorStore(store().db, chromaConnector({ url: chromaUrl })),
      };
      h = serviceFor(store(), { get: (k) => stores[k] });
      chroma = await chromaClientFor(chromaUrl());
    });

    it('creates, lists, updates and deletes knowledge bases, publishing each change', async () => {
      const kb = await h.service.create({
        name: 'Handbook',
        description: 'HR',
        embedder: testEmbedderConfig(),
        chunking: { maxTokens: 300, overlapTokens: 40 },
      });
      expect(kb).toMatchObject({
        name: 'Handbook',
        storeKind: 'pgvector',
        embedding: { embedderId: 'ollama', model: 'bag-of-words', dimensions: 64 },
        chunking: { maxTokens: 300, overlapTokens: 40 },
        counts: { documents: 0, failed: 0, chunks: 0 },
        revision: 0,
      });
      expect(h.events.at(-1)).toEqual({ kind: 'upserted', knowledgeBase: kb });
      expect((await h.service.list()).map((k) => k.id)).toContain(kb.id);

      const renamed = await h.service.update(
        kb.id,
        { name: 'Staff handbook', chunking: { maxTokens: 512, overlapTokens: 64 } },
        0,
      );
      expect(renamed).toMatchObject({
        name: 'Staff handbook',
        revision: 1,
        chunking: { maxTokens: 512, overlapTokens: 64 },
      });
      await expect(h.service.update(kb.id, { name: 'Stale' }, 0)).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(
        h.service.create({ name: 'STAFF HANDBOOK', embedder: testEmbedderConfig() }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        issues: [{ path: ['name'] }],
      });

      expect(await h.service.delete(kb.id)).toBe(true);
      expect(h.events.at(-1)).toEqual({ kind: 'deleted', id: kb.id });
      expect(await h.service.delete(kb.id)).toBe(false);
      await expect(h.service.get(kb.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('defaults to pgvector, the bundled local model and 256/32-token chunks', async () => {
      const kb = await h.service.create({ name: 'Defaults' });
      expect(kb).toMatchObject({
        storeKind: 'pgvector',
        embedder: { provider: 'local', model: 'all-MiniLM-L6-v2' },
        embedding: { embedderId: 'local:q4', model: 'all-MiniLM-L6-v2', dimensions: 384 },
        chunking: { maxTokens: 256, overlapTokens: 32 },
      });
      expect(await hasIndex(kb.id)).toBe(true);
      await h.service.delete(kb.id);
    });

    it('refuses bad input with a validation error and changes nothing', async () => {
      const before = (await h.service.list()).length;
      await expect(
        h.service.create({ name: '  ', embedder: testEmbedderConfig() }),
      ).rejects.toMatchObject({ code: 'VALIDATION' });
      await expect(
        h.service.create({
          name: 'Bad chunks',
          embedder: testEmbedderConfig(),
          chunking: { maxTokens: 100, overlapTokens: 60 },
        }),
      ).rejects.toMatchObject({
        code: 'VALIDATION',
        issues: [{ path: ['chunking', 'overlapTokens'] }],
      });
      await expect(
        h.service.create({ name: 'Bad store', storeKind: 'faiss' as never }),
      ).rejects.toMatchObject({ code: 'VALIDATION' });
      expect((await h.service.list()).length).toBe(before);
      await expect(h.service.search({ kbIds: ['missing'], query: 'x' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('moves an empty knowledge base between stores and models, but not one that holds chunks', async () => {
      const kb = await h.service.create({ name: 'Movable', embedder: testEmbedderConfig(64) });
      expect(await hasIndex(kb.id)).toBe(true);

      const moved = await h.service.update(kb.id, {
        storeKind: 'chroma',
        embedder: testEmbedderConfig(32),
      });
      expect(moved).toMatchObject({ storeKind: 'chroma', embedding: { dimensions: 32 } });
      expect(await hasIndex(kb.id)).toBe(false);
      expect(await hasCollection(kb.id)).toBe(true);

      const doc = await h.service.upsertDocument(kb.id, { path: 'a.txt', format: 'text' });
      await h.service.writeChunks(doc.id, embedded(chunksOf(doc.id, ['some text']), 32));
      await expect(h.service.update(kb.id, { storeKind: 'pgvector' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(
        h.service.update(kb.id, { embedder: testEmbedderConfig(64) }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        issues: [{ path: ['embedder'] }],
      });
      expect((await h.service.get(kb.id)).storeKind).toBe('chroma');

      expect(await h.service.delete(kb.id)).toBe(true);
      expect(await hasCollection(kb.id)).toBe(false);
    });

    it('lists documents with their state, by tag and status, and counts failures', async () => {
      const kb = await h.service.create({ name: 'Documents', embedder: testEmbedderConfig() });
      const a = await h.service.upsertDocument(kb.id, {
        path: 'a.md',
        format: 'markdown',
        tags: ['x', 'x', 'y'],
      });
      const b = await h.service.upsertDocument(kb.id, {
        path: 'b.pdf',
        format: 'pdf',
        tags: ['y'],
      });
      await h.service.writeChunks(a.id, embedded(chunksOf(a.id, ['one', 'two'])));
      await h.service.markFailed(b.id, {
        code: 'VALIDATION',
        message: 'The PDF is encrypted.',
        reason: 'encrypted',
      });

      expect(a.tags).toEqual(['x', 'y']);
      const again = await h.service.upsertDocument(kb.id, {
        path: 'a.md',
        format: 'markdown',
        title: 'A',
      });
      expect(again).toMatchObject({ id: a.id, title: 'A', status: 'pending', chunkCount: 2 });
      await h.service.writeChunks(a.id, embedded(chunksOf(a.id, ['one', 'two', 'three'])));

      const all = await h.service.listDocuments(kb.id);
      expect(all.total).toBe(2);
      expect(all.documents.find((d) => d.id === a.id)).toMatchObject({
        status: 'ready',
        chunkCount: 3,
      });
      expect(all.documents.find((d) => d.id === b.id)).toMatchObject({
        status: 'failed',
        error: { reason: 'encrypted' },
      });
      expect(
        (await h.service.listDocuments(kb.id, { status: 'failed' })).documents.map((d) => d.id),
      ).toEqual([b.id]);
      expect((await h.service.listDocuments(kb.id, { tag: 'y', limit: 1 })).documents).toHaveLength(
        1,
      );
      expect((await h.service.get(kb.id)).counts).toEqual({ documents: 2, failed: 1, chunks: 3 });
      await expect(h.service.document('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('searches several knowledge bases of different models and stores together, with a rerank hook', async () => {
      const wide = await h.service.create({ name: 'Wide', embedder: testEmbedderConfig(64) });
      const narrow = await h.service.create({
        name: 'Narrow',
        storeKind: 'chroma',
        embedder: testEmbedderConfig(32),
      });
      const d1 = await h.service.upsertDocument(wide.id, { path: 'w.txt', format: 'text' });
      const d2 = await h.service.upsertDocument(narrow.id, { path: 'n.txt', format: 'text' });
      await h.service.writeChunks(
        d1.id,
        embedded(chunksOf(d1.id, ['solar panels on the roof', 'wind turbines offshore']), 64),
      );
      await h.service.writeChunks(
        d2.id,
        embedded(chunksOf(d2.id, ['solar power storage batteries', 'hydro dams']), 32),
      );

      const result = await h.service.search({
        kbIds: [wide.id, narrow.id],
        query: 'solar panels',
        k: 4,
      });
      expect(new Set(result.hits.slice(0, 2).map((x) => x.kbId))).toEqual(
        new Set([wide.id, narrow.id]),
      );
      expect(result.hits.slice(0, 2).every((x) => x.chunk.text.startsWith('solar'))).toBe(true);
      // Each knowledge base's vector ranking is its own ranking in the fusion.
      for (const id of [wide.id, narrow.id]) {
        const ranks = result.hits.filter((x) => x.kbId === id).map((x) => x.scores.vectorRank);
        expect(ranks.sort()).toEqual([1, 2]);
      }

      // A reranker reorders the fused candidates by its own scores.
      const byLength: Reranker = {
        id: 'shortest-first',
        rerank: async (_q, hits) => hits.map((x) => -x.chunk.text.length),
      };
      const reranked = await new KnowledgeBaseService({
        db: store().db,
        bus: createBus(),
        stores: { get: (k) => stores[k] },
        embedders: testEmbedders(),
        reranker: byLength,
      }).search({ kbIds: [wide.id, narrow.id], query: 'solar panels', k: 4 });
      expect(reranked.reranker).toBe('shortest-first');
      const lengths = reranked.hits.map((x) => x.chunk.text.length);
      expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
      expect(reranked.hits.every((x) => x.scores.rerank === -x.chunk.text.length)).toBe(true);
    });
  });
}
