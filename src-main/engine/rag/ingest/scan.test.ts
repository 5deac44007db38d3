import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFile } from './hash';
import { isIngestibleFile, walkFolder } from './scan';

describe('finding the files of a folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'af-scan-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('walks sub-folders for supported files, skipping hidden entries, node_modules and symbolic links', async () => {
    mkdirSync(join(root, 'docs', 'deep'), { recursive: true });
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
    for (const f of ['a.md', 'docs/b.PDF', 'docs/deep/c.ts', 'docs/photo.png', 'docs/.hidden.md', '.git/config.md', 'node_modules/pkg/d.md', 'noext']) {
      writeFileSync(join(root, f), 'x');
    }
    symlinkSync(root, join(root, 'docs', 'loop'));
    const { files, problems } = await walkFolder(root);
    expect(files).toEqual([join(root, 'a.md'), join(root, 'docs/b.PDF'), join(root, 'docs/deep/c.ts')]);
    expect(problems).toEqual([]);
    expect(isIngestibleFile(root, join(root, 'docs/deep/c.ts'))).toBe(true);
    expect(isIngestibleFile(root, join(root, 'node_modules/pkg/d.md'))).toBe(false);
    expect(isIngestibleFile(root, join(root, 'docs/.hidden.md'))).toBe(false);
    expect(isIngestibleFile(root, join(root, 'docs/photo.png'))).toBe(false);
  });

  it('hashes file bytes (sha256)', async () => {
    writeFileSync(join(root, 'h.txt'), 'abc');
    expect(await hashFile(join(root, 'h.txt'))).toEqual({ hash: 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', bytes: 3 });
  });
});
