import { AppError } from '@shared/errors';
import type { PickedFile } from '../ui/drop-files';

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

/** One chunked upload of the API (`kb.upload.*` or `attachments.upload.*`): its four calls. */
export interface ChunkedUpload<T> {
  begin(): Promise<{ uploadId: string; chunkBytes: number; skipped?: number[] }>;
  chunk(input: { uploadId: string; file: number; offset: number; dataBase64: string }): Promise<{ received: number }>;
  finish(uploadId: string): Promise<T>;
  cancel(uploadId: string): Promise<unknown>;
}

export interface SendOptions {
  /** The engine answered `begin`: the files it will not take. */
  onStarted?: (skipped: number[]) => void;
  /** Bytes of file `index` the engine has so far. */
  onSent?: (index: number, received: number) => void;
  signal?: AbortSignal;
}

const cancelled = () => new AppError('CANCELLED', 'The upload was cancelled.');

/**
 * Sends files' bytes through a chunked upload of the API, a slice at a time, and answers what
 * `finish` answers. On failure or cancel the upload is dropped on the engine too.
 */
export async function sendFileBytes<T>(upload: ChunkedUpload<T>, files: readonly PickedFile[], options: SendOptions = {}): Promise<T> {
  const { signal } = options;
  if (signal?.aborted) throw cancelled();
  const { uploadId, chunkBytes, skipped = [] } = await upload.begin();
  options.onStarted?.(skipped);
  try {
    for (const [index, { file }] of files.entries()) {
      if (skipped.includes(index)) continue;
      for (let offset = 0; offset < file.size; offset += chunkBytes) {
        if (signal?.aborted) throw cancelled();
        const bytes = await readBytes(file.slice(offset, offset + chunkBytes));
        const { received } = await upload.chunk({ uploadId, file: index, offset, dataBase64: toBase64(bytes) });
        options.onSent?.(index, received);
      }
    }
    if (signal?.aborted) throw cancelled();
    return await upload.finish(uploadId);
  } catch (error) {
    void upload.cancel(uploadId).catch(() => undefined);
    throw error;
  }
}
