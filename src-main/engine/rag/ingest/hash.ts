import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '@shared/errors';

/**
 * The sha256 of a file's bytes and its size, read as a stream in 1 MB pieces so a large file
 * never blocks the event loop for long.
 */
export async function hashFile(path: string, signal?: AbortSignal): Promise<{ hash: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024, ...(signal ? { signal } : {}) });
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      hash.update(piece);
      bytes += piece.length;
    }
  } catch (error) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'Reading the file was cancelled.', { cause: error });
    throw error;
  }
  return { hash: `sha256:${hash.digest('hex')}`, bytes };
}
