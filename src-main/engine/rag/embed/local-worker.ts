// Entry of the local embedding worker: runs a transformers.js feature-extraction pipeline
// (mean pooling, normalised) on a model from the local models folder; nothing is downloaded.
import { z } from 'zod';
import { serveWorker, workerInput } from '../../workers/serve';
import { LocalModelDtype } from '@shared/api/models';
import { configureLocalModels } from './models';

const Input = z.object({
  modelsDir: z.string(),
  /** A folder under `modelsDir`, or an absolute folder (transformers.js reads that one directly). */
  repo: z.string(),
  dtype: LocalModelDtype,
  /** Longest input in tokens (the model's training length); longer texts are truncated. */
  maxTokens: z.number().int().positive(),
});
const Request = z.object({ texts: z.array(z.string()) });

const input = Input.parse(workerInput());

type Extractor = (texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<{ data: unknown; dims: number[] }>;
let extractor: Promise<Extractor> | undefined;

async function load(): Promise<Extractor> {
  const { pipeline } = await configureLocalModels(input.modelsDir);
  const pipe = await pipeline('feature-extraction', input.repo, { dtype: input.dtype, local_files_only: true });
  // As sentence-transformers does (max_seq_length), not the 512 positions the model config allows.
  pipe.tokenizer.model_max_length = input.maxTokens;
  return pipe as unknown as Extractor;
}

serveWorker(async (payload) => {
  const { texts } = Request.parse(payload);
  extractor ??= load();
  const extract = await extractor;
  const output = await extract(texts, { pooling: 'mean', normalize: true });
  const data = output.data instanceof Float32Array ? output.data : Float32Array.from(output.data as ArrayLike<number>);
  const vectors = data.slice();
  return { result: { vectors, dims: output.dims }, transfer: [vectors.buffer] };
});
