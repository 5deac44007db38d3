import { describe, expect, it } from 'vitest';
import { EvalCaseResult } from '@shared/entities/eval';
import { formatOf, offsetOf } from './editor-text';
import { percent, pValueWords, signed, signedPoints } from './format';
import { buildMatrix, foldTrials, passRateByTag } from './matrix-model';
import { metricRows } from './RetrievalMetricsTable';

const result = (over: Partial<EvalCaseResult> & Pick<EvalCaseResult, 'status'>): EvalCaseResult =>
  EvalCaseResult.parse({
    runId: 'r',
    caseId: 'c',
    target: 't',
    trial: 1,
    errorKind: null,
    score: 0,
    input: 'in',
    output: 'out',
    expected: null,
    assertions: [],
    agentRunId: null,
    usage: null,
    latencyMs: null,
    steps: null,
    cached: false,
    tags: [],
    error: null,
    ...over,
  });
const fail = (reason: string, trial = 1) =>
  result({
    status: 'failed',
    trial,
    assertions: [{ type: 'contains', pass: false, score: 0, weight: 1, reason, error: false }],
  });

describe('folding trials into a matrix cell', () => {
  it('passes on a majority of the judged trials, marks disagreement as flaky and leaves errors out', () => {
    const cell = foldTrials([
      result({ status: 'passed', trial: 2 }),
      fail('No "x"', 1),
      result({ status: 'passed', trial: 3 }),
    ]);
    expect(cell).toMatchObject({
      status: 'passed',
      passRate: 2 / 3,
      flaky: true,
      reason: 'contains: No "x"',
    });
    expect(cell.trials.map((t) => t.trial)).toEqual([1, 2, 3]);
    // A tie is not a majority; an error trial is not judged.
    const tie = foldTrials([
      result({ status: 'passed' }),
      fail('No "y"', 2),
      result({ status: 'error', trial: 3, error: 'down' }),
    ]);
    expect(tie).toMatchObject({ status: 'failed', passRate: 0.5, flaky: true });
    const down = foldTrials([
      result({ status: 'error', errorKind: 'infrastructure', error: 'Provider unreachable' }),
    ]);
    expect(down).toMatchObject({
      status: 'error',
      passRate: null,
      flaky: false,
      reason: 'Provider unreachable',
    });
  });

  it('lays cases out in the suite’s order and targets in the run’s, and counts pass rates per tag', () => {
    const run = {
      targets: [
        { label: 'B', agentId: null, revision: null, overrides: {} },
        { label: 'A', agentId: null, revision: null, overrides: {} },
      ],
      cases: [
        result({ caseId: 'two', target: 'A', status: 'passed', tags: ['x'] }),
        result({ caseId: 'one', target: 'B', status: 'passed', tags: ['x', 'y'] }),
        result({ caseId: 'one', target: 'A', status: 'failed', tags: ['x', 'y'] }),
      ],
    };
    const matrix = buildMatrix(run);
    expect(matrix.caseIds).toEqual(['two', 'one']);
    expect(matrix.targets).toEqual(['B', 'A']);
    expect(matrix.cell('two', 'B')).toBeUndefined();
    expect(matrix.cell('one', 'A')?.status).toBe('failed');
    expect(passRateByTag(run)).toEqual([
      { tag: 'x', passed: 2, judged: 3 },
      { tag: 'y', passed: 1, judged: 2 },
    ]);
  });
});

describe('editor text', () => {
  it('finds the offset of a line:column, clamped to the line and the text', () => {
    const text = 'ab\ncdef\n\ng';
    expect(offsetOf(text, 1, 1)).toBe(0);
    expect(offsetOf(text, 2, 3)).toBe(5);
    expect(offsetOf(text, 2, 99)).toBe(7);
    expect(offsetOf(text, 4, 1)).toBe(9);
    expect(offsetOf(text, 9, 1)).toBe(text.length);
  });

  it('tells YAML from JSON by the file name, else by the first character', () => {
    expect(formatOf('name: x', 'suite.JSON')).toBe('json');
    expect(formatOf('{"name":"x"}', 'suite.yml')).toBe('yaml');
    expect(formatOf('  \n{"name":"x"}')).toBe('json');
    expect(formatOf('# comment\nname: x')).toBe('yaml');
  });
});

describe('figures in words', () => {
  it('writes rates, differences and the p-value', () => {
    expect(percent(0.8333, 1)).toBe('83.3%');
    expect(percent(null)).toBe('—');
    expect(signedPoints(-0.125)).toBe('−12.5 pp');
    expect(signedPoints(0.0001)).toBe('±0 pp');
    expect(signed(1234, 'tokens')).toBe('+1,234 tokens');
    expect(pValueWords(0.0004, true)).toBe(
      'p < 0.001: the difference is significant (unlikely to be chance at the 5% level).',
    );
    expect(pValueWords(0.25, false)).toBe(
      'p = 0.250: not significant — the difference may be chance.',
    );
  });

  it('groups retrieval metrics by mode (and tag), overall first', () => {
    const { columns, rows } = metricRows({
      'keyword.mrr': 0.2,
      'recall@5': 0.9,
      'hybrid.recall@5': 0.9,
      'hybrid.tag:faq.recall@5': 1,
    });
    expect(columns).toEqual(['mrr', 'recall@5']);
    expect(rows.map((r) => r.group)).toEqual(['overall', 'hybrid', 'keyword', 'hybrid.tag:faq']);
  });
});
