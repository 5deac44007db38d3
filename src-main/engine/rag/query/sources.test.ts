import { describe, expect, it } from 'vitest';
import type { SearchHit } from '@shared/api/knowledge';
import { citedNumbers, sourceLabel } from './sources';

describe('citations in answers', () => {
  it('finds the cited source numbers in order of first use, within range', () => {
    expect(citedNumbers('A [2]. B [1][2]. C [3, 5]. D [7].', 5)).toEqual([2, 1, 3, 5]);
    expect(citedNumbers('Ranges [1-3] and [4–4]; none [x] or [0].', 4)).toEqual([1, 2, 3, 4]);
    expect(citedNumbers('No citations here.', 3)).toEqual([]);
  });

  it('labels a source with its path, pages, heading path and offsets', () => {
    const hit = (chunk: Partial<SearchHit['chunk']>) =>
      ({
        document: { id: 'd', path: '/docs/guide.pdf', title: 'Guide', tags: [] },
        chunk: { id: 'c', documentId: 'd', index: 0, text: 'x', start: 10, end: 42, headingPath: [], kind: 'text', tokenCount: 1, ...chunk },
      }) as Pick<SearchHit, 'chunk' | 'document'>;
    expect(sourceLabel(hit({ pageStart: 3, pageEnd: 3 }))).toBe('/docs/guide.pdf, p. 3, chars 10–42');
    expect(sourceLabel(hit({ pageStart: 3, pageEnd: 4, headingPath: ['Setup', 'Install'] }))).toBe('/docs/guide.pdf, pp. 3–4, Setup › Install, chars 10–42');
  });
});
