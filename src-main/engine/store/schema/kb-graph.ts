import { index, integer, pgTable, primaryKey, real, text } from 'drizzle-orm/pg-core';
import type { LinkKind } from '@shared/entities/rag';
import { kbDocuments } from './knowledge';

/**
 * The knowledge graph of a knowledge base: links found in documents and their key terms. Both are
 * written with a document's chunks (in the same transaction) and go with the document. Links point
 * at a normalised target, not a document id: they resolve at query time against `kb_documents`, so
 * a link to a file ingested later finds it. External URLs are not stored.
 */
export const kbDocumentLinks = pgTable(
  'kb_document_links',
  {
    documentId: text()
      .notNull()
      .references(() => kbDocuments.id, { onDelete: 'cascade' }),
    /** Position of the link in its document, from 0. */
    ordinal: integer().notNull(),
    kbId: text().notNull(),
    kind: text().$type<LinkKind>().notNull(),
    /** How `target` finds a document: 'path' (exact), 'stem' (path without extension) or 'name' (wiki). */
    match: text().$type<'path' | 'stem' | 'name'>().notNull(),
    target: text().notNull(),
    /** The target as written. */
    raw: text().notNull(),
    anchor: text().notNull().default(''),
    charStart: integer().notNull(),
    charEnd: integer().notNull(),
    /** The chunk the link is in (null when the document has no chunks). */
    chunkIndex: integer(),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.ordinal] }),
    index('kb_document_links_target').on(t.kbId, t.target),
  ],
);

/** A document's key terms (words) and entities (capitalised names), weighted by term frequency. */
export const kbDocumentTerms = pgTable(
  'kb_document_terms',
  {
    documentId: text()
      .notNull()
      .references(() => kbDocuments.id, { onDelete: 'cascade' }),
    kbId: text().notNull(),
    kind: text().$type<'term' | 'entity'>().notNull(),
    term: text().notNull(),
    weight: real().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.kind, t.term] }),
    index('kb_document_terms_term').on(t.kbId, t.kind, t.term),
  ],
);
