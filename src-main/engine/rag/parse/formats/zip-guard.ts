import { createInflateRaw } from 'node:zlib';
import { parseError } from '../errors';

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

export interface ZipLimits {
  maxInflatedBytes: number;
  maxEntries: number;
}

export interface ZipEntryInfo {
  name: string;
  inflatedBytes: number;
}

function findEndOfCentralDirectory(view: DataView): number {
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= min; i--) if (view.getUint32(i, true) === EOCD_SIG) return i;
  return -1;
}

/**
 * Inflates bytes [from, to) with native zlib and a running count, stopping as soon as the count
 * passes `budget`. What counts is what the deflate stream really produces, whatever the headers
 * claim; output is counted and dropped, never kept.
 */
function inflatedSize(bytes: Uint8Array, from: number, to: number, budget: number, fileName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let total = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= budget) return;
      inflate.destroy();
      settle(() => reject(parseError('zip_bomb', fileName, `it inflates to more than ${budget} bytes`)));
    });
    inflate.on('end', () => settle(() => resolve(total)));
    inflate.on('error', (error) =>
      settle(() => reject(parseError('corrupt', fileName, `a compressed part is damaged: ${error.message}`, error))),
    );
    inflate.end(Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from));
  });
}

/**
 * Checks a zip archive before anything else unpacks it: counts entries and the bytes each entry
 * really inflates to (overlapping entries count again), rejecting encryption, ZIP64 and unknown
 * compression. Throws `zip_bomb`, `encrypted` or `corrupt`.
 */
export async function checkZip(bytes: Uint8Array, fileName: string, limits: ZipLimits): Promise<ZipEntryInfo[]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) throw parseError('corrupt', fileName, 'the zip directory is missing');
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw parseError('unsupported', fileName, 'ZIP64 archives are not read');
  if (count > limits.maxEntries) throw parseError('zip_bomb', fileName, `it has ${count} entries`);

  const raw = readDirectory(bytes, view, cdOffset, count, fileName);
  // Where each entry's data can end at the latest: the next header, or what its size field claims
  // if that reaches further (an unzipper trusting the field would read that far).
  const boundaries = [...new Set([...raw.map((e) => e.local), cdOffset, bytes.length])].sort((a, b) => a - b);

  const entries: ZipEntryInfo[] = [];
  let remaining = limits.maxInflatedBytes;
  for (const entry of raw) {
    const { name, method, compressed, local, flags } = entry;
    if (flags & 0x1) throw parseError('encrypted', fileName, `entry "${name}" is encrypted`);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOC_SIG) {
      throw parseError('corrupt', fileName, `entry "${name}" points outside the archive`);
    }
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const next = boundaries.find((b) => b > local) ?? bytes.length;
    const dataEnd = Math.min(bytes.length, Math.max(next, dataStart + compressed));
    let size: number;
    if (method === 0) size = Math.max(0, Math.min(compressed, bytes.length - dataStart));
    else if (method === 8) size = dataStart < dataEnd ? await inflatedSize(bytes, dataStart, dataEnd, remaining, fileName) : 0;
    else throw parseError('unsupported', fileName, `entry "${name}" uses compression method ${method}`);
    remaining -= size;
    if (remaining < 0) throw parseError('zip_bomb', fileName, `it inflates to more than ${limits.maxInflatedBytes} bytes`);
    entries.push({ name, inflatedBytes: size });
  }
  return entries;
}

interface RawEntry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  local: number;
}

function readDirectory(bytes: Uint8Array, view: DataView, cdOffset: number, count: number, fileName: string) {
  const entries: RawEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CEN_SIG) {
      throw parseError('corrupt', fileName, 'the zip directory is damaged');
    }
    const nameLen = view.getUint16(p + 28, true);
    entries.push({
      name: Buffer.from(bytes.subarray(p + 46, p + 46 + nameLen)).toString('utf8'),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      compressed: view.getUint32(p + 20, true),
      local: view.getUint32(p + 42, true),
    });
    p += 46 + nameLen + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return entries;
}
