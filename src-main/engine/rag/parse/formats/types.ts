import type { ParsedDocument } from '@shared/entities/rag';

/** What a format parser produces; the dispatcher adds format, size and warnings. */
export type Structured = Pick<ParsedDocument, 'text' | 'pages' | 'headings' | 'codeBlocks' | 'links'> & {
  title?: string;
  warnings?: string[];
};

/** Limits a parser must respect while it works. */
export interface ParseBudget {
  /** Most bytes an archive may inflate to, counted as they are inflated. */
  maxInflatedBytes: number;
  /** Most entries an archive may have. */
  maxArchiveEntries: number;
  /** Most pages read from a paged document. */
  maxPages: number;
  /** Most characters of text kept. */
  maxTextChars: number;
}
