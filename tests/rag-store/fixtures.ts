import type { Chunk, EmbedderConfig } from '@shared/entities/rag';
import { createBus, type Bus } from '../../src-main/engine/bus/bus';
import type { Embedder } from '../../src-main/engine/rag/embed/embedder';
import { KbEmbedders, KnowledgeBaseService } from '../../src-main/engine/rag/kb/index';
import type { EmbeddedChunk, VectorStore } from '../../src-main/engine/rag/store/index';
import type { Store } from '../../src-main/engine/store/index';
import { fakeEmbedding } from '../fakes/index';

export const DIM = 64;

/**
 * The embedding model of these tests (no model server runs here): hashed bag of words over
 * dictionary words. Like real embedding models, it does not capture identifiers such as part
 * numbers (tokens with digits are left out), so keyword search can find what it misses.
 */
export function embedText(text: string, dimension = DIM): Float32Array {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !/\d/.test(w));
  return Float32Array.from(fakeEmbedding(words.join(' '), dimension));
}

/** A knowledge base embedder config that needs no probing (the dimension is stated). */
export function testEmbedderConfig(dimensions = DIM): EmbedderConfig {
  return { provider: 'ollama', model: 'bag-of-words', dimensions };
}

/** Embedders for the service: the config's stated dimension, vectors from `embedText`. */
export function testEmbedders(): KbEmbedders {
  return new KbEmbedders(async (config) => {
    const dimensions = 'dimensions' in config && config.dimensions ? config.dimensions : DIM;
    const embedder: Embedder = {
      id: config.provider === 'local' ? 'local:q4' : config.provider,
      model: config.model,
      dimensions,
      embed: async (texts) => texts.map((t) => embedText(t, dimensions)),
    };
    return embedder;
  });
}

/** Simple chunks of a document, one per text, with offsets as if the texts were joined by "\n\n". */
export function chunksOf(documentId: string, texts: string[], extra: Partial<Chunk> = {}): Chunk[] {
  let offset = 0;
  return texts.map((text, index) => {
    const chunk: Chunk = {
      documentId,
      index,
      text,
      start: offset,
      end: offset + text.length,
      headingPath: [],
      kind: 'text',
      tokenCount: text.split(/\s+/).length,
      ...extra,
    };
    offset += text.length + 2;
    return chunk;
  });
}

export function embedded(chunks: Chunk[], dimension = DIM): EmbeddedChunk[] {
  return chunks.map((chunk) => ({ chunk, embedding: embedText(chunk.text, dimension) }));
}

export interface Harness {
  service: KnowledgeBaseService;
  bus: Bus;
  events: unknown[];
}

export function serviceFor(
  store: Store,
  stores: { get(kind: 'pgvector' | 'chroma'): VectorStore },
): Harness {
  const bus = createBus();
  const events: unknown[] = [];
  bus.subscribe('kb.changed', (e) => events.push(e));
  const service = new KnowledgeBaseService({
    db: store.db,
    bus,
    stores,
    embedders: testEmbedders(),
  });
  return { service, bus, events };
}

/** What the suites of tests/rag-store get: the database (per driver) and the Chroma server's URL. */
export interface SuiteContext {
  store: () => Store;
  driver: 'pglite' | 'pg';
  chromaUrl: () => string;
}
