import { z } from 'zod';
import { ErrorCode } from '../errors';

/** The kinds of document the RAG engine can read. */
export const DocumentFormat = z.enum(['pdf', 'docx', 'html', 'markdown', 'text', 'csv', 'json', 'code']);
export type DocumentFormat = z.infer<typeof DocumentFormat>;

/** A half-open character range [start, end) into a parsed document's `text`. */
const span = {
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
};

/** One page of a paged document (PDF); `number` starts at 1. */
export const PageSpan = z.object({ number: z.number().int().positive(), ...span });
export type PageSpan = z.infer<typeof PageSpan>;

/** A heading line (Markdown, HTML, DOCX). The span covers the heading line in `text`. */
export const HeadingSpan = z.object({ level: z.number().int().min(1).max(6), title: z.string(), ...span });
export type HeadingSpan = z.infer<typeof HeadingSpan>;

/** A block of source code (fenced Markdown block, HTML <pre>, or a whole source file). */
export const CodeSpan = z.object({ language: z.string().optional(), ...span });
export type CodeSpan = z.infer<typeof CodeSpan>;

/** How a document refers to another: a Markdown link, a `[[wiki link]]`, an HTML anchor, or a relative import/include in source code. */
export const LinkKind = z.enum(['markdown', 'wiki', 'html', 'import']);
export type LinkKind = z.infer<typeof LinkKind>;

/**
 * A link as written in a document: its target (as written, e.g. `../guide.md#setup` or `./util`),
 * its anchor text, and where it is. The span is in the parsed `text` (for HTML, the anchor text's
 * place in the converted text).
 */
export const LinkSpan = z.object({ kind: LinkKind, target: z.string(), text: z.string(), ...span });
export type LinkSpan = z.infer<typeof LinkSpan>;

/**
 * A document as the parser returns it: plain text (Markdown-flavoured for structured formats) and
 * its structure as character ranges into that text. Citations point into `text`.
 */
export const ParsedDocument = z.object({
  format: DocumentFormat,
  title: z.string().optional(),
  /** Source language for code files (by extension), e.g. "typescript". */
  language: z.string().optional(),
  text: z.string(),
  pages: z.array(PageSpan),
  headings: z.array(HeadingSpan),
  codeBlocks: z.array(CodeSpan),
  /** Links to other files (Markdown, HTML and source formats), in order. */
  links: z.array(LinkSpan).optional(),
  /** Size of the file as read, in bytes. */
  bytes: z.number().int().nonnegative(),
  /** Things the parser skipped or could not read, for display beside the document. */
  warnings: z.array(z.string()),
});
export type ParsedDocument = z.infer<typeof ParsedDocument>;

/** Why a file could not be parsed. */
export const ParseFailureReason = z.enum([
  'encrypted',
  'corrupt',
  'too_large',
  'timeout',
  'unsupported',
  'binary',
  'empty',
  'zip_bomb',
  /** Structure nested deeper than the parser follows (e.g. JSON a million levels deep). */
  'too_deep',
  'unreadable',
  'cancelled',
]);
export type ParseFailureReason = z.infer<typeof ParseFailureReason>;

/** A per-file parse failure, as an ingestion queue records and shows it. */
export const ParseFailure = z.object({
  reason: ParseFailureReason,
  code: ErrorCode,
  message: z.string(),
  hint: z.string().optional(),
});
export type ParseFailure = z.infer<typeof ParseFailure>;

/** How documents are cut into chunks; sizes are in the embedding model's tokens. */
export const ChunkingOptions = z
  .object({
    maxTokens: z.number().int().min(16).max(8192).default(256),
    overlapTokens: z.number().int().min(0).max(4096).default(32),
  })
  .refine((o) => o.overlapTokens < o.maxTokens / 2, {
    message: 'Overlap must be less than half the chunk size',
    path: ['overlapTokens'],
  });
export type ChunkingOptions = z.infer<typeof ChunkingOptions>;

/** One chunk of a document, with everything a citation needs. `text === document.text.slice(start, end)`. */
export const Chunk = z.object({
  documentId: z.string().min(1),
  /** Position of the chunk in its document, from 0. */
  index: z.number().int().nonnegative(),
  text: z.string(),
  ...span,
  /** First and last page the chunk covers (paged formats only). */
  pageStart: z.number().int().positive().optional(),
  pageEnd: z.number().int().positive().optional(),
  /** Titles of the enclosing headings, outermost first. */
  headingPath: z.array(z.string()),
  kind: z.enum(['text', 'code']),
  language: z.string().optional(),
  tokenCount: z.number().int().nonnegative(),
});
export type Chunk = z.infer<typeof Chunk>;

/** Where an answer came from: a chunk's place in its document. */
export const Citation = z.object({
  documentId: z.string().min(1),
  chunkIndex: z.number().int().nonnegative(),
  ...span,
  pageStart: z.number().int().positive().optional(),
  pageEnd: z.number().int().positive().optional(),
  headingPath: z.array(z.string()),
  /** The cited text (may be shortened for display). */
  snippet: z.string(),
});
export type Citation = z.infer<typeof Citation>;

/** Which embedding model a knowledge base uses. Stored with the knowledge base. */
export const EmbedderConfig = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('local'),
    /** The shipped all-MiniLM-L6-v2 or a model the user added (checked against the registry by the engine). */
    model: z.string().trim().min(1, 'Choose a local model').max(100).default('all-MiniLM-L6-v2'),
  }),
  z.object({
    provider: z.literal('ollama'),
    model: z.string().trim().min(1, 'Choose an embedding model').max(200),
    /** Known dimension; when absent it is measured with one probe request. */
    dimensions: z.number().int().positive().max(65_536).optional(),
  }),
  z.object({
    provider: z.enum(['openai', 'openai-compatible']),
    model: z.string().trim().min(1, 'Choose an embedding model').max(200),
    /** Requested output dimension (OpenAI text-embedding-3 models can shorten vectors). */
    dimensions: z.number().int().positive().max(65_536).optional(),
  }),
]);
export type EmbedderConfig = z.infer<typeof EmbedderConfig>;
export type EmbedderConfigInput = z.input<typeof EmbedderConfig>;

/** What a knowledge base records about the vectors it holds; a change means re-embedding. */
export const EmbeddingSpace = z.object({
  /** Adapter identity, e.g. "local:q4", "ollama", "openai". */
  embedderId: z.string().min(1),
  model: z.string().min(1),
  dimensions: z.number().int().positive(),
});
export type EmbeddingSpace = z.infer<typeof EmbeddingSpace>;
