import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '@shared/entities/run';
import { isNewerRun, mergeEvents } from './merge';
import { makeRun } from './trace-fixture';

const delta = (seq: number): TraceEvent => ({
  type: 'text.delta',
  runId: 'r',
  parentRunId: null,
  seq,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  step: 1,
  text: ` w${seq}`,
});

describe('mergeEvents', () => {
  it('ends with each seq once, in order, however the events arrive', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 20 }),
        (seqs, chunk) => {
          let merged: TraceEvent[] | undefined;
          for (let i = 0; i < seqs.length; i += chunk) {
            merged = mergeEvents(merged, seqs.slice(i, i + chunk).map(delta));
          }
          const expected = [...new Set(seqs)].sort((a, b) => a - b);
          expect((merged ?? []).map((e) => e.seq)).toEqual(expected);
        },
      ),
    );
  });

  it('appends newer events without reordering what it has', () => {
    const first = mergeEvents(undefined, [delta(1), delta(2)]);
    const next = mergeEvents(first, [delta(3)]);
    expect(next.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
  });
});

describe('isNewerRun', () => {
  const run = makeRun({ id: 'r', updatedAt: '2026-01-01T00:00:01.000Z' });
  it('never lets an older record replace a newer one', () => {
    expect(
      isNewerRun(run, { ...run, updatedAt: '2026-01-01T00:00:00.500Z', status: 'failed' }),
    ).toBe(false);
    expect(isNewerRun(run, { ...run, updatedAt: '2026-01-01T00:00:02.000Z' })).toBe(true);
    expect(isNewerRun(undefined, run)).toBe(true);
  });
  it('prefers the finished record of two with the same time', () => {
    const done = { ...run, status: 'succeeded' as const, finishedAt: run.updatedAt };
    expect(isNewerRun(done, run)).toBe(false);
    expect(isNewerRun(run, done)).toBe(true);
  });
});
