// The labelled retrieval set of bench/rag-quality.ts: documents in tests/fixtures/retrieval/docs and
// questions in tests/fixtures/retrieval/questions.json. Checks that every label can be satisfied:
// its document exists and its evidence phrase lies inside one chunk at the default chunk settings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBaseInput } from '@shared/api/knowledge';
import type { Chunk } from '@shared/entities/rag';
import { normaliseWhitespace } from '../../src-main/engine/eval/retrieval-metrics';
import { loadLabelledQuestions } from '../../src-main/engine/eval/retrieval-questions';
import {
  chunkDocument,
  defaultModelsDir,
  isLocalModelPresent,
  loadTokenizer,
  localTokenizerSpec,
  ParseLimits,
} from '../../src-main/engine/rag/index';
import { parseBytes } from '../../src-main/engine/rag/parse/parse-document';

const root = join(import.meta.dirname, '..', 'fixtures', 'retrieval');
const docsDir = join(root, 'docs');
const questions = loadLabelledQuestions(join(root, 'questions.json'));
const docs = readdirSync(docsDir).sort();
const raw = new Map(
  docs.map((d) => [d, normaliseWhitespace(readFileSync(join(docsDir, d), 'utf8'))]),
);
const words = (text: string) => normaliseWhitespace(text).split(' ').length;

describe('retrieval fixtures', () => {
  it('has at least 50 questions with unique ids, of every kind', () => {
    expect(questions.length).toBeGreaterThanOrEqual(50);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    expect(new Set(questions.map((q) => q.question)).size).toBe(questions.length);
    for (const kind of ['paraphrase', 'lexical', 'mixed']) {
      expect(questions.filter((q) => q.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
    }
  });

  it('has 20 to 25 documents of 300 to 900 words, in more than one format', () => {
    expect(docs.length).toBeGreaterThanOrEqual(20);
    expect(docs.length).toBeLessThanOrEqual(25);
    expect(new Set(docs.map((d) => d.split('.').pop()))).toEqual(new Set(['md', 'txt', 'html']));
    for (const d of docs.filter((x) => !x.endsWith('.html'))) {
      expect(words(raw.get(d)!), d).toBeGreaterThanOrEqual(300);
      expect(words(raw.get(d)!), d).toBeLessThanOrEqual(900);
    }
  });

  it('labels only documents that exist, with short evidence phrases that occur in them', () => {
    const problems: string[] = [];
    for (const q of questions) {
      for (const { doc, evidence } of q.relevant) {
        const text = raw.get(doc);
        if (text === undefined) problems.push(`${q.id}: no document ${doc}`);
        else if (!text.includes(normaliseWhitespace(evidence)))
          problems.push(`${q.id}: "${evidence}" is not in ${doc}`);
        if (words(evidence) < 3 || words(evidence) > 8)
          problems.push(`${q.id}: "${evidence}" has ${words(evidence)} words, not 3 to 8`);
      }
      const keys = q.relevant.map((r) => `${r.doc}\n${r.evidence}`);
      if (new Set(keys).size !== keys.length) problems.push(`${q.id}: a passage is labelled twice`);
    }
    expect(problems).toEqual([]);
  });

  describe('at the default chunk settings', () => {
    const chunks = new Map<string, Chunk[]>();
    beforeAll(async () => {
      expect(isLocalModelPresent(defaultModelsDir()), 'run `npm run fetch-model` first').toBe(true);
      const tokenizer = await loadTokenizer(localTokenizerSpec());
      const defaults = KnowledgeBaseInput.parse({ name: 'defaults' }).chunking;
      for (const d of docs) {
        const parsed = await parseBytes(readFileSync(join(docsDir, d)), d, ParseLimits.parse({}));
        chunks.set(d, chunkDocument(parsed, d, tokenizer, defaults));
      }
    });

    it('finds every evidence phrase whole inside one chunk of its document', () => {
      const problems: string[] = [];
      for (const q of questions) {
        for (const { doc, evidence } of q.relevant) {
          const phrase = normaliseWhitespace(evidence);
          if (!chunks.get(doc)?.some((c) => normaliseWhitespace(c.text).includes(phrase)))
            problems.push(`${q.id}: "${evidence}" is in no single chunk of ${doc}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('gives every document several chunks, so a wrong chunk of the right document can rank first', () => {
      for (const d of docs) expect(chunks.get(d)!.length, d).toBeGreaterThanOrEqual(3);
    });
  });
});
