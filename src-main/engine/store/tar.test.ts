import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractTar } from './tar';

/** A ustar entry: header block (name, octal size, type) and its data padded to 512 bytes. */
function entry(name: string, type: '0' | '5' | '2', data = ''): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write(data.length.toString(8).padStart(11, '0'), 124, 12, 'ascii');
  header.write(type, 156, 1, 'ascii');
  header.write('ustar', 257, 6, 'ascii');
  const body = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  body.write(data, 0, 'utf8');
  return Buffer.concat([header, body]);
}
const archive = (...entries: Buffer[]) =>
  new Uint8Array(Buffer.concat([...entries, Buffer.alloc(1024)]));

describe('extractTar', () => {
  const root = mkdtempSync(join(tmpdir(), 'af-tar-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes folders and files (names as PGlite dumps them, with a leading slash), skipping other entries', () => {
    const into = join(root, 'ok');
    extractTar(
      archive(
        entry('/base', '5'),
        entry('/base/1/PG_VERSION', '0', '17\n'),
        entry('/big', '0', 'x'.repeat(1300)),
        entry('/link', '2'),
        entry('/empty', '0'),
      ),
      into,
    );
    expect(readFileSync(join(into, 'base', '1', 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect(readFileSync(join(into, 'big'), 'utf8')).toBe('x'.repeat(1300));
    expect(readFileSync(join(into, 'empty'), 'utf8')).toBe('');
    expect(existsSync(join(into, 'link'))).toBe(false);
  });

  it('refuses an entry that would land outside the target folder', () => {
    expect(() => extractTar(archive(entry('../escaped', '0', 'no')), join(root, 'bad'))).toThrow(
      /outside/,
    );
    expect(existsSync(join(root, 'escaped'))).toBe(false);
  });
});
