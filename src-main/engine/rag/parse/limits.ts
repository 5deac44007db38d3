import { z } from 'zod';
import { MAX_DOCUMENT_BYTES } from '@shared/api/upload-limits';

/** Limits for reading one file. Every file that breaks one gets a typed per-file error. */
export const ParseLimits = z.object({
  /** Largest file read at all (checked before reading). */
  maxFileBytes: z.number().int().positive().default(MAX_DOCUMENT_BYTES),
  /** Most bytes an archive (DOCX) may inflate to, counted while inflating. */
  maxInflatedBytes: z.number().int().positive().default(256 * 1024 * 1024),
  maxArchiveEntries: z.number().int().positive().default(5_000),
  maxPages: z.number().int().positive().default(5_000),
  /** Most characters of text kept from one document. */
  maxTextChars: z.number().int().positive().default(32 * 1024 * 1024),
  /** A file that takes longer is stopped (its worker is terminated). */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Heap cap of a parse worker, in MB; a file that needs more fails with `too_large`. */
  memoryMb: z.number().int().min(32).default(1024),
});
export type ParseLimits = z.infer<typeof ParseLimits>;
export type ParseLimitsInput = z.input<typeof ParseLimits>;
