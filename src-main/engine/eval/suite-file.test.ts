import { describe, expect, it } from 'vitest';
import { AgentCase } from '@shared/entities/eval';
import { appendCase, caseIds, parseSuite, renderCaseInput, suiteVersion, type ParsedSuite } from './suite-file';

const YAML_SUITE = `# Geography checks
name: Geography
targets:
  - agent: Helper
cases:
  - id: capital
    input: What is the capital of France?
    expected: Paris
    assert:
      - type: icontains
        value: paris   # case does not matter
      - type: not-contains
        value: Lyon
  - input:
      text: "Capital of {{country}}?"
      vars: { country: Spain }
    assert:
      - { type: llm-rubric, value: Names Madrid, samples: 3 }
`;

function issuesOf(result: ParsedSuite) {
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('parseSuite', () => {
  it('reads a YAML agent suite with defaults, its format and version', () => {
    const result = parseSuite(YAML_SUITE);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.format).toBe('yaml');
    expect(result.version).toBe(suiteVersion(YAML_SUITE));
    expect(result.version).toMatch(/^[0-9a-f]{16}$/);
    expect(result.suite).toMatchObject({ name: 'Geography', kind: 'agent', trials: 1, approval: 'deny', maxSteps: 10 });
    expect(caseIds(result.suite)).toEqual(['capital', 'case-2']);
  });

  it('reads JSON (sniffed from the first character) and retrieval suites', () => {
    const json = JSON.stringify({ name: 'Guide', kind: 'retrieval', kb: 'Agent Factory guide', cases: [{ query: 'How to add a model?', relevant: ['models.md'] }] }, null, 2);
    const result = parseSuite(`\n  ${json}`);
    expect(result).toMatchObject({ ok: true, format: 'json', suite: { kind: 'retrieval', k: 5, modes: ['hybrid'] } });
  });

  it('reports YAML syntax errors at their line and column', () => {
    const issues = issuesOf(parseSuite('name: x\ncases:\n  - input: [unclosed\n    expected: y\n'));
    expect(issues[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number), path: '' });
    expect(issues[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('reports JSON syntax errors at their line and column, strictly (no trailing commas)', () => {
    const issues = issuesOf(parseSuite('{\n  "name": "x",\n  "cases": [],\n}', 'json'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 4, column: 1 });
  });

  it('reports duplicate keys in YAML and JSON', () => {
    expect(issuesOf(parseSuite('name: a\nname: b\ncases: [{ input: x }]\n'))[0]).toMatchObject({ line: 2, message: expect.stringMatching(/unique/) });
    expect(issuesOf(parseSuite('{\n  "name": "a",\n  "name": "b",\n  "cases": [{ "input": "x" }]\n}'))[0]).toMatchObject({ line: 3 });
  });

  it('maps schema issues to the line and column of the node', () => {
    const text = ['name: Bad', 'cases:', '  - input: hi', '    assert:', '      - type: contain', '        value: x', '    weight: -1', '  - description: no input', '    bogus: 1', 'extra: true', ''].join('\n');
    const issues = issuesOf(parseSuite(text));
    const at = (path: string) => issues.find((i) => i.path === path);
    expect(at('cases[0].assert[0].type')).toMatchObject({ line: 5, column: 15 });
    expect(at('cases[0].assert[0].type')!.message).toMatch(/Unknown assertion type contain\. Did you mean "contains"\?/);
    expect(at('cases[0].weight')).toMatchObject({ line: 7, column: 13 });
    // A missing field points at its parent; an unknown one at the key itself.
    expect(at('cases[1].input')).toMatchObject({ line: 8, column: 5, message: '"input" is required' });
    expect(at('cases[1].bogus')).toMatchObject({ line: 9, column: 5, message: 'Unknown field "bogus"' });
    expect(at('extra')).toMatchObject({ line: 10, column: 1 });
  });

  it('maps schema issues in JSON files too', () => {
    const text = '{\n  "name": "x",\n  "cases": [\n    { "input": "hi", "trials": 0 }\n  ]\n}';
    const issues = issuesOf(parseSuite(text));
    expect(issues).toEqual([expect.objectContaining({ path: 'cases[0].trials', line: 4, column: 32 })]);
  });

  it('reports the inner issues of a union whose shape was meant (input object, judge)', () => {
    const issues = issuesOf(parseSuite('name: x\njudge: { agent: "" }\ncases:\n  - input: { text: 1, extra: 2 }\n  - input: [1]\n'));
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['judge.agent', 2],
      ['cases[0].input.text', 4],
      ['cases[0].input.extra', 4],
      ['cases[1].input', 5],
    ]);
    expect(issues[3]!.message).toBe('input: give the message text, or { text, vars?, attachments? }');
  });

  it('picks the schema by kind, so retrieval issues name retrieval fields', () => {
    const issues = issuesOf(parseSuite('name: r\nkind: retrieval\ncases:\n  - query: q\n'));
    expect(issues.map((i) => i.path).sort()).toEqual(['cases[0].relevant', 'kb']);
  });

  it('rejects a document that is not a mapping, and an empty one', () => {
    expect(issuesOf(parseSuite('- a\n- b\n'))[0]).toMatchObject({ line: 1, message: expect.stringMatching(/mapping/) });
    expect(issuesOf(parseSuite('# nothing\n'))[0]!.message).toMatch(/mapping/);
  });

  it('finds duplicate case ids, also against generated ones', () => {
    const text = 'name: d\ncases:\n  - input: a\n  - id: x\n    input: b\n  - id: case-1\n    input: c\n  - id: x\n    input: d\n';
    const issues = issuesOf(parseSuite(text));
    expect(issues.map((i) => [i.path, i.line, i.message])).toEqual([
      ['cases[2].id', 6, 'Duplicate case id "case-1" (also case 1): give each case its own id'],
      ['cases[3].id', 8, 'Duplicate case id "x" (also case 2): give each case its own id'],
    ]);
  });

  it('checks assertion values: shape per type, regexes and schemas that compile, equals without expected', () => {
    const text = [
      'name: v',
      'cases:',
      '  - input: hi',
      '    assert:',
      '      - type: regex',
      '        value: "(unclosed"',
      '      - type: is-json',
      '        value: { type: 12 }',
      '      - type: contains-any',
      '        value: just one',
      '      - type: tool-called',
      '        value: { tool: x }',
      '      - type: max-steps',
      '        value: "3"',
      '      - type: equals',
      '      - type: tool-called',
      '        value: read_file',
      '      - type: similar',
      '        value: hello',
      '',
    ].join('\n');
    const issues = issuesOf(parseSuite(text));
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['cases[0].assert[0].value', 6],
      ['cases[0].assert[1].value', 8],
      ['cases[0].assert[2].value', 10],
      ['cases[0].assert[3].value', 12],
      ['cases[0].assert[4].value', 14],
      ['cases[0].assert[5]', 15],
    ]);
    expect(issues[0]!.message).toMatch(/regex: the pattern does not compile/);
    expect(issues[1]!.message).toMatch(/is-json: the JSON Schema does not compile/);
    expect(issues[2]!.message).toMatch(/list of texts/);
    expect(issues[3]!.message).toMatch(/tool name, or \{ name, arguments\? \}/);
    expect(issues[4]!.message).toMatch(/number/);
    expect(issues[5]!.message).toMatch(/equals needs a value/);
  });

  it('flags {{variables}} without a value', () => {
    const issues = issuesOf(parseSuite('name: v\ncases:\n  - input:\n      text: "Hi {{name}} from {{ city }}"\n      vars: { name: Ann }\n'));
    expect(issues).toEqual([expect.objectContaining({ message: '"{{city}}" has no value in vars', path: 'cases[0].input.text', line: 4 })]);
  });
});

