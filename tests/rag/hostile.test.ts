import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseFailureReason } from '@shared/entities/rag';
import {
  createDocumentParser,
  isDocumentParseError,
  localTokenizerSpec,
  toParseFailure,
  type DocumentParser,
} from '../../src-main/engine/rag/index';
import { makeDocx } from './generate/docx';
import { makeCorruptPdf, makeLyingDocxBomb, makeRepeatedDocxBomb, pseudoRandomBytes } from './generate/hostile';
import { makeEncryptedPdf, makePdf } from './generate/pdf';
import { writeZip } from './generate/zip';

const SECRET = 'AF-SECRET-MARKER-7f3a9c';

let dir: string;
let parser: DocumentParser;
const corpus: { name: string; expected: ParseFailureReason }[] = [];

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'af-rag-hostile-'));
  // A 64 MB inflation budget (default 256 MB) keeps the bombs quick to detect; the mechanism is the same.
  parser = createDocumentParser({ workers: 2, limits: { maxInflatedBytes: 64 << 20 } });

  const pdf = await makePdf([['Page one text'], ['Page two text'], ['Page three text']]);
  const add = (name: string, content: string | Uint8Array, expected: ParseFailureReason) => {
    write(name, content);
    corpus.push({ name, expected });
  };
  add('truncated.pdf', pdf.slice(0, Math.floor(pdf.length * 0.6)), 'corrupt');
  add('corrupt.pdf', makeCorruptPdf(), 'corrupt');
  add('not-a-pdf.pdf', 'just some words, no PDF here\n', 'corrupt');
  add('encrypted.pdf', makeEncryptedPdf(), 'encrypted');
  add('blank.pdf', await makePdf([[]]), 'empty');
  add('bomb-lying-headers.docx', await makeLyingDocxBomb(100 << 20), 'zip_bomb');
  add('bomb-many-entries.docx', await makeRepeatedDocxBomb(12), 'zip_bomb');
  add('password.docx', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...pseudoRandomBytes(2048, 3)]), 'encrypted');
  add('random.docx', pseudoRandomBytes(4096, 5), 'corrupt');
  add('no-document.docx', writeZip([{ name: 'hello.txt', data: 'not word' }]), 'corrupt');
  add('binary.txt', pseudoRandomBytes(64 * 1024, 11), 'binary');
  add('binary-high-bytes.txt', pseudoRandomBytes(64 * 1024, 13, [0x80, 0xff]), 'binary');
  add('empty.txt', '', 'empty');
  add('empty.pdf', '', 'empty');
  add('whitespace.md', '   \n\n\t  \n', 'empty');
  add('broken.json', '{"a": [1, 2,', 'corrupt');
  // Nested a million deep: valid JSON that once overflowed the stack (INTERNAL) while pretty-printing.
  add('deep.json', '['.repeat(1_000_000) + ']'.repeat(1_000_000), 'too_deep');
  add('deep-objects.json', '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000), 'too_deep');
  add('program.exe', 'MZ', 'unsupported');

  // 300 MB, sparse: costs no disk or memory, and must be rejected by its size without being read.
  const big = join(dir, 'huge.pdf');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 300 * 1024 * 1024);
  closeSync(fd);
  corpus.push({ name: 'huge.pdf', expected: 'too_large' });
});

