import { join } from 'node:path';
import type { VectorStoreKind } from '@shared/api/knowledge';
import type { Db } from '../../store/types';
import { chromaConnector } from './chroma/client';
import { ChromaServerManager } from './chroma/server';
import { ChromaVectorStore, type ChromaVectorStoreOptions } from './chroma/store';
import { PgVectorStore, type PgVectorStoreOptions } from './pgvector/store';
import type { VectorStore } from './types';

export type {
  CollectionSpec,
  EmbeddedChunk,
  QueryOptions,
  VectorFilter,
  VectorMatch,
  VectorStore,
  WriteOptions,
} from './types';
export { DimensionMismatchError, checkVectors } from './errors';
export { PgVectorStore, type PgVectorStoreOptions } from './pgvector/store';
export { hnswIndexName } from './pgvector/index-sql';
export {
  ChromaVectorStore,
  chromaCollectionName,
  type ChromaVectorStoreOptions,
} from './chroma/store';
export { ChromaServerManager, type ChromaServerOptions } from './chroma/server';
export { chromaClientFor, chromaConnector, type ChromaConnection } from './chroma/client';

/** The vector stores of the engine, one per kind; Chroma connects (or starts) on first use. */
export interface VectorStores {
  get(kind: VectorStoreKind): VectorStore;
  readonly pgvector: PgVectorStore;
  readonly chroma: ChromaVectorStore;
  /** The local Chroma server this engine manages (started only when a Chroma knowledge base is used). */
  readonly chromaServer: ChromaServerManager | undefined;
  /** Closes the stores and stops the local Chroma server. */
  close(): Promise<void>;
}

export interface VectorStoresOptions {
  db: Db;
  /** The Chroma URL from settings (read on each connection); when unset, a local server is used. */
  chromaUrl?: () => string | undefined;
  /** The local Chroma server keeps its data in `<dataDir>/chroma`; without it there is no local server. */
  dataDir?: string;
  pgvector?: PgVectorStoreOptions;
  chroma?: ChromaVectorStoreOptions;
  onChromaLog?: (line: string) => void;
}

export function createVectorStores(options: VectorStoresOptions): VectorStores {
  const chromaServer = options.dataDir
    ? new ChromaServerManager({
        path: join(options.dataDir, 'chroma'),
        ...(options.onChromaLog ? { onLog: options.onChromaLog } : {}),
      })
    : undefined;
  const connect = chromaConnector({
    url: options.chromaUrl ?? (() => undefined),
    ...(chromaServer ? { server: chromaServer } : {}),
  });
  const pgvector = new PgVectorStore(options.db, options.pgvector);
  const chroma = new ChromaVectorStore(options.db, connect, options.chroma);
  return {
    pgvector,
    chroma,
    chromaServer,
    get: (kind) => (kind === 'chroma' ? chroma : pgvector),
    async close() {
      await pgvector.close();
      await chroma.close();
      await chromaServer?.stop();
    },
  };
}
