import { z } from 'zod';
import { Chunk, ParsedDocument } from '@shared/entities/rag';
import { TokenizerSpec } from '../chunk/tokenizer';
import { KeyTerm } from '../graph/extract-terms';
import { ParseLimits } from './limits';

/** What the host asks a parse worker to do with one file. */
export const ParseTask = z.object({
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('path'), path: z.string().min(1), name: z.string().min(1) }),
    z.object({
      kind: z.literal('bytes'),
      bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'Expected bytes'),
      name: z.string().min(1),
    }),
  ]),
  limits: ParseLimits,
  /** When set, the worker also chunks the document and picks its key terms. */
  chunking: z
    .object({
      documentId: z.string().min(1),
      tokenizer: TokenizerSpec,
      maxTokens: z.number().int().positive().optional(),
      overlapTokens: z.number().int().nonnegative().optional(),
    })
    .optional(),
});
export type ParseTask = z.infer<typeof ParseTask>;
export type ParseTaskInput = z.input<typeof ParseTask>;

/** The parsed document; when chunking was asked (ingestion), also its chunks and key terms. */
export const ParseTaskResult = z.object({
  document: ParsedDocument,
  chunks: z.array(Chunk).optional(),
  terms: z.array(KeyTerm).optional(),
});
export type ParseTaskResult = z.infer<typeof ParseTaskResult>;
