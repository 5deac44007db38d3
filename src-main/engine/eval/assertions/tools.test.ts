import { describe, expect, it } from 'vitest';
import { answerOf, assertion, noDeps } from './answer.testkit';
import { evaluate } from './index';
import { deepSubset, toolNameMatches } from './tools';

const ans = answerOf({
  toolCalls: [
    { name: 'fs__list_directory', arguments: { path: '/tmp' } },
    { name: 'search_knowledge', arguments: { query: 'paris', filters: { lang: 'fr', tags: ['a', 'b'] } } },
    { name: 'fs__read_file', arguments: { path: '/tmp/a.txt', encoding: 'utf8' } },
  ],
});
const run = (a: Parameters<typeof assertion>[0]) => evaluate(assertion(a), ans, noDeps);

describe('tool names and argument matching', () => {
  it('a namespaced name matches its full name or the part after __', () => {
    expect(toolNameMatches('fs__read_file', 'fs__read_file')).toBe(true);
    expect(toolNameMatches('fs__read_file', 'read_file')).toBe(true);
    expect(toolNameMatches('fs__read_file', 'file')).toBe(false);
    expect(toolNameMatches('read_file', 'fs__read_file')).toBe(false);
  });

  it('deepSubset matches objects by subset, arrays element-wise, scalars by equality', () => {
    expect(deepSubset({ a: { b: 1 } }, { a: { b: 1, c: 2 }, d: 3 })).toBe(true);
    expect(deepSubset({ a: { b: 1 } }, { a: { b: '1' } })).toBe(false);
    expect(deepSubset([1, { x: 1 }], [1, { x: 1, y: 2 }])).toBe(true);
    expect(deepSubset([1], [1, 2])).toBe(false);
    expect(deepSubset({ a: undefined }, {})).toBe(false);
    expect(deepSubset(null, null)).toBe(true);
  });
});

describe('tool-called', () => {
  it('passes when the tool was called, by name alone or with matching arguments', async () => {
    expect((await run({ type: 'tool-called', value: { name: 'read_file' } })).pass).toBe(true);
    expect((await run({ type: 'tool-called', value: 'fs__list_directory' })).pass).toBe(true);
    expect((await run({ type: 'tool-called', value: { name: 'read_file', arguments: { path: '/tmp/a.txt' } } })).pass).toBe(true);
    expect((await run({ type: 'tool-called', value: { name: 'search_knowledge', arguments: { filters: { tags: ['a', 'b'] } } } })).pass).toBe(true);
  });

  it('fails when the tool was not called, or never with those arguments', async () => {
    const absent = await run({ type: 'tool-called', value: { name: 'write_file' } });
    expect(absent.pass).toBe(false);
    expect(absent.reason).toContain('fs__list_directory, search_knowledge, fs__read_file');
    const args = await run({ type: 'tool-called', value: { name: 'read_file', arguments: { path: '/etc/passwd' } } });
    expect(args.pass).toBe(false);
    expect(args.reason).toMatch(/never with/);
  });

  it('not-tool-called passes when the tool was not called', async () => {
    expect((await run({ type: 'not-tool-called', value: { name: 'write_file' } })).pass).toBe(true);
    expect((await run({ type: 'not-tool-called', value: { name: 'read_file' } })).pass).toBe(false);
  });

  it('a malformed value is a scorer error', async () => {
    expect(await run({ type: 'tool-called', value: { tool: 'x' } })).toMatchObject({ error: true });
    expect(await run({ type: 'tool-called', value: { name: 'x', arguments: 'y' } })).toMatchObject({ error: true });
  });
});

describe('tool-sequence', () => {
  it('passes when the tools come in this order, not necessarily adjacent', async () => {
    expect((await run({ type: 'tool-sequence', value: ['list_directory', 'read_file'] })).pass).toBe(true);
    expect((await run({ type: 'tool-sequence', value: ['fs__list_directory', 'search_knowledge', 'read_file'] })).pass).toBe(true);
  });

  it('fails when the order differs or a tool is missing', async () => {
    const reversed = await run({ type: 'tool-sequence', value: ['read_file', 'list_directory'] });
    expect(reversed.pass).toBe(false);
    expect(reversed.reason).toContain('list_directory is missing');
    expect((await run({ type: 'tool-sequence', value: ['list_directory', 'write_file'] })).pass).toBe(false);
  });

  it('not-tool-sequence inverts it', async () => {
    expect((await run({ type: 'not-tool-sequence', value: ['read_file', 'list_directory'] })).pass).toBe(true);
    expect((await run({ type: 'not-tool-sequence', value: ['list_directory', 'read_file'] })).pass).toBe(false);
  });
});
