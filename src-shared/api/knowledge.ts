import { z } from 'zod';
import { Id } from '../entities/agent';
import { ChunkingOptions, DocumentFormat, EmbedderConfig, EmbeddingSpace } from '../entities/rag';
import { method } from './define';

/** Where a knowledge base keeps its vectors. Chunk text, metadata and full text always live in Postgres. */
export const VectorStoreKind = z.enum(['pgvector', 'chroma']);
export type VectorStoreKind = z.infer<typeof VectorStoreKind>;

const Name = z.string().trim().min(1, 'Name is required').max(80, 'At most 80 characters');
const Description = z.string().max(2000, 'At most 2000 characters');
const Tag = z.string().trim().min(1).max(40);

/** What a user gives to create a knowledge base. */
export const KnowledgeBaseInput = z
  .object({
    name: Name,
    description: Description.default(''),
    storeKind: VectorStoreKind.default('pgvector'),
    embedder: EmbedderConfig.default({ provider: 'local', model: 'all-MiniLM-L6-v2' }),
    chunking: ChunkingOptions.default({ maxTokens: 256, overlapTokens: 32 }),
  })
  .strict();
export type KnowledgeBaseInput = z.input<typeof KnowledgeBaseInput>;

/**
 * A change to a knowledge base. Name, description and chunking can change at any time (chunking
 * applies to documents ingested afterwards); the store kind and the embedder only while it holds
 * no chunks, since existing vectors would not fit.
 */
export const KnowledgeBasePatch = z
  .object({
    name: Name.optional(),
    description: Description.optional(),
    storeKind: VectorStoreKind.optional(),
    embedder: EmbedderConfig.optional(),
    chunking: ChunkingOptions.optional(),
  })
  .strict();
export type KnowledgeBasePatch = z.input<typeof KnowledgeBasePatch>;

export const KnowledgeBaseCounts = z.object({
  documents: z.number().int().nonnegative(),
  /** Documents whose ingestion failed. */
  failed: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
});

export const KnowledgeBase = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  storeKind: VectorStoreKind,
  embedder: EmbedderConfig,
  /** The space of the stored vectors; the dimension is fixed when the knowledge base is created. */
  embedding: EmbeddingSpace,
  chunking: z.object({ maxTokens: z.number().int(), overlapTokens: z.number().int() }),
  counts: KnowledgeBaseCounts,
  /** Incremented on every update; used to detect concurrent edits. */
  revision: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type KnowledgeBase = z.infer<typeof KnowledgeBase>;

export const KbDocumentStatus = z.enum(['pending', 'ready', 'failed']);

export const KbDocument = z.object({
  id: Id,
  kbId: Id,
  path: z.string(),
  title: z.string(),
  format: DocumentFormat,
  tags: z.array(z.string()),
  status: KbDocumentStatus,
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      hint: z.string().optional(),
      reason: z.string().optional(),
    })
    .nullable(),
  bytes: z.number().int().nonnegative(),
  chunkCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type KbDocument = z.infer<typeof KbDocument>;

/** A stored chunk, with what a citation needs. `text === document text.slice(start, end)`. */
export const KbChunk = z.object({
  id: z.string(),
  documentId: Id,
  index: z.number().int().nonnegative(),
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  pageStart: z.number().int().positive().optional(),
  pageEnd: z.number().int().positive().optional(),
  headingPath: z.array(z.string()),
  kind: z.enum(['text', 'code']),
  language: z.string().optional(),
  tokenCount: z.number().int().nonnegative(),
});
export type KbChunk = z.infer<typeof KbChunk>;

export const SearchMode = z.enum(['vector', 'keyword', 'hybrid']);
export type SearchMode = z.infer<typeof SearchMode>;

/** Restricts a search to some documents and/or documents carrying any of some tags. */
export const SearchFilter = z
  .object({
    documentIds: z.array(Id).min(1).max(1000).optional(),
    tags: z.array(Tag).min(1).max(50).optional(),
  })
  .strict();
export type SearchFilter = z.infer<typeof SearchFilter>;

export const SearchRequest = z
  .object({
    kbIds: z.array(Id).min(1, 'Choose a knowledge base').max(50),
    query: z.string().trim().min(1, 'Type what to search for').max(10_000),
    mode: SearchMode.default('hybrid'),
    k: z.number().int().min(1).max(100).default(10),
    filter: SearchFilter.default({}),
    /** Reciprocal rank fusion constant: score = Σ 1 / (rrfK + rank). */
    rrfK: z.number().int().min(1).max(1000).default(60),
  })
  .strict();
export type SearchRequest = z.input<typeof SearchRequest>;

export const SearchHit = z.object({
  chunk: KbChunk,
  kbId: Id,
  document: z.object({ id: Id, path: z.string(), title: z.string(), tags: z.array(z.string()) }),
  scores: z.object({
    /** Cosine similarity of the chunk's vector to the query's (when the vector ranking found it). */
    vector: z.number().optional(),
    /** Full-text rank (ts_rank_cd, normalised to [0, 1)) when the keyword ranking found it. */
    keyword: z.number().optional(),
    vectorRank: z.number().int().positive().optional(),
    keywordRank: z.number().int().positive().optional(),
    /** Reciprocal rank fusion of the rankings that found it; hits are ordered by it (or by rerank). */
    fused: z.number(),
    rerank: z.number().optional(),
  }),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({
  hits: z.array(SearchHit),
  mode: SearchMode,
  /** The reranker applied ("none" by default). */
  reranker: z.string(),
  tookMs: z.number().nonnegative(),
});
export type SearchResult = z.infer<typeof SearchResult>;

const ById = z.object({ id: Id }).strict();

export const knowledgeMethods = {
  /** The knowledge bases; those holding a thread's attached files only with `includeThreads`. */
  'kb.list': method(z.object({ includeThreads: z.boolean().default(false) }).strict().default({ includeThreads: false }), z.array(KnowledgeBase)),
  'kb.get': method(ById, KnowledgeBase),
  'kb.create': method(KnowledgeBaseInput, KnowledgeBase),
  'kb.update': method(
    z
      .object({
        id: Id,
        patch: KnowledgeBasePatch,
        /** When given, the update fails with CONFLICT if the knowledge base changed since. */
        expectedRevision: z.number().int().nonnegative().optional(),
      })
      .strict(),
    KnowledgeBase,
  ),
  /** Deletes the knowledge base with its documents, chunks and vectors. */
  /** Refused (CONFLICT, naming them) while agents use it, unless `force`. */
  'kb.delete': method(ById.extend({ force: z.boolean().optional() }), z.object({ deleted: z.boolean() })),
  'kb.search': method(SearchRequest, SearchResult),
  'kb.documents': method(
    z
      .object({
        kbId: Id,
        tag: Tag.optional(),
        status: KbDocumentStatus.optional(),
        limit: z.number().int().min(1).max(1000).default(200),
        offset: z.number().int().nonnegative().default(0),
      })
      .strict(),
    z.object({ documents: z.array(KbDocument), total: z.number().int().nonnegative() }),
  ),
  /** One document with its chunks, in order. */
  'kb.document': method(ById, z.object({ document: KbDocument, chunks: z.array(KbChunk) })),
};

export const knowledgeEvents = {
  'kb.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upserted'), knowledgeBase: KnowledgeBase }),
    z.object({ kind: z.literal('deleted'), id: Id }),
  ]),
};
