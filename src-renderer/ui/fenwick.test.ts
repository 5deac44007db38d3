import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixSums } from './fenwick';

describe('PrefixSums', () => {
  it('agrees with plain sums through any updates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 200 })), { maxLength: 30 }),
        (initial, updates) => {
          const values = [...initial];
          const sums = new PrefixSums(values);
          for (const [at, value] of updates) {
            const i = at % values.length;
            sums.add(i, value - values[i]!);
            values[i] = value;
          }
          let start = 0;
          for (let i = 0; i < values.length; i++) {
            expect(sums.prefix(i)).toBe(start);
            // Every position inside item i maps back to i.
            expect(sums.indexAt(start)).toBe(i);
            expect(sums.indexAt(start + values[i]! - 0.5)).toBe(i);
            start += values[i]!;
          }
          expect(sums.prefix(values.length)).toBe(start);
          expect(sums.indexAt(start + 10)).toBe(values.length - 1);
        },
      ),
    );
  });
});
