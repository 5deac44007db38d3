import { describe, expect, it } from 'vitest';
import { filesFromDataTransfer, filesFromInput } from './drop-files';

/** A FileSystemEntry tree as Chromium hands it out on a drop; directories answer in batches. */
function fileEntry(file: File) {
  return {
    isFile: true,
    isDirectory: false,
    name: file.name,
    file: (ok: (f: File) => void) => ok(file),
  };
}
function dirEntry(name: string, children: object[], batch = 2) {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (entries: object[]) => void) => {
          const slice = children.slice(at, at + batch);
          at += batch;
          queueMicrotask(() => ok(slice));
        },
      };
    },
  };
}
const transfer = (items: { entry: object | null; file: File | null }[], files: File[] = []) =>
  ({
    items: items.map(({ entry, file }) => ({
      kind: 'file',
      webkitGetAsEntry: () => entry,
      getAsFile: () => file,
    })),
    files,
  }) as unknown as DataTransfer;

describe('files of a drop', () => {
  it('walks dropped folders recursively, reading every batch, with paths inside the folder', async () => {
    const [a, b, c, d] = ['a.md', 'b.pdf', 'c.txt', 'd.md'].map((n) => new File([n], n));
    const tree = dirEntry('notes', [
      fileEntry(b!),
      dirEntry('deep', [fileEntry(c!)]),
      fileEntry(a!),
    ]);
    const files = await filesFromDataTransfer(
      transfer([
        { entry: tree, file: null },
        { entry: null, file: d! },
      ]),
    );
    expect(files.map((f) => f.relativePath)).toEqual([
      'notes/a.md',
      'notes/b.pdf',
      'notes/deep/c.txt',
      'd.md',
    ]);
    expect(files[0]!.file).toBe(a);
  });

  it('uses the file list when a drop has no items', async () => {
    const file = new File(['x'], 'x.md');
    expect(await filesFromDataTransfer(transfer([], [file]))).toEqual([
      { file, relativePath: 'x.md' },
    ]);
    expect(filesFromInput(null)).toEqual([]);
  });
});
