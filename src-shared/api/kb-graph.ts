import { z } from 'zod';
import { Id } from '../entities/agent';
import { DocumentFormat, LinkKind } from '../entities/rag';
import { method } from './define';
import { KbDocument, KbDocumentStatus } from './knowledge';

/** A link between two documents, as written in one of them. */
export const RelatedLink = z.object({
  kind: LinkKind,
  /** The anchor text (for an import, its line). */
  text: z.string(),
  /** The target as written, e.g. `../guide.md#setup`. */
  target: z.string(),
  /** The chunk of the linking document the link is in. */
  chunkIndex: z.number().int().nonnegative().nullable(),
});
export type RelatedLink = z.infer<typeof RelatedLink>;

export const TermKind = z.enum(['term', 'entity']);

/** A key term both documents have; `weight` is its share of their term similarity. */
export const SharedTerm = z.object({
  term: z.string(),
  kind: TermKind,
  weight: z.number().nonnegative(),
});
export type SharedTerm = z.infer<typeof SharedTerm>;

/**
 * A document related to another, and why. `score` = links (1 per direction, a little more for
 * more links) + term similarity (cosine of IDF-weighted key terms, 0–1).
 */
export const RelatedDocument = z.object({
  document: KbDocument,
  score: z.number().nonnegative(),
  scores: z.object({ links: z.number().nonnegative(), terms: z.number().nonnegative() }),
  reasons: z.object({
    /** Links from the asked document to this one (`chunkIndex`: a chunk of the asked document). */
    linksOut: z.array(RelatedLink),
    /** Links from this document to the asked one (`chunkIndex`: a chunk of this document). */
    linksIn: z.array(RelatedLink),
    /** The key terms and names they share that weigh most, heaviest first. */
    sharedTerms: z.array(SharedTerm),
  }),
});
export type RelatedDocument = z.infer<typeof RelatedDocument>;

export const GraphNode = z.object({
  id: Id,
  title: z.string(),
  path: z.string(),
  format: DocumentFormat,
  status: KbDocumentStatus,
});
export type GraphNode = z.infer<typeof GraphNode>;

/** A link edge points from the linking document; a terms edge has no direction (source < target). */
export const GraphEdge = z.object({
  source: Id,
  target: Id,
  kind: z.enum(['link', 'terms']),
  /** Links: how many; terms: IDF-weighted overlap of their key terms. */
  weight: z.number().nonnegative(),
});
export type GraphEdge = z.infer<typeof GraphEdge>;

export const kbGraphMethods = {
  /** Documents related to one (by links either way and shared key terms), best first. */
  'kb.related': method(
    z.object({ documentId: Id, limit: z.number().int().min(1).max(50).default(10) }).strict(),
    z.object({ documentId: Id, related: z.array(RelatedDocument) }),
  ),
  /** A knowledge base's documents and the links and term overlaps between them (for a graph view). */
  'kb.graph': method(
    z.object({ kbId: Id, limit: z.number().int().min(1).max(500).default(200) }).strict(),
    z.object({
      nodes: z.array(GraphNode),
      edges: z.array(GraphEdge),
      /** True when the knowledge base has more documents than `limit`. */
      truncated: z.boolean(),
    }),
  ),
};
