import { describe, expect, it } from 'vitest';
import {
  hitMatches,
  normaliseWhitespace,
  recallAt,
  reciprocalRankAt,
  scoreRetrieval,
  type RankedHit,
} from './retrieval-metrics';

const hit = (doc: string, text: string): RankedHit => ({ doc, text });
const filler = (n: number) => Array.from({ length: n }, (_, i) => hit('other.md', `filler ${i}`));
const boil = { doc: 'pasta.md', evidence: 'boil the water' };
const salt = { doc: 'pasta.md', evidence: 'salt it well' };

describe('hitMatches', () => {
  it('needs the labelled document and the evidence, with whitespace normalised', () => {
    expect(normaliseWhitespace('  a\n\tb   c ')).toBe('a b c');
    expect(hitMatches(hit('pasta.md', 'First, boil\n  the water.'), boil)).toBe(true);
    expect(hitMatches(hit('soup.md', 'First, boil the water.'), boil)).toBe(false);
    expect(hitMatches(hit('pasta.md', 'First, heat the water.'), boil)).toBe(false);
    expect(hitMatches(hit('pasta.md', 'Boil The Water'), boil)).toBe(false);
  });
});

describe('reciprocalRankAt', () => {
  it('is 1 / rank of the first relevant hit within the top k', () => {
    const hits = [...filler(2), hit('pasta.md', 'boil the water'), hit('pasta.md', 'salt it well')];
    expect(reciprocalRankAt(hits, [boil], 10)).toBeCloseTo(1 / 3, 12);
    // With two passages the first hit matching either counts.
    expect(reciprocalRankAt([filler(1)[0]!, ...hits.slice(3)], [boil, salt], 10)).toBe(1 / 2);
    expect(reciprocalRankAt(hits, [boil], 3)).toBeCloseTo(1 / 3, 12);
  });

  it('is 0 when the first relevant hit is beyond k, absent, or in the wrong document', () => {
    const late = [...filler(10), hit('pasta.md', 'boil the water')];
    expect(reciprocalRankAt(late, [boil], 10)).toBe(0);
    expect(reciprocalRankAt(late, [boil], 11)).toBeCloseTo(1 / 11, 12);
    expect(reciprocalRankAt(filler(5), [boil], 10)).toBe(0);
    expect(reciprocalRankAt([hit('soup.md', 'boil the water')], [boil], 10)).toBe(0);
    expect(reciprocalRankAt([], [boil], 10)).toBe(0);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => reciprocalRankAt([], [boil], 0)).toThrow(RangeError);
    expect(() => recallAt([], [boil], 2.5)).toThrow(RangeError);
    expect(() => scoreRetrieval([], -1)).toThrow(RangeError);
  });
});

describe('recallAt', () => {
  it('is the fraction of labelled passages found in the top k', () => {
    const hits = [hit('pasta.md', 'boil the water'), ...filler(3), hit('pasta.md', 'salt it well')];
    expect(recallAt(hits, [boil, salt], 10)).toBe(1);
    expect(recallAt(hits, [boil, salt], 4)).toBe(1 / 2);
    expect(recallAt(hits.slice(1, 4), [boil, salt], 10)).toBe(0);
    // One chunk can hold the evidence of several passages; a passage found twice counts once.
    const both = [
      hit('pasta.md', 'boil the water, then salt it well'),
      hit('pasta.md', 'boil the water'),
    ];
    expect(recallAt(both, [boil, salt], 1)).toBe(1);
    expect(recallAt(both.slice(1), [boil, salt, { doc: 'soup.md', evidence: 'x' }], 10)).toBe(
      1 / 3,
    );
    expect(recallAt(hits, [], 10)).toBe(0);
  });
});

describe('scoreRetrieval', () => {
  it('averages MRR@k and recall@k over all questions and per kind', () => {
    const report = scoreRetrieval(
      [
        // rank 1, 1 of 1 passage: RR 1, recall 1
        { kind: 'lexical', relevant: [boil], hits: [hit('pasta.md', 'boil the water')] },
        // rank 2, 1 of 2 passages: RR 1/2, recall 1/2
        {
          kind: 'paraphrase',
          relevant: [boil, salt],
          hits: [...filler(1), hit('pasta.md', 'salt it well')],
        },
        // rank 4, 1 of 2 passages: RR 1/4, recall 1/2
        {
          kind: 'lexical',
          relevant: [boil, salt],
          hits: [...filler(3), hit('pasta.md', 'boil the water')],
        },
      ],
      10,
    );
    expect(report.k).toBe(10);
    expect(report.all.questions).toBe(3);
    expect(report.all.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 4) / 3, 12); // 0.5833…
    expect(report.all.recall).toBeCloseTo((1 + 1 / 2 + 1 / 2) / 3, 12); // 0.6667
    expect(Object.keys(report.byKind)).toEqual(['lexical', 'paraphrase']);
    expect(report.byKind.lexical).toEqual({
      questions: 2,
      mrr: (1 + 1 / 4) / 2,
      recall: (1 + 1 / 2) / 2,
    });
    expect(report.byKind.paraphrase).toEqual({ questions: 1, mrr: 1 / 2, recall: 1 / 2 });
  });

  it('scores an empty set as zero', () => {
    expect(scoreRetrieval([], 10)).toEqual({
      k: 10,
      all: { questions: 0, mrr: 0, recall: 0 },
      byKind: {},
    });
  });
});
