import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Hf from '@huggingface/transformers';
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
  const { repo, dtype } = LOCAL_MODELS[name];
  const base = join(modelsDir, repo);
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model_${dtype}.onnx`].every((f) =>
    existsSync(join(base, f)),
  );
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
