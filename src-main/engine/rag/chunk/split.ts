/**
 * A piece of a section: [start, end) into the document text, with its token count and how good a
 * place its end is to cut a chunk (3 paragraph, 2 line, 1 sentence, 0 inside a sentence).
 */
export interface Unit {
  start: number;
  end: number;
  tokens: number;
  breakScore: number;
}

type Count = (text: string) => number;

const PARAGRAPH = /\n[ \t]*\n\s*/g;
const LINE = /\n/g;
const SENTENCE = /(?<=[.!?\u3002\uff01\uff1f])\s+/g;
const WORD = /\s+/g;

/** Levels a section is split at, coarsest first, with the break score of each level's ends. */
const TEXT_LEVELS = [
  { re: PARAGRAPH, score: 3 },
  { re: LINE, score: 2 },
  { re: SENTENCE, score: 1 },
  { re: WORD, score: 0 },
];
const CODE_LEVELS = [
  { re: PARAGRAPH, score: 3 },
  { re: LINE, score: 2 },
  { re: WORD, score: 0 },
];

/** Pieces of [start, end) cut after each separator match; the pieces cover the range exactly. */
function cutAfter(text: string, start: number, end: number, re: RegExp): [number, number][] {
  const slice = text.slice(start, end);
  const pieces: [number, number][] = [];
  let from = 0;
  re.lastIndex = 0;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const to = m.index + m[0].length;
    if (to > from && to < slice.length) {
      pieces.push([start + from, start + to]);
      from = to;
    }
  }
  pieces.push([start + from, end]);
  return pieces;
}

/** Cuts [start, end) into pieces of at most `budget` tokens by characters (last resort). */
function hardSplit(text: string, start: number, end: number, budget: number, count: Count, out: Unit[]): void {
  let from = start;
  while (from < end) {
    let lo = from + 1;
    let hi = end;
    // Longest prefix that fits; at least one character so the loop always advances.
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (count(text.slice(from, mid)) <= budget) lo = mid;
      else hi = mid - 1;
    }
    let to = lo;
    // Never cut a surrogate pair in two.
    const code = text.charCodeAt(to - 1);
    if (to < end && code >= 0xd800 && code <= 0xdbff) to = to > from + 1 ? to - 1 : to + 1;
    out.push({ start: from, end: to, tokens: count(text.slice(from, to)), breakScore: 0 });
    from = to;
  }
}

/**
 * Splits [start, end) into units of at most `budget` tokens each, at sentence granularity for
 * text and line granularity for code, going down to words and then characters only for pieces
 * too long on their own.
 */
export function splitIntoUnits(
  text: string,
  start: number,
  end: number,
  kind: 'text' | 'code',
  budget: number,
  count: Count,
): Unit[] {
  const levels = kind === 'code' ? CODE_LEVELS : TEXT_LEVELS;
  // Text is always cut down to sentences (code to lines), even where it would fit, so that chunks
  // can end and overlap at fine boundaries; finer cuts happen only for pieces over the budget.
  const alwaysCut = kind === 'code' ? 2 : 3;
  const out: Unit[] = [];
  const visit = (from: number, to: number, level: number, score: number): void => {
    const spec = levels[level];
    if (level >= alwaysCut || !spec) {
      const tokens = count(text.slice(from, to));
      if (tokens <= budget) {
        out.push({ start: from, end: to, tokens, breakScore: score });
        return;
      }
      if (!spec) return hardSplit(text, from, to, budget, count, out);
    }
    const pieces = cutAfter(text, from, to, spec.re);
    pieces.forEach(([a, b], i) => visit(a, b, level + 1, i === pieces.length - 1 ? score : spec.score));
  };
  visit(start, end, 0, 3);
  return out;
}