afterAll(async () => {
  await parser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile corpus', () => {
  it('gives every hostile file its own typed error while the event loop keeps running', async () => {
    let inFlight = 0;
    let ticksDuringParsing = 0;
    const ticker = setInterval(() => {
      if (inFlight > 0) ticksDuringParsing++;
    }, 5);
    try {
      const results = await Promise.all(
        corpus.map(async ({ name, expected }) => {
          inFlight++;
          try {
            await parser.parseFile(join(dir, name));
            return { name, expected, got: 'parsed' as const };
          } catch (error) {
            return { name, expected, got: error };
          } finally {
            inFlight--;
          }
        }),
      );
      for (const { name, expected, got } of results) {
        expect(isDocumentParseError(got), `${name}: ${String(got)}`).toBe(true);
        const failure = toParseFailure(got);
        expect({ name, reason: failure.reason }).toEqual({ name, reason: expected });
        expect(failure.message).toContain(name);
        expect(failure.hint).toBeTruthy();
      }
      const huge = results.find((r) => r.name === 'huge.pdf');
      expect(toParseFailure(huge?.got).message).toContain(String(300 * 1024 * 1024));
    } finally {
      clearInterval(ticker);
    }
    // The zip bombs alone take many timer periods to inflate in the workers; the loop was free.
    expect(ticksDuringParsing).toBeGreaterThan(0);
    // The pool is intact: a normal file still parses afterwards.
    const ok = await parser.parseBytes(new TextEncoder().encode('still alive'), 'after.txt');
    expect(ok.document.text).toBe('still alive');
  });

  it('never follows a DOCX external image link to a local file', async () => {
    const secretPath = write('secret.txt', `${SECRET}\n`);
    const docx = makeDocx([
      { heading: 1, text: 'Innocent' },
      { text: 'Nothing to see here.' },
      { externalImage: `file://${secretPath}`, alt: 'chart' },
      { externalImage: secretPath, alt: 'absolute' },
      { externalImage: 'secret.txt', alt: 'relative' },
    ]);
    const path = write('external-link.docx', docx);

    // Control: a reader that follows the link does leak the secret from this very file.
    const leaky = await mammoth.convertToHtml(
      { path },
      { externalFileAccess: true, convertImage: mammoth.images.imgElement(async (image) => ({ src: await image.read('utf8') })) },
    );
    expect(leaky.value).toContain(SECRET);

    const result = await parser.parseFile(path, {
      chunking: { documentId: 'd', tokenizer: localTokenizerSpec() },
    });
    expect(result.document.text).toContain('Nothing to see here.');
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('stops a file that runs past its time limit, and replaces the worker', async () => {
    const long = Array.from({ length: 20_000 }, (_, i) => `Line ${i} of a long document about many things.`).join('\n');
    const path = write('slow.md', long);
    const error = await parser
      .parseFile(path, { limits: { timeoutMs: 1 }, chunking: { documentId: 'd', tokenizer: localTokenizerSpec() } })
      .catch((e: unknown) => e);
    expect(toParseFailure(error)).toMatchObject({ reason: 'timeout', code: 'TIMEOUT' });
    expect(parser.stats().busy).toBe(0);
    const again = await parser.parseFile(write('small.md', '# ok\n\nfine'));
    expect(again.document.headings).toHaveLength(1);
  });

  it('caps worker memory: a file that needs more fails with too_large', async () => {
    const tight = createDocumentParser({ workers: 1, limits: { memoryMb: 48 } });
    try {
      const items = Array.from({ length: 400_000 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b'] }));
      const path = write('heavy.json', JSON.stringify(items));
      const error = await tight.parseFile(path).catch((e: unknown) => e);
      expect(toParseFailure(error)).toMatchObject({ reason: 'too_large' });
      expect(toParseFailure(error).message).toContain('memory');
    } finally {
      await tight.close();
    }
    expect(tight.stats().workers).toBe(0);
  });

  it('cancels a parse on request and cleans up all workers on close', async () => {
    const controller = new AbortController();
    const pending = parser.parseFile(join(dir, 'bomb-lying-headers.docx'), { signal: controller.signal });
    controller.abort();
    expect(toParseFailure(await pending.catch((e: unknown) => e))).toMatchObject({ reason: 'cancelled', code: 'CANCELLED' });

    const closing = createDocumentParser({ workers: 1 });
    const inFlight = closing.parseFile(join(dir, 'bomb-many-entries.docx')).catch((e: unknown) => e);
    await closing.close();
    expect(toParseFailure(await inFlight).reason).toBe('cancelled');
    expect(closing.stats()).toEqual({ workers: 0, busy: 0, queued: 0 });
  });
});
