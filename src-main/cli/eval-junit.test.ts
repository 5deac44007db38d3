// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { EvalCaseResult, EvalRunDetail } from '@shared/entities/eval';
import { junitXml } from './eval-junit';

const result = (over: Partial<EvalCaseResult>): EvalCaseResult => ({
  runId: 'run-1',
  caseId: 'c',
  target: 'Support@2',
  trial: 1,
  status: 'passed',
  errorKind: null,
  score: 1,
  input: 'hi',
  output: 'You said: hi',
  expected: null,
  assertions: [],
  agentRunId: null,
  usage: { inputTokens: 3, outputTokens: 3 },
  latencyMs: 1500,
  steps: 1,
  cached: false,
  tags: [],
  error: null,
  ...over,
});

const failing = { type: 'contains', pass: false, score: 0, weight: 1, reason: 'The answer does not contain "refund <policy>"', error: false };

function run(cases: EvalCaseResult[]): EvalRunDetail {
  return {
    id: 'run-1',
    suiteId: 's1',
    suiteName: 'support & billing',
    suiteVersion: 'abcdef0123456789',
    kind: 'agent',
    targets: [
      { label: 'Support@2', agentId: 'a1', revision: 2, overrides: {} },
      { label: 'Support@3', agentId: 'a1', revision: 3, overrides: {} },
    ],
    trials: 1,
    status: 'completed',
    progress: { done: cases.length, total: cases.length },
    summary: null,
    error: null,
    createdAt: '2026-12-03T10:00:00.000Z',
    finishedAt: '2026-12-03T10:01:00.000Z',
    cases,
  };
}

/** The DOM of the jsdom environment, typed just enough (this project's node typings have no DOM). */
interface XmlElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement> & Iterable<XmlElement>;
}
type XmlDocument = Pick<XmlElement, 'getElementsByTagName'> & { documentElement: XmlElement };
const { DOMParser } = globalThis as unknown as { DOMParser: new () => { parseFromString(text: string, type: string): XmlDocument } };

/** Parses strictly: a document that is not well-formed XML fails the test. */
function parse(xml: string): XmlDocument {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc;
}

describe('JUnit XML of a run', () => {
  it('has a testsuite per target and a testcase per case: failures with their reasons, errors apart', () => {
    const xml = junitXml(
      run([
        result({ caseId: 'greets' }),
        result({ caseId: 'refunds', status: 'failed', score: 0, assertions: [failing], output: 'You said: \u0007refund?' }),
        result({ caseId: 'down', status: 'error', errorKind: 'infrastructure', output: null, latencyMs: null, error: 'ollama: connect ECONNREFUSED 127.0.0.1:9' }),
        result({ caseId: 'greets', target: 'Support@3' }),
        result({ caseId: 'judged', target: 'Support@3', status: 'error', errorKind: 'scorer', assertions: [{ ...failing, type: 'llm-rubric', reason: 'The judge did not answer', error: true }] }),
      ]),
    );
    const doc = parse(xml);
    const root = doc.documentElement;
    expect(root.tagName).toBe('testsuites');
    expect([root.getAttribute('tests'), root.getAttribute('failures'), root.getAttribute('errors')]).toEqual(['5', '1', '2']);
    const suites = [...doc.getElementsByTagName('testsuite')];
    expect(suites.map((s) => [s.getAttribute('name'), s.getAttribute('tests'), s.getAttribute('failures'), s.getAttribute('errors')])).toEqual([
      ['support & billing — Support@2', '3', '1', '1'],
      ['support & billing — Support@3', '2', '0', '1'],
    ]);
    const cases = [...suites[0]!.getElementsByTagName('testcase')];
    expect(cases.map((c) => [c.getAttribute('name'), c.getAttribute('classname'), c.getAttribute('time')])).toEqual([
      ['greets', 'support & billing.Support@2', '1.500'],
      ['refunds', 'support & billing.Support@2', '1.500'],
      ['down', 'support & billing.Support@2', '0.000'],
    ]);
    expect(cases[0]!.getElementsByTagName('failure')).toHaveLength(0);
    const failure = cases[1]!.getElementsByTagName('failure')[0]!;
    expect(failure.getAttribute('message')).toBe('contains: The answer does not contain "refund <policy>"');
    expect(failure.textContent).toContain('answer: You said: \uFFFDrefund?');
    const error = cases[2]!.getElementsByTagName('error')[0]!;
    expect(error.getAttribute('type')).toBe('infrastructure');
    expect(error.getAttribute('message')).toContain('ECONNREFUSED');
    expect(cases[2]!.getElementsByTagName('failure')).toHaveLength(0);
    const scorer = suites[1]!.getElementsByTagName('error')[0]!;
    expect(scorer.getAttribute('type')).toBe('scorer');
    expect(scorer.getAttribute('message')).toBe('llm-rubric: The judge did not answer');
    const props = [...suites[0]!.getElementsByTagName('property')].map((p) => [p.getAttribute('name'), p.getAttribute('value')]);
    expect(props).toContainEqual(['run', 'run-1']);
  });

  it('folds trials like the summary: a case fails when most trials fail, and says how many passed', () => {
    const doc = parse(
      junitXml(
        run([
          result({ caseId: 'flaky', trial: 1 }),
          result({ caseId: 'flaky', trial: 2, status: 'failed', assertions: [failing] }),
          result({ caseId: 'flaky', trial: 3, status: 'failed', assertions: [failing] }),
          result({ caseId: 'mostly', trial: 1 }),
          result({ caseId: 'mostly', trial: 2 }),
          result({ caseId: 'mostly', trial: 3, status: 'failed', assertions: [failing] }),
        ]),
      ),
    );
    const cases = [...doc.getElementsByTagName('testcase')];
    expect(cases).toHaveLength(2);
    const failure = cases[0]!.getElementsByTagName('failure')[0]!;
    expect(failure.getAttribute('message')).toBe('contains: The answer does not contain "refund <policy>" — 1/3 trials passed');
    expect(failure.textContent).toContain('trial 2: contains');
    expect(cases[1]!.getElementsByTagName('failure')).toHaveLength(0);
    expect(doc.documentElement.getAttribute('failures')).toBe('1');
  });
});
