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
  /**
   * Reading and parsing a file may take this much CPU time (where it can be measured: Linux), so a
   * loaded machine does not fail files that are merely waiting for a core; elsewhere it is wall-clock
   * time. Past it the file is stopped (its worker is terminated). Chunking has its own budget by size.
   */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Heap cap of a parse worker, in MB; a file that needs more fails with `too_large`. */
  memoryMb: z.number().int().min(32).default(1024),
});
export type ParseLimits = z.infer<typeof ParseLimits>;
export type ParseLimitsInput = z.input<typeof ParseLimits>;

/** Wall-clock time a phase may take at most, whatever its CPU time: a worker stuck waiting still ends. */
export function wallClockBackstop(cpuTimeMs: number): number {
  return cpuTimeMs * 5;
}

/** CPU time for chunking a file (and picking its key terms): 30 s, plus 30 s per MiB of the file. */
export function chunkingCpuMs(fileBytes: number): number {
  return 30_000 + Math.ceil((30_000 * fileBytes) / (1024 * 1024));
}
