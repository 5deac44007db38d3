import { once } from 'node:events';
import { createDeflateRaw } from 'node:zlib';
import { docxEntries } from './docx';
import { writeZip } from './zip';

/** Deterministic pseudo-random bytes (xorshift32). */
export function pseudoRandomBytes(length: number, seed = 0x9e3779b9, range?: [number, number]): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = range ? range[0] + (x % (range[1] - range[0] + 1)) : x & 0xff;
  }
  return out;
}

/** Raw deflate of `total` zero bytes, produced in a stream (the zeros never sit in memory at once). */
export async function deflatedZeros(total: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const block = Buffer.alloc(1 << 20);
  for (let written = 0; written < total; written += block.length) {
    if (!deflate.write(block)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A DOCX whose word/document.xml inflates to `inflated` bytes while both its local and central
 * headers claim 2 KB (uncompressed) — a zip bomb that lies about its size.
 */
export async function makeLyingDocxBomb(inflated: number): Promise<Uint8Array> {
  const deflated = await deflatedZeros(inflated);
  const parts = docxEntries([{ text: 'decoy' }]).map((e) =>
    e.name === 'word/document.xml' ? { ...e, deflated, claimedSize: 2048, crc: 0x12345678 } : e,
  );
  return writeZip(parts);
}

/** A DOCX with `copies` small entries that each inflate to 8 MB: no single part is large, the sum is. */
export async function makeRepeatedDocxBomb(copies: number): Promise<Uint8Array> {
  const deflated = await deflatedZeros(8 << 20);
  const parts = docxEntries([{ text: 'decoy' }]);
  const bomb = Array.from({ length: copies }, (_, i) => ({ name: `word/media/${i}.bin`, data: '', deflated, claimedSize: 1 }));
  return writeZip([...parts, ...bomb]);
}

/** A minimal PDF body followed by noise: has a header and %%EOF but no readable structure. */
export function makeCorruptPdf(): Uint8Array {
  const noise = Buffer.from(pseudoRandomBytes(4096, 7));
  return new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R'), noise, Buffer.from('\n%%EOF\n')]));
}
