import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { ParseFailureReason } from '@shared/entities/rag';
import { AppError, parseOrThrow } from '@shared/errors';
import type { TokenizerSpecInput } from '../chunk/tokenizer';
import { WorkerPool, WorkerTaskError, type WorkerPoolStats } from '../../workers/pool';
import type { WorkerErrorShape } from '../../workers/protocol';
import { defineWorkerScript } from '../../workers/spawn';
import { DocumentParseError, parseError } from './errors';
import { chunkingCpuMs, ParseLimits, wallClockBackstop, type ParseLimitsInput } from './limits';
import { ParseTask, ParseTaskResult } from './protocol';

const parseWorker = defineWorkerScript('rag-parse', import.meta.url, './parse-worker', () => import('./parse-worker?modulePath'));

export interface DocumentParserOptions {
  /** Parse worker processes alive at once (default: up to 2). */
  workers?: number;
  /** Default limits; `memoryMb` applies to the workers and cannot change per call. */
  limits?: ParseLimitsInput;
  /** An idle worker stops after this long (default 30 s). */
  idleMs?: number;
}

export interface ParseOptions {
  /** Name used for format detection and in messages (default: the file's base name). */
  name?: string;
  signal?: AbortSignal;
  limits?: Partial<Omit<ParseLimits, 'memoryMb'>>;
  /** Also cut the document into chunks, in the worker. */
  chunking?: { documentId: string; tokenizer: TokenizerSpecInput; maxTokens?: number; overlapTokens?: number };
}

export interface DocumentParser {
  /** Reads and parses a file; a file over the size limit is rejected before it is opened. */
  parseFile(path: string, options?: ParseOptions): Promise<ParseTaskResult>;
  parseBytes(bytes: Uint8Array, name: string, options?: ParseOptions): Promise<ParseTaskResult>;
  stats(): WorkerPoolStats;
  /** Stops all workers; pending parses fail with reason `cancelled`. */
  close(): Promise<void>;
}

function fromWorker(shape: WorkerErrorShape): Error {
  const reason = ParseFailureReason.safeParse(shape.reason);
  if (reason.success) return new DocumentParseError(reason.data, shape.message, shape.hint ? { hint: shape.hint } : {});
  return new AppError(shape.code, shape.message, shape.hint ? { hint: shape.hint } : {});
}

function fromPool(error: unknown, name: string, limits: ParseLimits): unknown {
  if (!(error instanceof WorkerTaskError)) return error;
  switch (error.kind) {
    case 'timeout':
      return parseError('timeout', name, error.message.replace(/^The task /, 'it '), error);
    case 'out_of_memory':
      return parseError('too_large', name, `reading it needs more than ${limits.memoryMb} MB of memory`, error);
    case 'cancelled':
    case 'closed':
      return parseError('cancelled', name, undefined, error);
    default:
      return parseError('corrupt', name, 'the reader stopped unexpectedly on it', error);
  }
}

/**
 * Parses documents in a small pool of worker processes, so that slow or hostile files never block
 * or crash the engine: each file has a size, time and memory limit, and fails on its own with a
 * typed `DocumentParseError` (see `reason`).
 */
export function createDocumentParser(options: DocumentParserOptions = {}): DocumentParser {
  const defaults = parseOrThrow(ParseLimits, options.limits ?? {}, 'parse limits');
  const pool = new WorkerPool({
    script: parseWorker,
    size: options.workers ?? Math.max(1, Math.min(2, availableParallelism())),
    // Child processes, not threads: a hostile file that exhausts the heap must not take the engine down.
    isolation: 'process',
    memoryMb: defaults.memoryMb,
    ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
    mapError: fromWorker,
  });

  const run = async (source: ParseTask['source'], bytes: number, limits: ParseLimits, opts: ParseOptions) => {
    const task = parseOrThrow(ParseTask, { source, limits, ...(opts.chunking ? { chunking: opts.chunking } : {}) }, 'parse task');
    const budget = (cpuTimeMs: number) => ({ cpuTimeMs, timeoutMs: wallClockBackstop(cpuTimeMs) });
    try {
      const result = await pool.run(task, {
        // The parse limit covers reading and parsing; chunking, reported by the worker, gets its own.
        ...budget(limits.timeoutMs),
        onPhase: (phase) => (phase === 'chunking' ? budget(chunkingCpuMs(bytes)) : undefined),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      return parseOrThrow(ParseTaskResult, result, 'parse worker result');
    } catch (error) {
      throw fromPool(error, source.name, limits);
    }
  };

  return {
    async parseFile(path, opts = {}) {
      const name = opts.name ?? basename(path);
      const limits = { ...defaults, ...opts.limits };
      let size: number;
      try {
        const info = await stat(path);
        if (!info.isFile()) throw parseError('unsupported', name, 'it is not a regular file');
        size = info.size;
      } catch (error) {
        if (error instanceof DocumentParseError) throw error;
        throw parseError('unreadable', name, (error as NodeJS.ErrnoException).code, error);
      }
      if (size === 0) throw parseError('empty', name, 'the file is 0 bytes');
      if (size > limits.maxFileBytes) throw parseError('too_large', name, `${size} bytes; the limit is ${limits.maxFileBytes}`);
      return run({ kind: 'path', path, name }, size, limits, opts);
    },
    async parseBytes(bytes, name, opts = {}) {
      const limits = { ...defaults, ...opts.limits };
      if (bytes.byteLength === 0) throw parseError('empty', name, 'the file is 0 bytes');
      if (bytes.byteLength > limits.maxFileBytes) {
        throw parseError('too_large', name, `${bytes.byteLength} bytes; the limit is ${limits.maxFileBytes}`);
      }
      return run({ kind: 'bytes', bytes, name }, bytes.byteLength, limits, opts);
    },
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
}
