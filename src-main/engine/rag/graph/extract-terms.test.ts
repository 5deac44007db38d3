import { describe, expect, it } from 'vitest';
import { KeyTerm, keyTerms } from './extract-terms';

describe('key terms', () => {
  const text = [
    '# The Lighthouse Keeper',
    'The lighthouse keeper climbs the lighthouse every night. The lamp of the lighthouse needs oil;',
    'the keeper carries oil up 120 steps. Visit https://example.com/lighthouse-tours for tours.',
    'Captain Ada Lovelace and the Royal Navy of Britain thanked the keeper. Captain Ada Lovelace wrote twice.',
    'const x = function () { return null; }',
  ].join('\n');
  const terms = keyTerms(text);
  const words = terms.filter((t) => t.kind === 'term');
  const names = terms.filter((t) => t.kind === 'entity');

  it('ranks words by frequency, in lower case, without stop words, numbers, short words or URLs', () => {
    expect(words[0]).toEqual({ term: 'lighthouse', kind: 'term', weight: 1 });
    expect(words[1]?.term).toBe('keeper');
    const all = words.map((t) => t.term);
    for (const noise of [
      'the',
      'of',
      '120',
      'up',
      'https',
      'example',
      'com',
      'const',
      'return',
      'null',
      'function',
    ]) {
      expect(all, noise).not.toContain(noise);
    }
    expect(words.every((t, i) => i === 0 || t.weight <= words[i - 1]!.weight)).toBe(true);
  });

  it('finds capitalised multi-word names, dropping leading function words', () => {
    expect(names.map((n) => n.term)).toEqual(
      expect.arrayContaining([
        'Captain Ada Lovelace',
        'Lighthouse Keeper',
        'Royal Navy of Britain',
      ]),
    );
    expect(names[0]).toMatchObject({ term: 'Captain Ada Lovelace', weight: 1 });
    expect(names.map((n) => n.term)).not.toContain('The Lighthouse Keeper');
  });

  it('keeps at most the asked number, every weight in (0, 1]', () => {
    const few = keyTerms(text, { maxTerms: 3, maxEntities: 1 });
    expect(few.filter((t) => t.kind === 'term')).toHaveLength(3);
    expect(few.filter((t) => t.kind === 'entity')).toHaveLength(1);
    for (const t of terms) expect(KeyTerm.parse(t)).toEqual(t);
    expect(keyTerms('')).toEqual([]);
  });
});
