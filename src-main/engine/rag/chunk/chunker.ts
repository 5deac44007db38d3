import { ChunkingOptions, type Chunk, type ParsedDocument } from '@shared/entities/rag';
import { AppError } from '@shared/errors';
import { sectionsOf, type Section } from './sections';
import { splitIntoUnits, type Unit } from './split';
import type { Tokenizer } from './tokenizer';

export type ChunkingOptionsInput = Partial<ChunkingOptions>;

/** [start, end) narrowed to exclude leading and trailing whitespace. */
function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return [start, end];
}

/**
 * Picks where the chunk that starts at unit `i` ends: as far as the budget allows, but at the best
 * break (paragraph > line > sentence) found in the second half of that stretch.
 */
function pickEnd(units: Unit[], i: number, budget: number): number {
  let j = i;
  let tokens = 0;
  while (j < units.length && tokens + (units[j] as Unit).tokens <= budget) tokens += (units[j++] as Unit).tokens;
  if (j === units.length) return j - 1;
  if (j === i) return i;
  let best = j - 1;
  let bestScore = -1;
  let running = 0;
  for (let k = i; k < j; k++) {
    running += (units[k] as Unit).tokens;
    const score = (units[k] as Unit).breakScore;
    if (running >= budget / 2 && score >= bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}

/** Chunks of one section: greedy packing of units with overlap, each checked against the budget. */
function chunkSection(
  text: string,
  section: Section,
  budget: number,
  overlap: number,
  tokenizer: Tokenizer,
  emit: (start: number, end: number, tokens: number) => void,
): void {
  const units = splitIntoUnits(text, section.start, section.end, section.kind, budget, (t) => tokenizer.count(t));
  let i = 0;
  while (i < units.length) {
    let k = pickEnd(units, i, budget);
    let [start, end] = trimRange(text, (units[i] as Unit).start, (units[k] as Unit).end);
    let tokens = tokenizer.count(text.slice(start, end));
    // Token counts of pieces do not always add up exactly (e.g. after a cut inside a word).
    while (tokens > budget && k > i) {
      k--;
      [start, end] = trimRange(text, (units[i] as Unit).start, (units[k] as Unit).end);
      tokens = tokenizer.count(text.slice(start, end));
    }
    if (end > start) emit(start, end, tokens);
    if (k + 1 >= units.length) break;
    let next = k + 1;
    let carried = 0;
    while (next - 1 > i && carried + (units[next - 1] as Unit).tokens <= overlap) carried += (units[--next] as Unit).tokens;
    i = next;
  }
}

/**
 * Cuts a parsed document into chunks that follow its structure: no chunk crosses a heading, a page
 * break or a code block's edge. Each chunk has at most `maxTokens` tokens including the model's
 * special tokens, overlaps the previous chunk of its section by up to `overlapTokens`, and keeps
 * its character offsets (`text === document.text.slice(start, end)`), page and heading path.
 */
export function chunkDocument(
  doc: ParsedDocument,
  documentId: string,
  tokenizer: Tokenizer,
  options: ChunkingOptionsInput = {},
): Chunk[] {
  const { maxTokens, overlapTokens } = ChunkingOptions.parse(options);
  const budget = maxTokens - tokenizer.specialTokens;
  if (budget < 8) {
    throw new AppError('VALIDATION', `A chunk size of ${maxTokens} tokens leaves no room for text.`, {
      hint: 'Choose a larger chunk size.',
    });
  }
  const chunks: Chunk[] = [];
  for (const section of sectionsOf(doc)) {
    chunkSection(doc.text, section, budget, overlapTokens, tokenizer, (start, end, tokenCount) => {
      chunks.push({
        documentId,
        index: chunks.length,
        text: doc.text.slice(start, end),
        start,
        end,
        ...(section.page ? { pageStart: section.page, pageEnd: section.page } : {}),
        headingPath: section.headingPath,
        kind: section.kind,
        ...(section.language ? { language: section.language } : {}),
        tokenCount,
      });
    });
  }
  return chunks;
}
