import { describe, expect, it } from 'vitest';
import type { McpLogEntry } from '@shared/entities/mcp';
import { catalogInput, checkChoices, initialChoices, needsSummary } from './catalog-input';
import { parseJson } from './json-text';
import { emptyServerValues, serverFieldOf, toInput, validateServer } from './server-form-model';
import { testCatalog } from './test-fixtures';
import { mergeLogs } from './use-server-logs';

const [filesystem, github, postgres] = testCatalog as [
  (typeof testCatalog)[0],
  (typeof testCatalog)[0],
  (typeof testCatalog)[0],
];

describe('catalog choices', () => {
  it('appends folders and values to the arguments and grants folders as roots', () => {
    const fs = catalogInput(filesystem, {
      ...initialChoices(filesystem),
      answers: { 0: ['/data/a', ' /data/b '] },
    });
    expect(fs).toMatchObject({
      name: 'filesystem',
      transport: {
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-filesystem', '/data/a', '/data/b'],
      },
      roots: ['/data/a', '/data/b'],
      approval: { default: 'ask', tools: {} },
    });
    const pg = catalogInput(postgres, {
      ...initialChoices(postgres),
      answers: { 0: 'postgresql://h/db' },
    });
    expect(pg.transport).toMatchObject({
      args: ['-y', '@modelcontextprotocol/server-postgres', '--url', 'postgresql://h/db'],
    });
    expect(pg.approval).toEqual({ default: 'allow', tools: {} });
  });

  it('refers to keys by secret name, never by value', () => {
    const gh = catalogInput(github, { ...initialChoices(github), answers: { 0: 'ghp_secret' } });
    expect(gh.secretEnv).toEqual({ GITHUB_TOKEN: 'github.token' });
    expect(JSON.stringify(gh)).not.toContain('ghp_secret');
  });

  it('says what is missing', () => {
    const none = () => false;
    expect(checkChoices(filesystem, initialChoices(filesystem), none).answers[0]).toBe(
      'Choose at least one folder',
    );
    expect(
      checkChoices(filesystem, { ...initialChoices(filesystem), answers: { 0: ['rel/dir'] } }, none)
        .answers[0],
    ).toBe('Use an absolute path: “rel/dir”');
    expect(checkChoices(github, initialChoices(github), none).answers[0]).toBe(
      'Personal access token is required',
    );
    expect(checkChoices(github, initialChoices(github), () => true).answers).toEqual({});
    expect(checkChoices(postgres, { ...initialChoices(postgres), name: ' ' }, none)).toMatchObject({
      name: 'Name is required',
      answers: { 0: 'Connection URL is required' },
    });
    expect(needsSummary(github)).toBe('Needs: Personal access token');
  });
});

describe('server form model', () => {
  it('validates with the contract and maps issues to fields', () => {
    const grouped = validateServer({
      ...emptyServerValues,
      timeout: 'x',
      cwd: 'relative',
      env: [
        { key: 'A', value: '1' },
        { key: 'A', value: '2' },
      ],
    });
    expect(grouped.fields).toMatchObject({
      name: 'Name is required',
      command: 'Command is required',
      timeout: 'Enter a number of seconds',
      cwd: 'Use an absolute path',
      env: '“A” is set twice',
    });
    expect(
      validateServer({ ...emptyServerValues, kind: 'http', name: 'r', url: 'ftp://x' }).fields.url,
    ).toBe('Enter a full http:// or https:// URL');
    expect(serverFieldOf(['patch', 'transport', 'env', 'BAD-NAME'])).toBe('env');
    expect(serverFieldOf(['name'])).toBe('name');
    expect(serverFieldOf(['consent'])).toBeNull();
  });

  it('builds a stdio input with args as a list and env as a record', () => {
    expect(
      toInput({
        ...emptyServerValues,
        name: 'x',
        command: ' node ',
        args: ['a b', 'c,d'],
        env: [
          { key: 'K', value: 'v' },
          { key: '', value: '' },
        ],
      }),
    ).toMatchObject({
      transport: { type: 'stdio', command: 'node', args: ['a b', 'c,d'], env: { K: 'v' } },
      toolTimeoutMs: 120_000,
    });
  });
});

describe('helpers', () => {
  it('places JSON syntax errors at a line and column', () => {
    expect(parseJson('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({
      ok: false,
      line: 3,
      column: 3,
      message: "Expected ',' or '}' after a property value",
    });
    expect(parseJson('{"a": [1, 2,]}')).toMatchObject({
      line: 1,
      column: 13,
      message: 'Unexpected "]"',
    });
    expect(parseJson('{"a": "x\ny"}')).toMatchObject({ line: 1, column: 9 });
    expect(parseJson('{"a": 1} x')).toMatchObject({
      column: 10,
      message: 'Unexpected text after the JSON value',
    });
    expect(parseJson('{"a": tru}')).toMatchObject({ column: 7 });
    expect(parseJson('')).toMatchObject({
      ok: false,
      line: 1,
      column: 1,
      message: 'Unexpected end of the JSON text',
    });
    expect(parseJson('[1]')).toEqual({ ok: true, value: [1] });
  });

  it('merges log lines by seq, in order, up to the capacity', () => {
    const line = (seq: number): McpLogEntry => ({
      seq,
      at: '',
      stream: 'stderr',
      level: 'info',
      text: `l${seq}`,
    });
    const seqs = (list: McpLogEntry[]) => list.map((e) => e.seq);
    expect(seqs(mergeLogs([line(0), line(1)], [line(2)]))).toEqual([0, 1, 2]);
    expect(seqs(mergeLogs([line(2), line(3)], [line(1), line(2)]))).toEqual([1, 2, 3]);
    expect(seqs(mergeLogs([line(0), line(1)], [line(2), line(3)], 3))).toEqual([1, 2, 3]);
  });
});
