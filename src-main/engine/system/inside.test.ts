import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStrictlyInside } from './inside';

describe('isStrictlyInside', () => {
  const root = resolve('/data/uploads/kb');
  it('keeps names that start with two dots inside, and refuses ".." segments, the root and other trees', () => {
    expect(isStrictlyInside(root, join(root, '..%2fx.txt'))).toBe(true);
    expect(isStrictlyInside(root, join(root, '..notes', 'a.md'))).toBe(true);
    expect(isStrictlyInside(root, join(root, 'a', 'b.md'))).toBe(true);
    expect(isStrictlyInside(root, root)).toBe(false);
    expect(isStrictlyInside(root, resolve(root, '..'))).toBe(false);
    expect(isStrictlyInside(root, resolve(root, '..', 'other', 'x'))).toBe(false);
    expect(isStrictlyInside(root, resolve('/elsewhere/x'))).toBe(false);
  });
});
