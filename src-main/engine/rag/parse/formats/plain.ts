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

/** The deepest JSON nesting followed when pretty-printing. */
export const MAX_JSON_DEPTH = 512;

/** How deeply arrays and objects nest in a JSON text (strings skipped), in one pass without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/**
 * JSON is checked and pretty-printed (2 spaces), so minified files split into lines that chunk
 * well. JSON that does not parse is `corrupt`.
 */
export function jsonToStructured(text: string, fileName: string): Structured {
  // JSON.stringify recurses: untrusted depth is measured first, without recursion.
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw parseError('too_deep', fileName, `its JSON nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} are read`);
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
