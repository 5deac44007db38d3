import type { TokenizerSpec } from '../chunk/tokenizer';
import { defaultModelsDir, shippedLocalModel, type LocalModelLookup } from './models';

/**
 * The tokenizer of a local model, for chunking to its token budget. A user model's `repo` is an
 * absolute folder, which transformers.js reads directly (the models folder is then unused).
 */
export function localTokenizerSpec(
  model = 'all-MiniLM-L6-v2',
  modelsDir = defaultModelsDir(),
  lookup: LocalModelLookup = shippedLocalModel,
): TokenizerSpec {
  return { kind: 'huggingface', modelsDir, model: lookup(model).repo };
}
