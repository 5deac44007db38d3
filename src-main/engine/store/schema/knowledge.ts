import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { EmbedderConfig } from '@shared/entities/rag';
import { stemSql } from './path-keys';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * A pgvector `vector` of any dimension. Knowledge bases differ in dimension, so the column is
 * untyped; each knowledge base gets its own HNSW index on `embedding::vector(<its dimension>)`.
 */
const anyVector = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (value) => `[${value.join(',')}]`,
  fromDriver: (value) => JSON.parse(value) as number[],
});

/** Postgres full-text vector (always generated from the chunk text). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The text search configuration of chunk full-text search (stemming, stop words). */
export const KEYWORD_CONFIG = 'english';

export type KbStoreKind = 'pgvector' | 'chroma';
export type KbDocumentStatus = 'pending' | 'ready' | 'failed';

/** Knowledge bases: where their vectors live, the embedding space and how documents are chunked. */
export const knowledgeBases = pgTable(
  'knowledge_bases',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    description: text().notNull().default(''),
    storeKind: text().$type<KbStoreKind>().notNull(),
    /** The embedder config as the user chose it. */
    embedder: jsonb().$type<EmbedderConfig>().notNull(),
    /** The embedding space of the stored vectors (adapter id, model, dimension). */
    embedderId: text().notNull(),
    embeddingModel: text().notNull(),
    dimensions: integer().notNull(),
    chunkMaxTokens: integer().notNull(),
    chunkOverlapTokens: integer().notNull(),
    revision: integer().notNull().default(0),
    createdAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('knowledge_bases_name_unique').on(sql`lower(${t.name})`)],
);

/** Documents of a knowledge base (one per source path). */
export const kbDocuments = pgTable(
  'kb_documents',
  {
    id: text().primaryKey(),
    kbId: text()
      .notNull()
      .references(() => knowledgeBases.id, { onDelete: 'cascade' }),
    /** Source path or URL, unique within the knowledge base. */
    path: text().notNull(),
    title: text().notNull().default(''),
    format: text().notNull(),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text().$type<KbDocumentStatus>().notNull().default('pending'),
    /** Why ingestion failed (a ParseFailure-like object), when status is failed. */
    error: jsonb().$type<{ code: string; message: string; hint?: string; reason?: string }>(),
    bytes: integer().notNull().default(0),
    /** Content hash of the source as last ingested, to skip unchanged files. */
    contentHash: text(),
    createdAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('kb_documents_kb_path').on(t.kbId, t.path),
    index('kb_documents_tags').using('gin', t.tags),
    // Links without an extension (`./util`, Python modules) find their document by this key.
    index('kb_documents_kb_stem').on(t.kbId, sql.raw(stemSql('"path"'))),
  ],
);

/**
 * Chunks with their text, citation data and full-text vector, for every store kind. Vectors are
 * here for pgvector knowledge bases; Chroma-backed ones keep them in Chroma (embedding is null).
 */
export const kbChunks = pgTable(
  'kb_chunks',
  {
    id: text().primaryKey(),
    kbId: text()
      .notNull()
      .references(() => knowledgeBases.id, { onDelete: 'cascade' }),
    documentId: text()
      .notNull()
      .references(() => kbDocuments.id, { onDelete: 'cascade' }),
    chunkIndex: integer().notNull(),
    text: text().notNull(),
    charStart: integer().notNull(),
    charEnd: integer().notNull(),
    pageStart: integer(),
    pageEnd: integer(),
    headingPath: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    kind: text().$type<'text' | 'code'>().notNull().default('text'),
    language: text(),
    tokenCount: integer().notNull().default(0),
    embedding: anyVector(),
    tsv: tsvector().generatedAlwaysAs(
      sql.raw(`to_tsvector('${KEYWORD_CONFIG}'::regconfig, "text")`),
    ),
  },
  (t) => [
    index('kb_chunks_document').on(t.documentId, t.chunkIndex),
    index('kb_chunks_kb').on(t.kbId),
    index('kb_chunks_tsv').using('gin', t.tsv),
  ],
);
