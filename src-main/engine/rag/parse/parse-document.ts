import { ParsedDocument } from '@shared/entities/rag';
import { detectFormat, MAGIC, startsWith } from './detect';
import { parseError } from './errors';
import { markdownToStructured } from './formats/markdown';
import { codeToStructured, csvToStructured, jsonToStructured, textToStructured } from './formats/plain';
import type { Structured } from './formats/types';
import type { ParseLimits } from './limits';
import { decodeText } from './text-decode';

const PDF_HEADER_WINDOW = 1024;

function hasPdfHeader(bytes: Uint8Array): boolean {
  if (startsWith(bytes, MAGIC.pdf)) return true;
  // Some writers put junk before the header; readers accept it within the first kilobyte.
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PDF_HEADER_WINDOW)).includes('%PDF-');
}

/**
 * Parses one file's bytes into structured text. Runs inside a parse worker (it can be slow and
 * memory-hungry); every failure is a `DocumentParseError` with a reason.
 */
export async function parseBytes(bytes: Uint8Array, fileName: string, limits: ParseLimits): Promise<ParsedDocument> {
  // Measured first: pdf.js takes over (detaches) the buffer it is given.
  const size = bytes.byteLength;
  if (bytes.byteLength === 0) throw parseError('empty', fileName, 'the file is 0 bytes');
  if (bytes.byteLength > limits.maxFileBytes) {
    throw parseError('too_large', fileName, `${bytes.byteLength} bytes; the limit is ${limits.maxFileBytes}`);
  }
  const detected = detectFormat(fileName);
  if (!detected) throw parseError('unsupported', fileName);
  const budget = {
    maxInflatedBytes: limits.maxInflatedBytes,
    maxArchiveEntries: limits.maxArchiveEntries,
    maxPages: limits.maxPages,
    maxTextChars: limits.maxTextChars,
  };

  let structured: Structured;
  switch (detected.format) {
    case 'pdf':
      if (!hasPdfHeader(bytes)) throw parseError('corrupt', fileName, 'it has no PDF header');
      // Heavy parsers load on first use, so a worker that only sees text starts fast.
      structured = await (await import('./formats/pdf')).pdfToStructured(bytes, fileName, budget);
      break;
    case 'docx':
      structured = await (await import('./formats/docx')).docxToStructured(bytes, fileName, budget);
      break;
    default: {
      const text = decodeText(bytes, fileName);
      if (text.length > limits.maxTextChars) {
        throw parseError('too_large', fileName, `${text.length} characters; the limit is ${limits.maxTextChars}`);
      }
      if (detected.format === 'html') structured = (await import('./formats/html')).htmlToStructured(text);
      else if (detected.format === 'markdown') structured = markdownToStructured(text);
      else if (detected.format === 'csv') structured = csvToStructured(text);
      else if (detected.format === 'json') structured = jsonToStructured(text, fileName);
      else if (detected.format === 'code') structured = codeToStructured(text, detected.language);
      else structured = textToStructured(text);
    }
  }
  if (!structured.text.trim()) throw parseError('empty', fileName, 'no text was found in it');

  return ParsedDocument.parse({
    format: detected.format,
    ...(structured.title ? { title: structured.title } : {}),
    ...(detected.language ? { language: detected.language } : {}),
    text: structured.text,
    pages: structured.pages,
    headings: structured.headings,
    codeBlocks: structured.codeBlocks,
    ...(structured.links?.length ? { links: structured.links } : {}),
    bytes: size,
    warnings: structured.warnings ?? [],
  });
}
