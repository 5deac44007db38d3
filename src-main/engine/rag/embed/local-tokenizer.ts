import type { TokenizerSpec } from '../chunk/tokenizer';
import { defaultModelsDir, LOCAL_MODELS, type LocalModelName } from './models';

/** The tokenizer of a shipped local model, for chunking to its token budget. */
export function localTokenizerSpec(model: LocalModelName = 'all-MiniLM-L6-v2', modelsDir = defaultModelsDir()): TokenizerSpec {
  return { kind: 'huggingface', modelsDir, model: LOCAL_MODELS[model].repo };
}
