import { describe, expect, it } from 'vitest';
import type { Judge } from '@shared/entities/eval';
import { answerOf, assertion } from './answer.testkit';
import { evaluate, type ScorerDeps } from './index';
import { JUDGE_SYSTEM, parseVerdict } from './rubric';

/** A judge that answers the scripted replies in turn (an Error rejects). */
function scripted(replies: (string | Error)[]): ScorerDeps & { prompts: { system: string; user: string }[]; judges: (Judge | undefined)[] } {
  const prompts: { system: string; user: string }[] = [];
  const judges: (Judge | undefined)[] = [];
  let i = 0;
  return {
    prompts,
    judges,
    embed: () => Promise.reject(new Error('no embedder')),
    judge: async (prompt, judge) => {
      prompts.push(prompt);
      judges.push(judge);
      const reply = replies[i++ % replies.length]!;
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
}

const PASS = '{"reason": "Names Paris.", "verdict": "pass"}';
const FAIL = '{"reason": "Does not name the city.", "verdict": "fail"}';
const ans = answerOf({ expected: 'Paris' });
const rubric = (extra: Record<string, unknown> = {}) => assertion({ type: 'llm-rubric', value: 'Names the capital of France', ...extra });

describe('parseVerdict', () => {
  it('reads plain, fenced and surrounded JSON, the last verdict winning', () => {
    expect(parseVerdict(PASS)).toEqual({ pass: true, reason: 'Names Paris.' });
    expect(parseVerdict('```json\n{"reason": "No.", "verdict": "FAIL"}\n```')).toEqual({ pass: false, reason: 'No.' });
    expect(parseVerdict('<think>maybe {"verdict": "fail"}</think>\nFinal: {"reason": "ok {braces} \\"quoted\\"", "verdict": "pass"} done')).toEqual({
      pass: true,
      reason: 'ok {braces} "quoted"',
    });
    expect(parseVerdict('reason: "fine", verdict: pass')).toEqual({ pass: true, reason: 'fine' });
  });

  it('is null when there is no verdict', () => {
    expect(parseVerdict('I think it is good.')).toBeNull();
    expect(parseVerdict('{"reason": "x", "verdict": "maybe"}')).toBeNull();
  });
});

describe('llm-rubric', () => {
  it('asks for the reason before the verdict, with the rubric, question, reference and answer', async () => {
    const deps = scripted([PASS]);
    await evaluate(rubric({ samples: 1, judge: { agent: 'grader' } }), ans, deps);
    expect(JUDGE_SYSTEM.indexOf('"reason"')).toBeLessThan(JUDGE_SYSTEM.indexOf('"verdict"'));
    const user = deps.prompts[0]!.user;
    for (const part of ['Names the capital of France', 'What is the capital of France?', '<reference_answer>\nParis', 'The capital of France is Paris.']) expect(user).toContain(part);
    expect(deps.judges[0]).toEqual({ agent: 'grader' });
  });

  it('takes 3 samples by default and passes on a majority; score = share of passes', async () => {
    const deps = scripted([PASS, FAIL, PASS]);
    const r = await evaluate(rubric(), ans, deps);
    expect(deps.prompts).toHaveLength(3);
    expect(r).toMatchObject({ pass: true, error: false });
    expect(r.score).toBeCloseTo(2 / 3, 12);
    expect(r.reason).toBe('2/3 judge samples passed: Names Paris.');
  });

  it('fails on a minority', async () => {
    const r = await evaluate(rubric({ samples: 5 }), ans, scripted([FAIL, PASS, FAIL, FAIL, PASS]));
    expect(r).toMatchObject({ pass: false, score: 2 / 5 });
    expect(r.reason).toBe('2/5 judge samples passed: Does not name the city.');
  });

  it('a tie is not a majority; a threshold changes the bar; threshold 1 needs every sample', async () => {
    expect((await evaluate(rubric({ samples: 2 }), ans, scripted([PASS, FAIL]))).pass).toBe(false);
    expect((await evaluate(rubric({ samples: 4, threshold: 0.25 }), ans, scripted([PASS, PASS, FAIL, FAIL]))).pass).toBe(true);
    expect((await evaluate(rubric({ samples: 3, threshold: 1 }), ans, scripted([PASS]))).pass).toBe(true);
    expect((await evaluate(rubric({ samples: 3, threshold: 1 }), ans, scripted([PASS, PASS, FAIL]))).pass).toBe(false);
  });

  it('not-llm-rubric inverts the verdict', async () => {
    const r = await evaluate(assertion({ type: 'not-llm-rubric', value: 'Mentions Lyon', samples: 3 }), ans, scripted([FAIL]));
    expect(r).toMatchObject({ pass: true, score: 1 });
    expect((await evaluate(assertion({ type: 'not-llm-rubric', value: 'Mentions Paris' }), ans, scripted([PASS]))).pass).toBe(false);
  });

  it('an unparseable reply or a failed judge call is a scorer error, not a failure', async () => {
    const garbled = await evaluate(rubric(), ans, scripted([PASS, 'Looks fine to me.', PASS]));
    expect(garbled).toMatchObject({ error: true, pass: false });
    expect(garbled.reason).toMatch(/no verdict on sample 2 of 3/);
    const down = await evaluate(rubric(), ans, scripted([new Error('connect ECONNREFUSED 127.0.0.1:11434')]));
    expect(down).toMatchObject({ error: true, pass: false });
    expect(down.reason).toMatch(/ECONNREFUSED/);
  });
});
