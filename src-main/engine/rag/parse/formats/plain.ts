import { parseError } from '../errors';
import { codeLinks } from '../../graph/extract-links';
import type { Structured } from './types';

const structured = (text: string, extra: Partial<Structured> = {}): Structured => ({
  text,
  pages: [],
  headings: [],
  codeBlocks: [],
  ...extra,
});

export function textToStructured(text: string): Structured {
  return structured(text);
}

/** CSV and TSV keep their text as is: rows are lines, so chunks end at row boundaries. */
export function csvToStructured(text: string): Structured {
  return structured(text);
}

/**
 * JSON is checked and pretty-printed (2 spaces), so minified files split into lines that chunk
 * well. JSON that does not parse is `corrupt`.
 */
export function jsonToStructured(text: string, fileName: string): Structured {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw parseError('corrupt', fileName, `it is not valid JSON: ${(error as Error).message}`, error);
  }
  const pretty = JSON.stringify(value, null, 2) ?? '';
  return structured(pretty, { codeBlocks: pretty ? [{ language: 'json', start: 0, end: pretty.length }] : [] });
}

/** A source file is one code block in its language; its relative imports are its links. */
export function codeToStructured(text: string, language: string | undefined): Structured {
  return structured(text, {
    codeBlocks: text ? [{ ...(language ? { language } : {}), start: 0, end: text.length }] : [],
    links: codeLinks(text, language),
  });
}
