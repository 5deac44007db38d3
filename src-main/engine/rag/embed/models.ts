import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Hf from '@huggingface/transformers';
import type { LocalModelDtype } from '@shared/api/models';
import { AppError } from '@shared/errors';

/** Local embedding models the app ships (fetched by scripts/fetch-model.mjs into resources/models). */
export const LOCAL_MODELS = {
  'all-MiniLM-L6-v2': {
    /** Folder under the models directory, as transformers.js expects it. */
    repo: 'onnx-community/all-MiniLM-L6-v2-ONNX',
    dtype: 'q4',
    dimensions: 384,
    /** sentence-transformers' max_seq_length for this model, special tokens included. */
    maxTokens: 256,
  },
} as const;
export type LocalModelName = keyof typeof LOCAL_MODELS;

/** The ONNX weight variants transformers.js loads, and the file suffix of each. */
export const LOCAL_DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const satisfies Record<LocalModelDtype, string>;
export type LocalDtype = LocalModelDtype;

/** The weights file of a dtype, relative to the model folder. */
export const onnxFileOf = (dtype: LocalDtype): string => `onnx/model${LOCAL_DTYPE_SUFFIX[dtype]}.onnx`;

/** The files every local model folder must hold (transformers.js layout). */
export const requiredModelFiles = (dtype: LocalDtype): string[] => ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileOf(dtype)];

/** Everything the local embedder needs to run a model. */
export interface LocalModelSpec {
  name: string;
  /** A folder under the models directory (shipped models), or an absolute folder (user models). */
  repo: string;
  dtype: LocalDtype;
  dimensions: number;
  /** Longest input in tokens, special tokens included. */
  maxTokens: number;
}

/** Finds a local model by name; throws a VALIDATION error naming the known ones. */
export type LocalModelLookup = (name: string) => LocalModelSpec;

/** The folder a model's files are in. */
export const modelFolderOf = (modelsDir: string, spec: Pick<LocalModelSpec, 'repo'>): string =>
  isAbsolute(spec.repo) ? spec.repo : join(modelsDir, spec.repo);

export function isShippedModel(name: string): name is LocalModelName {
  return Object.hasOwn(LOCAL_MODELS, name);
}

export function unknownLocalModel(name: string, known: readonly string[]): AppError {
  return new AppError('VALIDATION', `There is no local embedding model named "${name}".`, {
    hint: `Choose one of: ${known.join(', ')} — or add the model under Settings → Local embedding models.`,
    issues: [{ path: ['embedder', 'model'], message: `Unknown local model "${name}"` }],
  });
}

/** The lookup that knows only the shipped models (used when no registry is given). */
export const shippedLocalModel: LocalModelLookup = (name) => {
  if (!isShippedModel(name)) throw unknownLocalModel(name, Object.keys(LOCAL_MODELS));
  return { name, ...LOCAL_MODELS[name] };
};

type Transformers = typeof Hf;
let configured: { dir: string; module: Transformers } | undefined;

/**
 * Loads transformers.js set to read models only from `modelsDir` (never from the network).
 * The setting is process-wide (per thread): one models folder per thread.
 */
export async function configureLocalModels(modelsDir: string): Promise<Transformers> {
  const dir = resolve(modelsDir);
  if (configured && configured.dir !== dir) {
    throw new AppError('CONFIG', `Local models are already read from ${configured.dir}, not ${dir}.`, {
      hint: 'Use one models folder per process.',
    });
  }
  const module = configured?.module ?? (await import('@huggingface/transformers'));
  module.env.allowRemoteModels = false;
  module.env.allowLocalModels = true;
  module.env.localModelPath = dir.endsWith('/') ? dir : `${dir}/`;
  configured = { dir, module };
  return module;
}

/** True when every file the model needs is in `modelsDir`. */
export function isLocalModelPresent(modelsDir: string, name: LocalModelName = 'all-MiniLM-L6-v2'): boolean {
  return missingModelFiles(join(modelsDir, LOCAL_MODELS[name].repo), LOCAL_MODELS[name].dtype).length === 0;
}

/** The required files (relative paths) that `dir` lacks for `dtype`. */
export function missingModelFiles(dir: string, dtype: LocalDtype): string[] {
  return requiredModelFiles(dtype).filter((f) => !existsSync(join(dir, f)));
}

/**
 * Where the shipped models are: `$AGENT_FACTORY_MODELS_DIR`, the packaged app's resources folder,
 * or `resources/models` of the source tree (found by walking up from this file).
 */
export function defaultModelsDir(): string {
  const fromEnv = process.env.AGENT_FACTORY_MODELS_DIR;
  if (fromEnv) return resolve(fromEnv);
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath && existsSync(join(resourcesPath, 'models'))) return join(resourcesPath, 'models');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'resources', 'models');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return join(process.cwd(), 'resources', 'models');
    dir = parent;
  }
}
