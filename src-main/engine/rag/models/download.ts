import { mkdir, mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '@shared/errors';
import { LOCAL_DTYPE_SUFFIX, onnxFileOf, type LocalDtype } from '../embed/models';
import { DTYPE_PREFERENCE } from './folder';

export interface DownloadProgress {
  file: string;
  received: number;
  total?: number;
}

export interface HubDownload {
  /** Hub address, e.g. https://huggingface.co (`HF_ENDPOINT`). */
  endpoint: string;
  repo: string;
  revision: string;
  dtype?: LocalDtype | undefined;
  /** The folder the model ends up in; it appears only once every file is complete. */
  target: string;
  signal: AbortSignal;
  onProgress: (progress: DownloadProgress) => void;
}

/** Files a model may have besides the required ones; a 404 on these is fine. */
const OPTIONAL = ['special_tokens_map.json', 'sentence_bert_config.json'];
const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
/** Progress is reported at most once per this many bytes (and at the end of each file). */
const PROGRESS_STEP = 1 << 20;

const cancelled = () => new AppError('CANCELLED', 'The download was cancelled.');

/**
 * Downloads a transformers.js model (config, tokenizer, the ONNX weights of one dtype and their
 * external data files) from the Hugging Face hub into a temporary folder next to `target`, then
 * moves it into place. On any failure the temporary folder is deleted and `target` is untouched.
 */
export async function downloadHubModel(d: HubDownload): Promise<{ dtype: LocalDtype }> {
  await mkdir(dirname(d.target), { recursive: true });
  const tmp = await mkdtemp(join(dirname(d.target), '.partial-'));
  try {
    for (const file of REQUIRED) await fetchFile(d, file, tmp, false);
    for (const file of OPTIONAL) await fetchFile(d, file, tmp, true);
    const candidates = d.dtype ? [d.dtype] : DTYPE_PREFERENCE;
    let dtype: LocalDtype | undefined;
    for (const candidate of candidates) {
      if (await fetchFile(d, onnxFileOf(candidate), tmp, true)) {
        dtype = candidate;
        break;
      }
    }
    if (!dtype) {
      throw new AppError('NOT_FOUND', `${d.repo} has no ${d.dtype ? onnxFileOf(d.dtype) : 'onnx/model*.onnx'} at revision ${d.revision}.`, {
        hint: 'Choose a repository with an ONNX export for transformers.js (e.g. Xenova/… or onnx-community/…), or another dtype.',
      });
    }
    for (const file of await externalDataFiles(tmp, dtype)) await fetchFile(d, file, tmp, false);
    await rm(d.target, { recursive: true, force: true });
    await rename(tmp, d.target);
    return { dtype };
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    if (d.signal.aborted) throw cancelled();
    throw error;
  }
}

/** The `.onnx_data` files the weights refer to (transformers.js_config.use_external_data_format). */
async function externalDataFiles(dir: string, dtype: LocalDtype): Promise<string[]> {
  const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const jsConfig = config['transformers.js_config'] as { use_external_data_format?: unknown } | undefined;
  const setting = jsConfig?.use_external_data_format;
  const base = `model${LOCAL_DTYPE_SUFFIX[dtype]}`;
  const value = setting && typeof setting === 'object' ? ((setting as Record<string, unknown>)[`${base}.onnx`] ?? (setting as Record<string, unknown>)[base]) : setting;
  const count = value === true ? 1 : typeof value === 'number' ? value : 0;
  return Array.from({ length: count }, (_, i) => `onnx/${base}.onnx_data${i === 0 ? '' : `_${i}`}`);
}

/** Downloads one file; false when it is optional and the hub has no such file. */
async function fetchFile(d: HubDownload, file: string, dir: string, optional: boolean): Promise<boolean> {
  if (d.signal.aborted) throw cancelled();
  const url = `${d.endpoint.replace(/\/+$/, '')}/${d.repo}/resolve/${encodeURIComponent(d.revision)}/${file}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: d.signal, redirect: 'follow' });
  } catch (error) {
    if (d.signal.aborted) throw cancelled();
    throw new AppError('UNAVAILABLE', `Could not reach ${url}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Check the internet connection (or HF_ENDPOINT), then try again.',
      cause: error,
    });
  }
  if (response.status === 404 || response.status === 401) {
    await response.body?.cancel();
    if (optional) return false;
    throw new AppError('NOT_FOUND', `${d.repo} has no ${file} at revision ${d.revision} (HTTP ${response.status}).`, {
      hint: 'Check the repository id and revision; private or gated repositories cannot be downloaded here.',
    });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new AppError('PROVIDER_ERROR', `Downloading ${file} of ${d.repo} failed with HTTP ${response.status}.`, {
      hint: 'Try again later.',
    });
  }
  const header = Number(response.headers.get('content-length'));
  const total = Number.isFinite(header) && header > 0 ? header : undefined;
  const dest = join(dir, file);
  await mkdir(dirname(dest), { recursive: true });
  const out = await open(dest, 'w');
  let received = 0;
  let reported = 0;
  const report = () => {
    reported = received;
    d.onProgress({ file, received, ...(total !== undefined ? { total } : {}) });
  };
  try {
    report();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await out.write(value);
      received += value.byteLength;
      if (received - reported >= PROGRESS_STEP) report();
    }
  } catch (error) {
    if (d.signal.aborted) throw cancelled();
    throw new AppError('UNAVAILABLE', `The download of ${file} broke off after ${received} bytes.`, {
      hint: 'Try again; the partial files were deleted.',
      cause: error,
    });
  } finally {
    await out.close();
  }
  if (total !== undefined && received !== total) {
    throw new AppError('UNAVAILABLE', `The download of ${file} ended after ${received} of ${total} bytes.`, {
      hint: 'Try again; the partial files were deleted.',
    });
  }
  report();
  return true;
}
