import { open } from 'node:fs/promises';
import { parseError } from './errors';

/**
 * Reads a file, but never more than `maxBytes` (+1 to notice a file that grew): a file larger than
 * the limit is rejected without reading it.
 */
export async function readFileLimited(path: string, name: string, maxBytes: number): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw parseError('unreadable', name, (error as NodeJS.ErrnoException).code ?? (error as Error).message, error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw parseError('unsupported', name, 'it is not a regular file');
    if (stat.size > maxBytes) throw parseError('too_large', name, `${stat.size} bytes; the limit is ${maxBytes}`);
    // A plain Uint8Array of its own (not a pooled Buffer): parsers may take the memory over.
    const buffer = new Uint8Array(Math.min(stat.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > maxBytes) throw parseError('too_large', name, `it grew past the limit of ${maxBytes} bytes`);
      if (filled === buffer.length) break;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
