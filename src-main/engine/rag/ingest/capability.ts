import type { ingestMethods } from '@shared/api/ingest';
import type { VectorStoreKind } from '@shared/api/knowledge';
import type { ModelRef } from '@shared/entities/model';
import type { Bus } from '../../bus/bus';
import type { HandlerSlice } from '../../handlers';
import type { LlmProvider } from '../../llm/provider';
import type { BuiltinTools } from '../../runtime/tools/builtins';
import type { Db } from '../../store/types';
import type { KbEmbedders, KnowledgeBaseService } from '../kb/index';
import { askKnowledgeBase } from '../query/ask';
import { knowledgeSearchTool } from '../query/knowledge-tool';
import type { VectorStore } from '../store/types';
import { WatchService } from '../watch/service';
import { ingestHandlers } from './handlers';
import type { ProcessorOptions } from './processor';
import { IngestService } from './service';

export interface KnowledgeIngestionDeps {
  db: Db;
  bus: Bus;
  kb: KnowledgeBaseService;
  stores: { get(kind: VectorStoreKind): VectorStore };
  embedders: KbEmbedders;
  /** Where `knowledge_search` is registered for agents. */
  builtins: Pick<BuiltinTools, 'register'>;
  /** The provider of a model, for `kb.ask`. */
  providerFor: (model: ModelRef) => LlmProvider;
  modelsDir?: string;
  processor?: ProcessorOptions;
  watch?: { debounceMs?: number; rescanMs?: number };
  onError?: (message: string, error: unknown) => void;
}

export interface KnowledgeIngestion {
  ingest: IngestService;
  watches: WatchService;
  handlers: HandlerSlice<typeof ingestMethods>;
  /** Resumes unfinished jobs and opens the watched folders. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The ingestion side of the RAG engine, for the composition root: the durable ingestion queue,
 * folder watching, `knowledge_search` for agents and "ask this knowledge base", with their API
 * handlers (`kb.ingest`, `kb.jobs`, … `kb.ask`).
 */
export function createKnowledgeIngestion(deps: KnowledgeIngestionDeps): KnowledgeIngestion {
  const onError = deps.onError ? { onError: deps.onError } : {};
  const ingest = new IngestService({
    db: deps.db,
    bus: deps.bus,
    kb: deps.kb,
    stores: deps.stores,
    embedders: deps.embedders,
    ...(deps.modelsDir ? { modelsDir: deps.modelsDir } : {}),
    ...(deps.processor ? { processor: deps.processor } : {}),
    ...onError,
  });
  const watches = new WatchService({
    db: deps.db,
    bus: deps.bus,
    ingest,
    knowledgeBase: (id) => deps.kb.get(id),
    ...deps.watch,
    ...onError,
  });
  const offKbChanged = deps.bus.subscribe('kb.changed', (e) => {
    if (e.kind === 'deleted') void watches.forgetKnowledgeBase(e.id);
  });
  deps.builtins.register(knowledgeSearchTool(deps.kb));
  const handlers = ingestHandlers({
    ingest,
    watches,
    ask: (request, signal) => askKnowledgeBase({ searcher: deps.kb, providerFor: deps.providerFor }, request, signal),
  });
  return {
    ingest,
    watches,
    handlers,
    async start() {
      await ingest.start();
      await watches.start();
    },
    async close() {
      offKbChanged();
      await watches.close();
      await ingest.close();
    },
  };
}
