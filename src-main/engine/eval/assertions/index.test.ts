import { describe, expect, it } from 'vitest';
import { ASSERTION_TYPES, type AssertionInput, type AssertionResult } from '@shared/entities/eval';
import { answerOf, assertion } from './answer.testkit';
import { evaluate, scoreCase, type Answer, type ScorerDeps } from './index';

const deps: ScorerDeps = {
  embed: async (texts) => texts.map((t) => (t.includes('Paris') ? [1, 0] : [0, 1])),
  judge: async (prompt) => (prompt.user.includes('<rubric>\ngood') ? '{"reason":"ok","verdict":"pass"}' : '{"reason":"no","verdict":"fail"}'),
};

const ans: Answer = answerOf({
  output: '{"city": "Paris"}',
  expected: '{"city": "Paris"}',
  toolCalls: [{ name: 'geo__lookup', arguments: { q: 'France' } }],
  steps: 2,
});

/** For every type, an assertion that passes and one that fails on `ans`. */
const cases: Record<(typeof ASSERTION_TYPES)[number], [AssertionInput['value'], AssertionInput['value']]> = {
  equals: ['{"city": "Paris"}', 'Paris'],
  contains: ['Paris', 'Lyon'],
  icontains: ['PARIS', 'LYON'],
  'contains-any': [['Lyon', 'Paris'], ['Lyon', 'Nice']],
  'contains-all': [['city', 'Paris'], ['city', 'Lyon']],
  'starts-with': ['{', 'Paris'],
  regex: ['"city":\\s*"P', '^Paris'],
  'is-json': [{ type: 'object', required: ['city'] }, { type: 'array' }],
  similar: ['Paris', 'Lyon'],
  'llm-rubric': ['good answer', 'bad answer'],
  'tool-called': [{ name: 'lookup', arguments: { q: 'France' } }, { name: 'lookup', arguments: { q: 'Spain' } }],
  'tool-sequence': [['lookup'], ['lookup', 'lookup']],
  'max-steps': [2, 1],
  latency: [5000, 100],
  tokens: [1000, 10],
};

const make = (type: string, value: unknown) => assertion({ type, value, samples: 1 } as AssertionInput);

describe('evaluate: every type and its negation', () => {
  for (const type of ASSERTION_TYPES) {
    const [good, bad] = cases[type];
    it(`${type} / not-${type}`, async () => {
      const pass = await evaluate(make(type, good), ans, deps);
      const fail = await evaluate(make(type, bad), ans, deps);
      expect(pass, pass.reason).toMatchObject({ type, pass: true, error: false, weight: 1 });
      expect(fail, fail.reason).toMatchObject({ type, pass: false, error: false });
      const notPass = await evaluate(make(`not-${type}`, bad), ans, deps);
      const notFail = await evaluate(make(`not-${type}`, good), ans, deps);
      expect(notPass, notPass.reason).toMatchObject({ type: `not-${type}`, pass: true, error: false });
      expect(notFail, notFail.reason).toMatchObject({ type: `not-${type}`, pass: false, error: false });
      expect(notPass.score).toBeCloseTo(1 - fail.score, 12);
      expect(notFail.score).toBeCloseTo(1 - pass.score, 12);
      expect(notFail.reason).toMatch(new RegExp(`negated \\(not-${type}\\), so it fails$`));
    });
  }

  it('a scorer that throws gives error: true with the message', async () => {
    const broken: ScorerDeps = { ...deps, embed: () => { throw new Error('model not loaded'); } };
    const r = await evaluate(make('similar', 'Paris'), ans, broken);
    expect(r).toEqual({ type: 'similar', pass: false, score: 0, weight: 1, reason: 'The similar scorer failed: model not loaded', error: true });
  });

  it('keeps the weight', async () => {
    expect((await evaluate(assertion({ type: 'contains', value: 'Paris', weight: 3 }), ans, deps)).weight).toBe(3);
  });
});

const result = (pass: boolean, weight = 1, error = false): AssertionResult => ({ type: 'contains', pass, score: pass ? 1 : 0, weight, reason: '', error });

describe('scoreCase', () => {
  it('no assertions: passed with score 1', () => {
    expect(scoreCase([])).toEqual({ status: 'passed', score: 1 });
  });

  it('without a threshold every assertion must pass; the score is the weighted share', () => {
    expect(scoreCase([result(true), result(true, 2)])).toEqual({ status: 'passed', score: 1 });
    expect(scoreCase([result(true, 3), result(false, 1)])).toEqual({ status: 'failed', score: 0.75 });
  });

  it('with a threshold the weighted score must reach it', () => {
    expect(scoreCase([result(true, 3), result(false, 1)], 0.75)).toEqual({ status: 'passed', score: 0.75 });
    expect(scoreCase([result(true, 3), result(false, 1)], 0.8)).toEqual({ status: 'failed', score: 0.75 });
    // Weights all 0: each assertion counts the same.
    expect(scoreCase([result(true, 0), result(false, 0)], 0.5)).toEqual({ status: 'passed', score: 0.5 });
  });

  it('a scorer error makes the case an error, unless it fails anyway', () => {
    expect(scoreCase([result(true), result(false, 1, true)])).toEqual({ status: 'error', score: 1 });
    expect(scoreCase([result(false), result(false, 1, true)])).toEqual({ status: 'failed', score: 0 });
    // Threshold 0.5, weights 1 (passed), 1 (failed), 2 (errored): 1/4 at worst, 3/4 at best → undecided → error.
    expect(scoreCase([result(true), result(false), result(false, 2, true)], 0.5)).toEqual({ status: 'error', score: 0.5 });
    // Threshold 0.9: even if the errored one passed, 3/4 < 0.9 → failed.
    expect(scoreCase([result(true), result(false), result(false, 2, true)], 0.9)).toEqual({ status: 'failed', score: 0.5 });
    expect(scoreCase([result(false, 1, true)])).toEqual({ status: 'error', score: 0 });
  });
});
