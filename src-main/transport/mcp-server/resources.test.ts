import { describe, expect, it } from 'vitest';
import type { KbChunk } from '@shared/api/knowledge';
import { documentText } from './resources';

const source = 'Alpha beta gamma.\n\nDelta epsilon zeta eta.\n\nTheta iota kappa.';

function chunk(index: number, start: number, end: number): KbChunk {
  return {
    id: `c${index}`,
    documentId: 'd',
    index,
    text: source.slice(start, end),
    start,
    end,
    headingPath: [],
    kind: 'text',
    tokenCount: 3,
  };
}

describe('documentText', () => {
  it('puts overlapping chunks back together without repeating the overlap', () => {
    const chunks = [chunk(0, 0, 30), chunk(1, 19, 52), chunk(2, 45, source.length)];
    expect(documentText(chunks)).toBe(source);
    expect(documentText([...chunks].reverse())).toBe(source);
  });

  it('keeps chunks apart with a line break where the chunker skipped text', () => {
    expect(documentText([chunk(0, 0, 17), chunk(1, 19, 42)])).toBe(
      'Alpha beta gamma.\nDelta epsilon zeta eta.',
    );
  });

  it('skips a chunk that lies inside what is already covered', () => {
    expect(documentText([chunk(0, 0, 42), chunk(1, 5, 20)])).toBe(source.slice(0, 42));
  });
});
