import { describe, expect, it } from 'vitest';
import { answerOf, assertion, noDeps } from './answer.testkit';
import { evaluate } from './index';

// 3 steps, 1200 ms, 300 + 40 = 340 tokens.
const ans = answerOf({ steps: 3 });
const run = (a: Parameters<typeof assertion>[0]) => evaluate(assertion(a), ans, noDeps);

describe('limits', () => {
  it('max-steps: steps at most the value', async () => {
    expect((await run({ type: 'max-steps', value: 3 })).pass).toBe(true);
    expect((await run({ type: 'max-steps', value: 2 })).pass).toBe(false);
  });

  it('latency: milliseconds at most the value', async () => {
    expect((await run({ type: 'latency', value: 1200 })).pass).toBe(true);
    const slow = await run({ type: 'latency', value: 1000 });
    expect(slow.pass).toBe(false);
    expect(slow.reason).toBe('1200 ms > 1000');
  });

  it('tokens: input + output tokens at most the value', async () => {
    expect((await run({ type: 'tokens', value: 340 })).pass).toBe(true);
    expect((await run({ type: 'tokens', value: 339 })).pass).toBe(false);
  });

  it('negated: not-max-steps passes above the value', async () => {
    expect((await run({ type: 'not-max-steps', value: 2 })).pass).toBe(true);
    expect((await run({ type: 'not-tokens', value: 340 })).pass).toBe(false);
  });

  it('a value that is not a number is a scorer error', async () => {
    expect(await run({ type: 'latency', value: '1s' })).toMatchObject({ error: true });
  });
});
