import { z } from 'zod';
import { AppError } from '@shared/errors';
import { WorkerPool, WorkerTaskError } from '../../workers/pool';
import { defineWorkerScript } from '../../workers/spawn';
import { inBatches, throwIfAborted, type Embedder, type EmbedOptions } from './embedder';
import { defaultModelsDir, isLocalModelPresent, LOCAL_MODELS, type LocalModelName } from './models';

const localWorker = defineWorkerScript('rag-embed', import.meta.url, './local-worker', () => import('./local-worker?modulePath'));

export interface LocalEmbedderOptions {
  /** Folder with the shipped models (default: `defaultModelsDir()`). */
  modelsDir?: string;
  model?: LocalModelName;
  /** Texts per worker request (default 32). */
  batchSize?: number;
  /** Longest one batch may take, model loading included (default 120 s). */
  timeoutMs?: number;
  /** The worker (and the loaded model) stops after this long unused (default 5 min). */
  idleMs?: number;
}

const WorkerResult = z.object({
  vectors: z.custom<Float32Array>((v) => v instanceof Float32Array, 'Expected a Float32Array'),
  dims: z.tuple([z.number().int().nonnegative(), z.number().int().positive()]),
});

/**
 * The local embedder: the shipped all-MiniLM-L6-v2 (ONNX, q4, 384 dimensions) run by
 * transformers.js in a worker thread, so the engine's event loop stays free.
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): Embedder {
  const name = options.model ?? 'all-MiniLM-L6-v2';
  const spec = LOCAL_MODELS[name];
  const modelsDir = options.modelsDir ?? defaultModelsDir();
  if (!isLocalModelPresent(modelsDir, name)) {
    throw new AppError('CONFIG', `The local embedding model ${name} is not in ${modelsDir}.`, {
      hint: 'Run `node scripts/fetch-model.mjs` (part of installing from source), or choose another embedder.',
    });
  }
  const pool = new WorkerPool({
    script: localWorker,
    size: 1,
    // A child process, not a thread: onnxruntime-node's native addon loads once per process, so a
    // second worker thread (another embedder, or a restart after the idle timeout) would fail with
    // "Module did not self-register". Processes also keep the model's memory out of the engine.
    isolation: 'process',
    data: { modelsDir, repo: spec.repo, dtype: spec.dtype, maxTokens: spec.maxTokens },
    idleMs: options.idleMs ?? 5 * 60_000,
    memoryMb: 1024,
  });
  const timeoutMs = options.timeoutMs ?? 120_000;

  const embedBatch = async (texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> => {
    let raw: unknown;
    try {
      raw = await pool.run({ texts }, { timeoutMs, ...(signal ? { signal } : {}) });
    } catch (error) {
      if (!(error instanceof WorkerTaskError)) throw error;
      if (error.kind === 'cancelled' || error.kind === 'closed') throw new AppError('CANCELLED', 'Embedding was cancelled.');
      if (error.kind === 'timeout') {
        throw new AppError('TIMEOUT', `Local embedding took longer than ${timeoutMs} ms.`, { hint: 'Embed fewer or shorter texts at once.' });
      }
      throw new AppError('INTERNAL', `The local embedding worker stopped: ${error.message}`, { cause: error });
    }
    const { vectors, dims } = WorkerResult.parse(raw);
    const [count, dimensions] = dims;
    if (count !== texts.length || dimensions !== spec.dimensions || vectors.length !== count * dimensions) {
      throw new AppError('INTERNAL', `The local model returned ${count}×${dimensions} values for ${texts.length} texts.`);
    }
    return Array.from({ length: count }, (_, i) => vectors.slice(i * dimensions, (i + 1) * dimensions));
  };

  return {
    id: `local:${spec.dtype}`,
    model: name,
    dimensions: spec.dimensions,
    async embed(texts: string[], opts: EmbedOptions = {}) {
      throwIfAborted(opts.signal);
      return inBatches(texts, options.batchSize ?? 32, opts.signal, (batch) => embedBatch(batch, opts.signal));
    },
    close: () => pool.close(),
  };
}
