import { describe, expect, it } from 'vitest';
import { answerOf, assertion, noDeps } from './answer.testkit';
import { evaluate } from './index';

const ans = answerOf({ output: '  The capital of France is Paris.\n' });
const run = (a: Parameters<typeof assertion>[0], answer = ans) => evaluate(assertion(a), answer, noDeps);

describe('text assertions', () => {
  it('equals compares trimmed text, falls back to the expected answer', async () => {
    expect((await run({ type: 'equals', value: 'The capital of France is Paris.' })).pass).toBe(true);
    expect((await run({ type: 'equals', value: 'the capital of France is Paris.' })).pass).toBe(false);
    expect((await run({ type: 'equals' }, { ...ans, expected: 'The capital of France is Paris.' })).pass).toBe(true);
    expect((await run({ type: 'equals' }, { ...ans, expected: 'Lyon' })).pass).toBe(false);
    const noExpected = await run({ type: 'equals' });
    expect(noExpected).toMatchObject({ pass: false, error: true });
    expect(noExpected.reason).toMatch(/expected/);
  });

  it('contains is case-sensitive, icontains is not', async () => {
    expect((await run({ type: 'contains', value: 'Paris' })).pass).toBe(true);
    expect((await run({ type: 'contains', value: 'paris' })).pass).toBe(false);
    expect((await run({ type: 'icontains', value: 'PARIS' })).pass).toBe(true);
    expect((await run({ type: 'icontains', value: 'lyon' })).pass).toBe(false);
  });

  it('contains-any needs one, contains-all needs every one (and names the missing)', async () => {
    expect((await run({ type: 'contains-any', value: ['Lyon', 'Paris'] })).pass).toBe(true);
    expect((await run({ type: 'contains-any', value: ['Lyon', 'Nice'] })).pass).toBe(false);
    expect((await run({ type: 'contains-all', value: ['France', 'Paris'] })).pass).toBe(true);
    const missing = await run({ type: 'contains-all', value: ['France', 'Lyon'] });
    expect(missing.pass).toBe(false);
    expect(missing.reason).toContain('"Lyon"');
  });

  it('starts-with ignores leading whitespace', async () => {
    expect((await run({ type: 'starts-with', value: 'The capital' })).pass).toBe(true);
    expect((await run({ type: 'starts-with', value: 'Paris' })).pass).toBe(false);
  });

  it('regex uses the flags; a pattern that does not compile is a scorer error', async () => {
    expect((await run({ type: 'regex', value: 'paris\\.$' })).pass).toBe(false);
    expect((await run({ type: 'regex', value: 'paris\\.\\s*$', flags: 'i' })).pass).toBe(true);
    expect((await run({ type: 'regex', value: '^\\s*The \\w+' })).pass).toBe(true);
    expect(await run({ type: 'regex', value: '(unclosed' })).toMatchObject({ error: true, pass: false });
  });

  it('a value of the wrong shape is a scorer error, not a failure', async () => {
    expect(await run({ type: 'contains', value: 42 })).toMatchObject({ error: true });
    expect(await run({ type: 'contains-any', value: 'Paris' })).toMatchObject({ error: true });
  });
});
