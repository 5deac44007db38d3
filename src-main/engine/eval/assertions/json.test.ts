import { describe, expect, it } from 'vitest';
import { answerOf, assertion, noDeps } from './answer.testkit';
import { evaluate } from './index';
import { jsonText } from './json';

const schema = { type: 'object', required: ['city'], properties: { city: { type: 'string' }, population: { type: 'number' } } };
const run = (output: string, value?: unknown, type: 'is-json' | 'not-is-json' = 'is-json') =>
  evaluate(assertion(value === undefined ? { type } : { type, value }), answerOf({ output }), noDeps);

describe('is-json', () => {
  it('passes for JSON output, also inside one code fence', async () => {
    expect((await run('{"city": "Paris"}')).pass).toBe(true);
    expect(jsonText('```json\n{"city": "Paris"}\n```')).toBe('{"city": "Paris"}');
    expect((await run('```json\n{"city": "Paris"}\n```')).pass).toBe(true);
    expect((await run('[1, 2]')).pass).toBe(true);
  });

  it('fails for text that is not JSON', async () => {
    const result = await run('The city is Paris.');
    expect(result).toMatchObject({ pass: false, error: false });
    expect(result.reason).toMatch(/not JSON/);
  });

  it('checks a JSON Schema and says what is wrong', async () => {
    expect((await run('{"city": "Paris", "population": 2100000}', schema)).pass).toBe(true);
    const bad = await run('{"population": "many"}', schema);
    expect(bad.pass).toBe(false);
    expect(bad.reason).toMatch(/city/);
    expect(bad.reason).toMatch(/\/population must be number/);
  });

  it('supports draft 2020-12 schemas', async () => {
    const s2020 = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'number' }] };
    expect((await run('[1]', s2020)).pass).toBe(true);
    expect((await run('["x"]', s2020)).pass).toBe(false);
  });

  it('a schema that does not compile is a scorer error', async () => {
    expect(await run('{}', { type: 'no-such-type' })).toMatchObject({ error: true, pass: false });
  });

  it('not-is-json inverts it', async () => {
    expect((await run('plain text', undefined, 'not-is-json')).pass).toBe(true);
    expect((await run('{"a": 1}', undefined, 'not-is-json')).pass).toBe(false);
  });
});
