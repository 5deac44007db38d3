import { z } from 'zod';
import { AppError } from '@shared/errors';
import { WorkerPool, WorkerTaskError } from '../../workers/pool';
import { defineWorkerScript } from '../../workers/spawn';
import { inBatches, throwIfAborted, type Embedder, type EmbedOptions } from './embedder';
import {
  defaultModelsDir,
  isShippedModel,
  missingModelFiles,
  modelFolderOf,
  shippedLocalModel,
  type LocalModelName,
  type LocalModelSpec,
} from './models';

const localWorker = defineWorkerScript('rag-embed', import.meta.url, './local-worker', () => import('./local-worker?modulePath'));

export interface LocalEmbedderOptions {
  /** Folder with the shipped models (default: `defaultModelsDir()`). */
  modelsDir?: string;
  /** A shipped model (default all-MiniLM-L6-v2); other names fail with VALIDATION. */
  model?: LocalModelName | (string & {});
  /** A model described in full (user models from the registry); overrides `model`. */
  spec?: LocalModelSpec;
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

type WorkerOptions = Pick<LocalEmbedderOptions, 'timeoutMs' | 'idleMs'>;

/** Starts (lazily) the worker process of one model; `run` embeds a batch and returns the raw result. */
function startWorker(modelsDir: string, spec: Omit<LocalModelSpec, 'dimensions'>, options: WorkerOptions) {
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
  const run = async (texts: string[], signal: AbortSignal | undefined) => {
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
    return WorkerResult.parse(raw);
  };
  return { run, close: () => pool.close() };
}

function assertPresent(modelsDir: string, spec: Omit<LocalModelSpec, 'dimensions'>, shipped: boolean): void {
  const dir = modelFolderOf(modelsDir, spec);
  const missing = missingModelFiles(dir, spec.dtype);
  if (missing.length === 0) return;
  throw new AppError('CONFIG', `The local embedding model ${spec.name} is not complete in ${dir} (missing ${missing.join(', ')}).`, {
    hint: shipped
      ? 'Run `node scripts/fetch-model.mjs` (part of installing from source), or choose another embedder.'
      : 'Put the files back, or remove the model under Settings → Local embedding models and add it again.',
  });
}

/**
 * Loads a model in a worker and embeds a probe text: its vector length is the model's dimension.
 * Errors say the model could not be loaded (CONFIG).
 */
export async function measureLocalModel(
  spec: Omit<LocalModelSpec, 'dimensions'>,
  options: { modelsDir?: string; timeoutMs?: number } = {},
): Promise<number> {
  const modelsDir = options.modelsDir ?? defaultModelsDir();
  assertPresent(modelsDir, spec, false);
  const worker = startWorker(modelsDir, spec, { idleMs: 60_000, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  try {
    const { dims, vectors } = await worker.run(['Probe sentence to measure the embedding dimension.'], undefined);
    const [count, dimensions] = dims;
    if (count !== 1 || !dimensions || vectors.length !== dimensions) {
      throw new AppError('CONFIG', `${spec.name} did not return one vector for one text (got ${count}×${dimensions}).`, {
        hint: 'Use a sentence-embedding model (feature extraction), not a generative or classification one.',
      });
    }
    return dimensions;
  } catch (error) {
    if (error instanceof AppError && error.code !== 'INTERNAL') throw error;
    throw new AppError('CONFIG', `The model ${spec.name} could not be loaded: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Check that the folder holds an ONNX export for transformers.js (config.json, tokenizer.json, onnx/model*.onnx).',
      cause: error,
    });
  } finally {
    await worker.close();
  }
}

/**
 * The local embedder: a local ONNX model (the shipped all-MiniLM-L6-v2, q4, 384 dimensions, or a
 * user model) run by transformers.js in a worker process, so the engine's event loop stays free.
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): Embedder {
  const spec = options.spec ?? shippedLocalModel(options.model ?? 'all-MiniLM-L6-v2');
  const modelsDir = options.modelsDir ?? defaultModelsDir();
  assertPresent(modelsDir, spec, isShippedModel(spec.name));
  const worker = startWorker(modelsDir, spec, options);

  const embedBatch = async (texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> => {
    const { vectors, dims } = await worker.run(texts, signal);
    const [count, dimensions] = dims;
    if (count !== texts.length || dimensions !== spec.dimensions || vectors.length !== count * dimensions) {
      throw new AppError('INTERNAL', `The local model returned ${count}×${dimensions} values for ${texts.length} texts.`);
    }
    return Array.from({ length: count }, (_, i) => vectors.slice(i * dimensions, (i + 1) * dimensions));
  };

  return {
    id: `local:${spec.dtype}`,
    model: spec.name,
    dimensions: spec.dimensions,
    async embed(texts: string[], opts: EmbedOptions = {}) {
      throwIfAborted(opts.signal);
      return inBatches(texts, options.batchSize ?? 32, opts.signal, (batch) => embedBatch(batch, opts.signal));
    },
    close: () => worker.close(),
  };
}