describe('renderCaseInput', () => {
  it('fills {{vars}} and keeps unknown ones as written', () => {
    expect(renderCaseInput('plain')).toEqual({ text: 'plain', attachments: [] });
    expect(renderCaseInput({ text: 'Hi {{name}}, {{ name }} from {{city}}', vars: { name: 'Ann' }, attachments: ['a.pdf'] })).toEqual({
      text: 'Hi Ann, Ann from {{city}}',
      attachments: ['a.pdf'],
    });
  });
});

describe('suiteVersion', () => {
  it('is the first 16 hex characters of the sha256 of the text', () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(suiteVersion('abc')).toBe('ba7816bf8f01cfea');
  });
});

describe('appendCase', () => {
  const kase = AgentCase.parse({
    id: 'saved-1',
    input: 'What is 2 + 2?',
    expected: '4',
    assert: [{ type: 'tool-called', value: { name: 'calc__add', arguments: { a: 2, b: 2 } } }],
  });

  it('appends to a YAML suite keeping comments and the rest as written, without default fields', () => {
    const out = appendCase(YAML_SUITE, 'yaml', kase);
    expect(out.startsWith(YAML_SUITE)).toBe(true);
    expect(out).not.toMatch(/weight|tags/);
    const parsed = parseSuite(out);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(caseIds(parsed.suite)).toEqual(['capital', 'case-2', 'saved-1']);
    expect(parsed.suite.cases[2]).toEqual(kase);
  });

  it('keeps what follows the list, and trailing comments, byte for byte', () => {
    const text = 'name: T\ncases:\n    - input: |\n        multi\n        line\n    # about the last case\ntargets: []   # none yet\n';
    const out = appendCase(text, 'yaml', kase);
    expect(out).toBe(`${text.slice(0, text.indexOf('    # about'))}    - id: saved-1\n      input: What is 2 + 2?\n      expected: "4"\n      assert:\n        - type: tool-called\n          value:\n            name: calc__add\n            arguments:\n              a: 2\n              b: 2\n${text.slice(text.indexOf('    # about'))}`);
    const parsed = parseSuite(out);
    if (!parsed.ok || parsed.suite.kind !== 'agent') throw new Error('expected an agent suite');
    expect(parsed.suite.cases.map((c) => c.input)).toEqual(['multi\nline\n', 'What is 2 + 2?']);
  });

  it('creates the cases list when there is none', () => {
    const out = appendCase('name: Empty # no cases yet\n', 'yaml', kase);
    expect(out).toContain('# no cases yet');
    const parsed = parseSuite(out);
    expect(parsed.ok && parsed.suite.cases).toEqual([kase]);
  });

  it('appends to a JSON suite, pretty-printed', () => {
    const json = JSON.stringify({ name: 'J', cases: [{ input: 'hi' }] });
    const out = appendCase(json, 'json', kase);
    expect(out).toContain('\n  "cases": [\n');
    const parsed = parseSuite(out);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.format).toBe('json');
    expect(parsed.suite.cases).toHaveLength(2);
    expect(parsed.suite.cases[1]).toEqual(kase);
  });

  it('refuses a file that does not parse', () => {
    expect(() => appendCase('{ "name": ', 'json', kase)).toThrow(/not valid JSON/);
    expect(() => appendCase('name: [x\n', 'yaml', kase)).toThrow(/not valid YAML/);
    expect(() => appendCase('- a\n', 'yaml', kase)).toThrow(/not a YAML mapping/);
  });
});
