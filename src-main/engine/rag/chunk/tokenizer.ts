import { z } from 'zod';
import { AppError } from '@shared/errors';
import { configureLocalModels } from '../embed/models';

/** Counts tokens the way an embedding model does. Chunk sizes are measured with it. */
export interface Tokenizer {
  /** Identity, e.g. "hf:onnx-community/all-MiniLM-L6-v2-ONNX". */
  readonly id: string;
  /** Tokens the model adds around every input (e.g. [CLS] and [SEP]). */
  readonly specialTokens: number;
  /** Tokens in `text`, not counting special tokens. */
  count(text: string): number;
}

/** A tokenizer described as data, so a worker thread can load the same one. */
export const TokenizerSpec = z.discriminatedUnion('kind', [
  /** A Hugging Face tokenizer from a local model folder (`<modelsDir>/<model>/tokenizer.json`). */
  z.object({ kind: z.literal('huggingface'), modelsDir: z.string().min(1), model: z.string().min(1) }),
  /** An estimate for models whose tokenizer is not at hand (remote APIs): characters per token. */
  z.object({
    kind: z.literal('chars'),
    charsPerToken: z.number().positive().max(16).default(4),
    specialTokens: z.number().int().nonnegative().default(0),
  }),
]);
export type TokenizerSpec = z.infer<typeof TokenizerSpec>;
export type TokenizerSpecInput = z.input<typeof TokenizerSpec>;

/** Estimates tokens from length; for models whose tokenizer is not available locally. */
export function charsTokenizer(charsPerToken = 4, specialTokens = 0): Tokenizer {
  return {
    id: `chars:${charsPerToken}`,
    specialTokens,
    count: (text) => Math.ceil(text.length / charsPerToken),
  };
}

/** Loads a Hugging Face tokenizer from a local model folder; nothing is downloaded. */
export async function loadHuggingFaceTokenizer(modelsDir: string, model: string): Promise<Tokenizer> {
  const { AutoTokenizer } = await configureLocalModels(modelsDir);
  let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(model, { local_files_only: true });
  } catch (error) {
    throw new AppError('CONFIG', `The tokenizer of "${model}" could not be loaded from ${modelsDir}.`, {
      hint: 'Fetch the model files with `node scripts/fetch-model.mjs`, or check the models folder setting.',
      cause: error,
    });
  }
  const specialTokens = tokenizer.encode('', { add_special_tokens: true }).length;
  return {
    id: `hf:${model}`,
    specialTokens,
    count: (text) => (text ? tokenizer.encode(text, { add_special_tokens: false }).length : 0),
  };
}

const cache = new Map<string, Promise<Tokenizer>>();

/** Loads (once per spec) the tokenizer a spec describes. */
export function loadTokenizer(input: TokenizerSpecInput): Promise<Tokenizer> {
  const spec = TokenizerSpec.parse(input);
  const key = JSON.stringify(spec);
  let tokenizer = cache.get(key);
  if (!tokenizer) {
    tokenizer =
      spec.kind === 'chars'
        ? Promise.resolve(charsTokenizer(spec.charsPerToken, spec.specialTokens))
        : loadHuggingFaceTokenizer(spec.modelsDir, spec.model);
    tokenizer.catch(() => cache.delete(key));
    cache.set(key, tokenizer);
  }
  return tokenizer;
}
