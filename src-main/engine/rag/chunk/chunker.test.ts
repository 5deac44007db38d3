import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Chunk, ParsedDocument } from '@shared/entities/rag';
import { localTokenizerSpec } from '../embed/local-tokenizer';
import { defaultModelsDir, isLocalModelPresent } from '../embed/models';
import { markdownToStructured } from '../parse/formats/markdown';
import { chunkDocument } from './chunker';
import { charsTokenizer, loadTokenizer, type Tokenizer } from './tokenizer';

let tokenizer: Tokenizer;

beforeAll(async () => {
  if (!isLocalModelPresent(defaultModelsDir())) {
    throw new Error('The local model is missing: run `node scripts/fetch-model.mjs` first.');
  }
  tokenizer = await loadTokenizer(localTokenizerSpec());
});

const words = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('the', 'agent', 'reads', 'documents', 'quickly', 'vector', 'index', 'naïve', 'über', 'café', '東京', 'data,', 'end.', 'why?', 'ok!') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((s) => s.replace(/\s/g, '') || 'x') },
  // A long unbroken token (base64-like) forces cuts inside a word.
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 200, maxLength: 900 }).map((s) => s.replace(/\s/g, 'a')) },
);
const sentence = fc.array(words, { minLength: 1, maxLength: 40 }).map((w) => w.join(' '));
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((s) => s.join(' '));
const block = fc.oneof(
  { weight: 5, arbitrary: paragraph },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4 }), sentence).map(([l, t]) => `${'#'.repeat(l)} ${t.slice(0, 60)}`) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.array(words, { maxLength: 12 }).map((w) => `  ${w.join(' ')};`), { minLength: 1, maxLength: 60 })
      .map((lines) => `\`\`\`ts\n${lines.join('\n')}\n\`\`\``),
  },
);
const markdown = fc.array(block, { minLength: 1, maxLength: 25 }).map((b) => b.join('\n\n'));
const sizes = fc.record({ maxTokens: fc.integer({ min: 32, max: 300 }), overlapRatio: fc.double({ min: 0, max: 0.45, noNaN: true }) });

function markdownDoc(text: string): ParsedDocument {
  const s = markdownToStructured(text);
  return { format: 'markdown', text: s.text, pages: [], headings: s.headings, codeBlocks: s.codeBlocks, bytes: text.length, warnings: [] };
}

/** Offsets, budget, structure and coverage hold for every chunk. */
function checkChunks(doc: ParsedDocument, chunks: Chunk[], maxTokens: number, tk: Tokenizer): void {
  const covered = new Uint8Array(doc.text.length);
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.text).toBe(doc.text.slice(chunk.start, chunk.end));
    expect(chunk.text.trim()).toBe(chunk.text);
    expect(chunk.text.length).toBeGreaterThan(0);
    const tokens = tk.count(chunk.text);
    expect(tokens).toBe(chunk.tokenCount);
    expect(tokens + tk.specialTokens).toBeLessThanOrEqual(maxTokens);
    for (const h of doc.headings) expect(h.start > chunk.start && h.start < chunk.end).toBe(false);
    for (const c of doc.codeBlocks) {
      expect(c.start > chunk.start && c.start < chunk.end).toBe(false);
      expect(c.end > chunk.start && c.end < chunk.end).toBe(false);
    }
    const path: { level: number; title: string }[] = [];
    for (const h of doc.headings.filter((x) => x.start <= chunk.start)) {
      while (path.length && (path[path.length - 1] as { level: number }).level >= h.level) path.pop();
      path.push(h);
    }
    expect(chunk.headingPath).toEqual(path.map((p) => p.title));
    covered.fill(1, chunk.start, chunk.end);
  });
  for (let i = 0; i < doc.text.length; i++) {
    if (!covered[i] && doc.text.charCodeAt(i) > 0x20) throw new Error(`character ${i} is in no chunk`);
  }
}

describe('chunkDocument', () => {
  it('keeps exact offsets, the token budget, structure and full coverage (MiniLM tokenizer)', () => {
    fc.assert(
      fc.property(markdown, sizes, (text, { maxTokens, overlapRatio }) => {
        const doc = markdownDoc(text);
        const overlapTokens = Math.floor(maxTokens * overlapRatio);
        checkChunks(doc, chunkDocument(doc, 'doc-1', tokenizer, { maxTokens, overlapTokens }), maxTokens, tokenizer);
      }),
      { numRuns: 40 },
    );
  });

  it('holds for other tokenizers too (pluggable interface)', () => {
    const approx = charsTokenizer(3, 2);
    fc.assert(
      fc.property(markdown, sizes, (text, { maxTokens }) => {
        const doc = markdownDoc(text);
        checkChunks(doc, chunkDocument(doc, 'doc-1', approx, { maxTokens, overlapTokens: 8 }), maxTokens, approx);
      }),
      { numRuns: 40 },
    );
  });

  it('never crosses a page and records the page of every chunk', () => {
    const pageText = fc.array(paragraph, { minLength: 1, maxLength: 4 }).map((p) => p.join('\n\n'));
    fc.assert(
      fc.property(fc.array(pageText, { minLength: 1, maxLength: 6 }), fc.integer({ min: 40, max: 200 }), (pages, maxTokens) => {
        let text = '';
        const spans = pages.map((p, i) => {
          if (i > 0) text += '\n\n';
          const start = text.length;
          text += p;
          return { number: i + 1, start, end: text.length };
        });
        const doc: ParsedDocument = { format: 'pdf', text, pages: spans, headings: [], codeBlocks: [], bytes: 0, warnings: [] };
        const chunks = chunkDocument(doc, 'doc-1', tokenizer, { maxTokens, overlapTokens: 10 });
        checkChunks(doc, chunks, maxTokens, tokenizer);
        for (const chunk of chunks) {
          const page = spans.find((s) => s.number === chunk.pageStart);
          expect(page).toBeDefined();
          expect(chunk.pageEnd).toBe(chunk.pageStart);
          expect(chunk.start >= (page?.start ?? -1) && chunk.end <= (page?.end ?? -1)).toBe(true);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('overlaps consecutive chunks of a long section and marks code chunks', () => {
    const sentences = Array.from({ length: 120 }, (_, i) => `Sentence number ${i} talks about topic ${i % 7}.`);
    const code = Array.from({ length: 80 }, (_, i) => `const value${i} = compute(${i});`).join('\n');
    const text = `# Guide\n\n${sentences.join(' ')}\n\n\`\`\`ts\n${code}\n\`\`\``;
    const doc = markdownDoc(text);
    const chunks = chunkDocument(doc, 'doc-1', tokenizer, { maxTokens: 64, overlapTokens: 16 });
    const prose = chunks.filter((c) => c.kind === 'text');
    expect(prose.length).toBeGreaterThan(3);
    for (let i = 1; i < prose.length; i++) {
      expect((prose[i] as Chunk).start).toBeLessThan((prose[i - 1] as Chunk).end);
    }
    const codeChunks = chunks.filter((c) => c.kind === 'code');
    expect(codeChunks.length).toBeGreaterThan(1);
    expect(codeChunks.every((c) => c.language === 'ts' && c.headingPath[0] === 'Guide')).toBe(true);
    // Code is cut at line ends.
    for (const c of codeChunks.slice(0, -1)) expect(doc.text[c.end]).toBe('\n');
  });

  it('rejects a chunk size with no room for text', () => {
    const doc = markdownDoc('hello');
    expect(() => chunkDocument(doc, 'd', charsTokenizer(4, 12), { maxTokens: 16, overlapTokens: 0 })).toThrow(/no room/);
  });
});
