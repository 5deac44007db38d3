import type { EventPayload } from '@shared/api/index';
import type { IngestJob } from '@shared/api/ingest';
import type { EmbedderConfig } from '@shared/entities/rag';
import { createBus, type Bus } from '../../src-main/engine/bus/bus';
import { createLocalEmbedder, type Embedder } from '../../src-main/engine/rag/index';
import { IngestService, type ProcessorOptions } from '../../src-main/engine/rag/ingest/index';
import { KbEmbedders, KnowledgeBaseService } from '../../src-main/engine/rag/kb/index';
import { createDocumentParser, type DocumentParser } from '../../src-main/engine/rag/parse/parser';
import { createVectorStores, type VectorStores } from '../../src-main/engine/rag/store/index';
import type { Db } from '../../src-main/engine/store/index';
import { embedText } from '../rag-store/fixtures';

/** The test embedding model: deterministic bag of words; stated dimension, so nothing probes. */
export const BAG_OF_WORDS: EmbedderConfig = { provider: 'ollama', model: 'bag-of-words', dimensions: 64 };
export const LOCAL: EmbedderConfig = { provider: 'local', model: 'all-MiniLM-L6-v2' };

/** Counts every text the embedders are asked for (wrapping the real or deterministic model). */
export interface EmbedCounter {
  calls: number;
  texts: string[];
  /** When set, each embed call waits for it (to hold a job mid-file). */
  gate?: Promise<void>;
  /** Called when an embed call starts. */
  onCall?: () => void;
}

function counting(inner: Embedder, counter: EmbedCounter): Embedder {
  return {
    id: inner.id,
    model: inner.model,
    dimensions: inner.dimensions,
    async embed(texts, opts) {
      counter.calls++;
      counter.texts.push(...texts);
      counter.onCall?.();
      if (counter.gate) await counter.gate;
      return inner.embed(texts, opts);
    },
    ...(inner.close ? { close: () => inner.close!() } : {}),
  };
}

/** Embedders for knowledge bases: the local model for `local`, bag of words otherwise, all counted. */
export function countingEmbedders(counter: EmbedCounter): KbEmbedders {
  return new KbEmbedders(async (config) => {
    if (config.provider === 'local') return counting(createLocalEmbedder({ model: config.model }), counter);
    const dimensions = 'dimensions' in config && config.dimensions ? config.dimensions : 64;
    const bag: Embedder = {
      id: config.provider,
      model: config.model,
      dimensions,
      embed: async (texts) => texts.map((t) => embedText(t, dimensions)),
    };
    return counting(bag, counter);
  });
}

export interface IngestHarness {
  bus: Bus;
  parser: DocumentParser;
  kb: KnowledgeBaseService;
  ingest: IngestService;
  stores: VectorStores;
  embedders: KbEmbedders;
  counter: EmbedCounter;
  progress: Array<EventPayload<'kb.ingest.progress'>>;
  documentEvents: Array<EventPayload<'kb.document.changed'>>;
  /** Problems the service reported without failing a call. */
  errors: string[];
  /** Queues paths and waits for the job to end. */
  run(kbId: string, paths: string[], options?: { force?: boolean; tags?: string[] }): Promise<IngestJob>;
  close(): Promise<void>;
}

/** The real ingestion stack (parser workers, pgvector store, knowledge base service) on a database. */
export async function ingestHarness(
  db: Db,
  options: { parser?: DocumentParser; processor?: ProcessorOptions; bus?: Bus } = {},
): Promise<IngestHarness> {
  const bus = options.bus ?? createBus();
  const counter: EmbedCounter = { calls: 0, texts: [] };
  const embedders = countingEmbedders(counter);
  const stores = createVectorStores({ db });
  const kb = new KnowledgeBaseService({ db, bus, stores, embedders });
  const parser = options.parser ?? createDocumentParser({ workers: 2 });
  const errors: string[] = [];
  const ingest = new IngestService({
    db,
    bus,
    kb,
    stores,
    embedders,
    parser,
    processor: { pollMs: 200, ...options.processor },
    onError: (message, error) => errors.push(`${message}: ${error instanceof Error ? error.message : String(error)}`),
  });
  const progress: IngestHarness['progress'] = [];
  const documentEvents: IngestHarness['documentEvents'] = [];
  const offs = [bus.subscribe('kb.ingest.progress', (e) => progress.push(e)), bus.subscribe('kb.document.changed', (e) => documentEvents.push(e))];
  await ingest.start();
  return {
    bus,
    parser,
    kb,
    ingest,
    stores,
    embedders,
    counter,
    progress,
    documentEvents,
    errors,
    async run(kbId, paths, opts = {}) {
      const job = await ingest.ingest(kbId, paths, opts);
      return ingest.waitFor(job.id);
    },
    async close() {
      for (const off of offs) off();
      await ingest.close();
      if (!options.parser) await parser.close();
      await embedders.close();
      await stores.close();
    },
  };
}
