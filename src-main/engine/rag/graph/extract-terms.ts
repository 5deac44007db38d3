import { z } from 'zod';
import { STOPWORDS } from './stopwords';

export const TermKind = z.enum(['term', 'entity']);
export type TermKind = z.infer<typeof TermKind>;

/** One of a document's key terms: a word, or a capitalised multi-word name; weight in (0, 1]. */
export const KeyTerm = z.object({
  term: z.string().min(1).max(100),
  kind: TermKind,
  weight: z.number().positive().max(1),
});
export type KeyTerm = z.infer<typeof KeyTerm>;

export interface KeyTermOptions {
  /** Words kept (default 20). */
  maxTerms?: number;
  /** Names kept (default 10). */
  maxEntities?: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** Runs of capitalised words (a connector like "of" may join two of them). */
const NAME_RUN =
  /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*(?:[ \t]+(?:(?:of|the|and|de|del|der|von|van|la|le|du)[ \t]+)?\p{Lu}[\p{L}\p{N}]*)+/gu;
/** URLs and Markdown link targets: their words are not the document's. */
const NOISE = /\b[a-z][a-z0-9+.-]*:\/\/\S+|\]\([^)\n]*\)/gi;

const isWord = (w: string) =>
  w.length >= 3 && w.length <= 40 && !/^\p{N}/u.test(w) && !STOPWORDS.has(w);

/** Term frequency → weight in (0, 1]: sublinear, relative to the most frequent. */
const weigh = (tf: number, maxTf: number) => (1 + Math.log(tf)) / (1 + Math.log(maxTf));

/** The `limit` most frequent keys (ties: longer first, then alphabetical) with their weights. */
function top(counts: Map<string, number>, limit: number, kind: TermKind): KeyTerm[] {
  const ranked = [...counts]
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit);
  const maxTf = ranked[0]?.[1] ?? 1;
  return ranked.map(([term, tf]) => ({ term, kind, weight: Number(weigh(tf, maxTf).toFixed(4)) }));
}

/** Capitalised multi-word names of a text (leading function words dropped: "The Acme Rocket" → "Acme Rocket"). */
function names(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(NAME_RUN)) {
    const words = m[0].split(/[ \t]+/);
    while (words.length && STOPWORDS.has(words[0]!.toLowerCase())) words.shift();
    while (words.length && STOPWORDS.has(words[words.length - 1]!.toLowerCase())) words.pop();
    if (words.length < 2 || words.length > 6) continue;
    const name = words.join(' ');
    if (name.length > 100) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/**
 * A document's key terms: its most frequent words (lower case, no stop words, numbers or
 * one- and two-letter words) and capitalised multi-word names, each weighted by sublinear term
 * frequency. How distinctive a term is (its IDF) depends on the whole knowledge base, so it is
 * applied when documents are compared, not here.
 */
export function keyTerms(text: string, options: KeyTermOptions = {}): KeyTerm[] {
  const clean = text.replace(NOISE, ' ');
  const words = new Map<string, number>();
  for (const m of clean.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    if (isWord(w)) words.set(w, (words.get(w) ?? 0) + 1);
  }
  return [
    ...top(words, options.maxTerms ?? 20, 'term'),
    ...top(names(clean), options.maxEntities ?? 10, 'entity'),
  ];
}
