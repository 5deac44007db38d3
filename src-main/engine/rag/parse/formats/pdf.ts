import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { parseError } from '../errors';
import { TextBuilder } from '../text-builder';
import type { ParseBudget, Structured } from './types';

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js is loaded on first use (legacy build: the one meant for Node). */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** pdf.js's data folders (standard fonts, character maps), read from disk; never fetched. */
function pdfjsData(): { standardFontDataUrl: string; cMapUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return { standardFontDataUrl: join(root, 'standard_fonts') + '/', cMapUrl: join(root, 'cmaps') + '/' };
}

const EOF_MARKER = Buffer.from('%%EOF');

/** A PDF ends with `%%EOF` (possibly followed by a little whitespace or garbage); a cut file does not. */
function looksTruncated(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-2048);
  return tail.indexOf(EOF_MARKER) === -1;
}

function tidyPage(raw: string): string {
  return raw
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Extracts the text of a PDF page by page with pdf.js (no eval, no fonts, no network). Encrypted
 * files fail with `encrypted`, damaged or cut files with `corrupt`.
 */
export async function pdfToStructured(bytes: Uint8Array, fileName: string, budget: ParseBudget): Promise<Structured> {
  if (looksTruncated(bytes)) throw parseError('corrupt', fileName, 'the file is cut short: it has no end-of-file marker');
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    // pdf.js wants a plain Uint8Array, and takes it over: never hand it a (possibly pooled) Buffer.
    data: Buffer.isBuffer(bytes) ? new Uint8Array(bytes) : bytes,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    enableXfa: false,
    // Without these, text in CID-keyed (e.g. CJK) fonts cannot be mapped to Unicode.
    ...pdfjsData(),
    cMapPacked: true,
    stopAtErrors: true,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') throw parseError('encrypted', fileName, 'a password is needed to open it', error);
    throw parseError('corrupt', fileName, (error as Error).message, error);
  }
  try {
    const out = new TextBuilder();
    const warnings: string[] = [];
    const pages = Math.min(doc.numPages, budget.maxPages);
    if (doc.numPages > budget.maxPages) warnings.push(`Only the first ${budget.maxPages} of ${doc.numPages} pages were read.`);
    for (let number = 1; number <= pages; number++) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      let raw = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        raw += item.str;
        if (item.hasEOL) raw += '\n';
      }
      page.cleanup();
      out.page(number, () => out.raw(tidyPage(raw)));
      if (out.length > budget.maxTextChars) {
        warnings.push(`Reading stopped after page ${number}: the text limit was reached.`);
        break;
      }
    }
    const meta = await doc.getMetadata().catch(() => undefined);
    const info = meta?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
    const text = out.build();
    return { text, pages: out.pages, headings: [], codeBlocks: [], warnings, ...(title ? { title } : {}) };
  } catch (error) {
    if ((error as { reason?: unknown }).reason) throw error;
    throw parseError('corrupt', fileName, (error as Error).message, error);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
