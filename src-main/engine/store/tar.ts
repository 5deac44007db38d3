import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';

const BLOCK = 512;

function field(header: Uint8Array, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return Buffer.from(end >= 0 ? bytes.subarray(0, end) : bytes).toString('utf8');
}

/**
 * Writes the folders and regular files of a ustar archive (as PGlite's `dumpDataDir` makes them)
 * under `into`. Other entry types are skipped; a name that would land outside `into` throws.
 */
export function extractTar(tar: Uint8Array, into: string): void {
  for (let offset = 0; offset + BLOCK <= tar.length;) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const prefix = field(header, 345, 155);
    const name = normalize((prefix ? `${prefix}/` : '') + field(header, 0, 100)).replace(
      /^[/\\]+/,
      '',
    );
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    if (!Number.isFinite(size) || size < 0) throw new Error(`Bad tar entry size for ${name}`);
    if (isAbsolute(name) || name === '..' || name.startsWith(`..${sep}`))
      throw new Error(`Tar entry outside the target: ${name}`);
    const target = join(into, name);
    const data = offset + BLOCK;
    if (type === '5') mkdirSync(target, { recursive: true });
    else if (type === '0' || type === '\0') {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, tar.subarray(data, data + size));
    }
    offset = data + Math.ceil(size / BLOCK) * BLOCK;
  }
}
