import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '@shared/api/knowledge';
import {
  hnswIndexName,
  PgVectorStore,
  type CollectionSpec,
} from '../../src-main/engine/rag/store/index';
import { queryRows } from '../../src-main/engine/store/query';
import {
  chunksOf,
  embedText,
  serviceFor,
  testEmbedderConfig,
  type Harness,
  type SuiteContext,
} from './fixtures';

const spec = (kb: KnowledgeBase): CollectionSpec => ({
  kbId: kb.id,
  dimensions: kb.embedding.dimensions,
});

/** Words for generated chunks (vectors of random word mixes are spread out, as real ones are). */
const WORDS =
  'apple river stone cloud engine garden winter copper signal forest market planet violin harbor desert lantern'.split(
    ' ',
  );

function generatedTexts(n: number, seed: number): string[] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % WORDS.length;
  return Array.from({ length: n }, () => Array.from({ length: 6 }, () => WORDS[next()]).join(' '));
}

export function pgvectorSuite({ store }: SuiteContext): void {
  describe('pgvector indexes', () => {
    let h: Harness;
    let pgvector: PgVectorStore;
    const indexDef = async (kbId: string) =>
      (
        await queryRows<{ indexdef: string }>(
          store().db,
          sql`select indexdef from pg_indexes where indexname = ${hnswIndexName(kbId)}`,
        )
      )[0]?.indexdef;

    beforeAll(() => {
      pgvector = new PgVectorStore(store().db, { batchSize: 200, analyzeEvery: 500 });
      h = serviceFor(store(), { get: () => pgvector });
    });

    const fill = async (kb: KnowledgeBase, n: number, seed: number) => {
      const doc = await h.service.upsertDocument(kb.id, {
        path: `gen-${seed}.txt`,
        format: 'text',
      });
      const chunks = chunksOf(doc.id, generatedTexts(n, seed));
      await h.service.writeChunks(
        doc.id,
        chunks.map((chunk) => ({
          chunk,
          embedding: embedText(chunk.text, kb.embedding.dimensions),
        })),
      );
      return doc;
    };

    it('creates a partial HNSW index per knowledge base, on its dimension, and queries use it', async () => {
      const kb = await h.service.create({ name: 'index 64', embedder: testEmbedderConfig(64) });
      const small = await h.service.create({ name: 'index 32', embedder: testEmbedderConfig(32) });
      expect(await indexDef(kb.id)).toMatch(
        /USING hnsw \(\(\(embedding\)::vector\(64\)\) vector_cosine_ops\).*WHERE \(kb_id = '[^']+'::text\)/,
      );
      expect(await indexDef(small.id)).toMatch(/vector\(32\)/);

      const doc = await fill(kb, 600, 1);
      await fill(small, 50, 2);
      const q = embedText('river stone garden');
      const plan = await pgvector.explainQuery(spec(kb), q, { k: 10 });
      expect(plan).toContain(`Index Scan using ${hnswIndexName(kb.id)}`);
      // A filter keeps the index (iterative scans fill k).
      const filtered = await pgvector.explainQuery(spec(kb), q, {
        k: 10,
        filter: { documentIds: [doc.id] },
      });
      expect(filtered).toContain(`Index Scan using ${hnswIndexName(kb.id)}`);
      expect(
        await pgvector.query(spec(kb), q, { k: 10, filter: { documentIds: [doc.id] } }),
      ).toHaveLength(10);
      expect(await pgvector.query(spec(small), embedText('river', 32), { k: 3 })).toHaveLength(3);
    });

    it('builds the index once after a bulk load, and answers exactly meanwhile', async () => {
      const kb = await h.service.create({ name: 'bulk', embedder: testEmbedderConfig() });
      let during: boolean | undefined;
      await h.service.bulkLoad(kb.id, async () => {
        during = await pgvector.hasIndex(spec(kb));
        await fill(kb, 300, 3);
        const exact = await pgvector.query(
          spec(kb),
          embedText('apple river stone cloud engine garden'),
          { k: 5 },
        );
        expect(exact).toHaveLength(5);
      });
      expect(during).toBe(false);
      expect(await pgvector.hasIndex(spec(kb))).toBe(true);
      expect(await pgvector.count(spec(kb))).toBe(300);
    });

    it('indexes large dimensions as halfvec, and drops the index with the knowledge base', async () => {
      const kb = await h.service.create({ name: 'wide', embedder: testEmbedderConfig(3072) });
      expect(await indexDef(kb.id)).toMatch(/halfvec\(3072\)\) halfvec_cosine_ops/);
      await fill(kb, 5, 4);
      const [best] = await pgvector.query(spec(kb), embedText(generatedTexts(5, 4)[2]!, 3072), {
        k: 1,
      });
      expect(best?.score).toBeCloseTo(1, 2);

      expect(await h.service.delete(kb.id)).toBe(true);
      expect(await indexDef(kb.id)).toBeUndefined();
      const left = await queryRows(store().db, sql`select 1 from kb_chunks where kb_id = ${kb.id}`);
      expect(left).toHaveLength(0);
    });
  });
}
