import { z } from 'zod';
import { method } from './define';

/** A local embedding model's name, as knowledge bases refer to it (e.g. "bge-small-en-v1.5"). */
export const LocalModelName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'A model name is letters, digits, ".", "-" or "_" (e.g. bge-small-en-v1.5).');

/** A Hugging Face repository id, "owner/name". */
export const HubRepoId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/, 'Give the repository as owner/name (e.g. Xenova/bge-small-en-v1.5).')
  .refine((s) => !s.includes('..'), 'A repository id cannot contain "..".');

/** The ONNX weight variants transformers.js can load. */
export const LocalModelDtype = z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4']);
export type LocalModelDtype = z.infer<typeof LocalModelDtype>;

/** A local embedding model: the shipped one, or one the user added. */
export const LocalModel = z.object({
  name: z.string(),
  /** builtin: ships with the app; folder: a folder the user pointed at; download: fetched from the hub. */
  source: z.enum(['builtin', 'folder', 'download']),
  /** The model folder (transformers.js layout: config.json, tokenizer.json, onnx/model*.onnx). */
  dir: z.string(),
  dtype: LocalModelDtype,
  dimensions: z.number().int().positive(),
  /** Longest input in tokens; longer texts are truncated. */
  maxTokens: z.number().int().positive(),
  /** The hub repository it was downloaded from. */
  repo: z.string().optional(),
  addedAt: z.string().optional(),
});
export type LocalModel = z.infer<typeof LocalModel>;

export const modelMethods = {
  'models.local.list': method(z.object({}).strict().default({}), z.array(LocalModel)),
  /** Registers a model folder on this machine; it is loaded once to measure its dimension. */
  'models.local.addFolder': method(
    z
      .object({
        path: z.string().trim().min(1, 'Give the folder of the model'),
        /** Default: the folder's name. */
        name: LocalModelName.optional(),
        /** Which weights to use when the folder holds several (default: q8, fp32, fp16, q4, …). */
        dtype: LocalModelDtype.optional(),
      })
      .strict(),
    LocalModel,
  ),
  /** Downloads a model from the Hugging Face hub into the data folder, then registers it. */
  'models.local.download': method(
    z
      .object({
        repo: HubRepoId,
        /** Default: the repository's name. */
        name: LocalModelName.optional(),
        dtype: LocalModelDtype.optional(),
        revision: z.string().trim().min(1).max(200).default('main'),
      })
      .strict(),
    LocalModel,
  ),
  'models.download.cancel': method(z.object({ repo: HubRepoId }).strict(), z.object({ cancelled: z.boolean() })),
  /** Forgets a user model (a downloaded one's files are deleted; a folder the user pointed at is kept). */
  'models.local.remove': method(z.object({ name: z.string().trim().min(1) }).strict(), z.object({ removed: z.boolean() })),
};

export const modelEvents = {
  /** Bytes of one file of a download so far; `total` when the server said (Content-Length). */
  'models.download.progress': z.object({
    repo: z.string(),
    file: z.string(),
    received: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().optional(),
  }),
};
