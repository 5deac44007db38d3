import type { ApiClient } from '@shared/api/index';
import type { IngestJob } from '@shared/api/ingest';
import { AppError } from '@shared/errors';
import type { PickedFile } from '../../ui/drop-files';

/** Reads part of a file (FileReader: in every browser, and in the test DOM). */
export function readBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsArrayBuffer(blob);
  });
}

/** Standard base64 of bytes (in slices, as `String.fromCharCode` takes limited arguments). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export interface UploadRequest {
  kbId: string;
  files: readonly PickedFile[];
  tags: string[];
  /** The engine answered `begin`: the files it will not take (inside folders, ignored). */
  onStarted?: (skipped: number[]) => void;
  /** Bytes of file `index` the engine has so far. */
  onSent?: (index: number, received: number) => void;
  signal?: AbortSignal;
}

const cancelled = () => new AppError('CANCELLED', 'The upload was cancelled.');

/**
 * Sends files' bytes through the API (`kb.upload.*`), a slice at a time, and answers with the
 * ingestion job that the engine queues for them. On failure or cancel the upload is dropped.
 */
export async function uploadFiles(api: ApiClient, request: UploadRequest): Promise<IngestJob> {
  const { kbId, files, tags, signal } = request;
  if (signal?.aborted) throw cancelled();
  const { uploadId, chunkBytes, skipped } = await api.call('kb.upload.begin', {
    kbId,
    files: files.map((f) => ({ relativePath: f.relativePath, bytes: f.file.size })),
    tags,
  });
  request.onStarted?.(skipped);
  try {
    for (const [index, { file }] of files.entries()) {
      if (skipped.includes(index)) continue;
      for (let offset = 0; offset < file.size; offset += chunkBytes) {
        if (signal?.aborted) throw cancelled();
        const bytes = await readBytes(file.slice(offset, offset + chunkBytes));
        const dataBase64 = toBase64(bytes);
        const { received } = await api.call('kb.upload.chunk', {
          uploadId,
          file: index,
          offset,
          dataBase64,
        });
        request.onSent?.(index, received);
      }
    }
    if (signal?.aborted) throw cancelled();
    return await api.call('kb.upload.finish', { uploadId });
  } catch (error) {
    void api.call('kb.upload.cancel', { uploadId }).catch(() => undefined);
    throw error;
  }
}
