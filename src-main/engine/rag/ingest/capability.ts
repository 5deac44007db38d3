import type { ingestMethods } from '@shared/api/ingest';
import type { uploadMethods } from '@shared/api/upload';
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
import { ingestHandlers, uploadHandlers } from './handlers';
import type { ProcessorOptions } from './processor';
import { IngestService } from './service';
import { UploadService } from './upload';

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
  /** Where uploaded files are kept (`<dataDir>/uploads`). */
  uploadsDir: string;
  modelsDir?: string;
  processor?: ProcessorOptions;
  watch?: { debounceMs?: number; rescanMs?: number };
  onError?: (message: string, error: unknown) => void;
}

export interface KnowledgeIngestion {
  ingest: IngestService;
  watches: WatchService;
  uploads: UploadService;
  handlers: HandlerSlice<typeof ingestMethods & typeof uploadMethods>;
  /** Resumes unfinished jobs, opens the watched folders and clears abandoned uploads. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The ingestion side of the RAG engine, for the composition root: the durable ingestion queue,
 * folder watching, `knowledge_search` for agents and "ask this knowledge base", with their API
 * handlers (`kb.ingest`, `kb.jobs`, … `kb.ask`), and uploads of files' bytes (`kb.upload.*`).
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
  const uploads = new UploadService({ root: deps.uploadsDir, ingest, kb: deps.kb, ...onError });
  const removeFailed = (error: unknown) => deps.onError?.('Could not remove uploaded files', error);
  const offKbChanged = deps.bus.subscribe('kb.changed', (e) => {
    if (e.kind !== 'deleted') return;
    void watches.forgetKnowledgeBase(e.id);
    void uploads.removeKnowledgeBase(e.id).catch(removeFailed);
  });
  // A deleted document that came from an upload takes its stored copy with it.
  const offDocumentChanged = deps.bus.subscribe('kb.document.changed', (e) => {
    if (e.kind === 'deleted') void uploads.removeStored(e.kbId, e.path).catch(removeFailed);
  });
  deps.builtins.register(knowledgeSearchTool(deps.kb));
  const handlers = {
    ...ingestHandlers({
      ingest,
      watches,
      ask: (request, signal) => askKnowledgeBase({ searcher: deps.kb, providerFor: deps.providerFor }, request, signal),
    }),
    ...uploadHandlers(uploads),
  };
  return {
    ingest,
    watches,
    uploads,
    handlers,
    async start() {
      await ingest.start();
      await watches.start();
      await uploads.start();
    },
    async close() {
      offKbChanged();
      offDocumentChanged();
      await uploads.close();
      await watches.close();
      await ingest.close();
    },
  };
}
