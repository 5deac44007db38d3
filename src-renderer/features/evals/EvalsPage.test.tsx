import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '@shared/entities/agent';
import type { EvalComparison, Suite } from '@shared/entities/eval';
import { agentInput, renderWithApi } from '../../test/render';
import { offsetOf } from './editor-text';
import { EvalsPage } from './EvalsPage';
import { suitesStoreFor } from './suites-store';
import { EvalTestApi } from './test-api';

let api: EvalTestApi;
let agent: Agent;
let suite: Suite;

const SUITE = `name: Parrot checks
cases:
  - id: echoes
    input: Hello
    assert:
      - type: contains
        value: Hello
  - id: polite
    input: Hi
    assert:
      - type: contains
        value: please
`;

beforeEach(async () => {
  api = new EvalTestApi();
  agent = await api.call('agents.create', agentInput({ name: 'Parrot' }));
  agent = await api.call('agents.update', { id: agent.id, patch: { systemPrompt: 'Be brief.' } });
  suite = api.storeSuite(SUITE, 'yaml');
  window.location.hash = '#/evals';
});
afterEach(cleanup);

const go = (...segments: string[]) =>
  act(() => {
    window.location.hash = `#/${segments.join('/')}`;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
const editor = () => screen.getByLabelText(/Suite file/) as HTMLTextAreaElement;
const calls = (method: string) => api.calls.filter((c) => c.method === method).map((c) => c.input);

describe('Evaluations: suites', () => {
  it('lists the suites and shows one’s file in the editor with its verdict', async () => {
    renderWithApi(<EvalsPage />, api);
    const link = await screen.findByRole('link', { name: /Parrot checks/ });
    expect(link.textContent).toContain('2 cases');
    go('evals', suite.id);
    await waitFor(() => expect(editor().value).toBe(SUITE));
    expect(editor().className).toContain('font-mono');
    await waitFor(() =>
      expect(screen.getByTestId('validation').textContent).toContain(
        'Valid: “Parrot checks” with 2 cases',
      ),
    );
    // The help lists every assertion type from the contract.
    const types = within(screen.getByRole('list', { name: 'Assertion types' })).getAllByRole(
      'listitem',
    );
    expect(types.map((t) => t.textContent)).toContain('llm-rubric');
    expect(types).toHaveLength(15);
  });

  it('checks the text as you type, lists problems by line:column, and a click moves the cursor there', async () => {
    api.validator = (content) =>
      content.includes('asert')
        ? {
            ok: false,
            name: null,
            caseCount: 0,
            issues: [
              { message: 'Unknown key "asert"', line: 5, column: 5, path: 'cases.0' },
              {
                message: 'A suite needs at least one case',
                line: null,
                column: null,
                path: 'cases',
              },
            ],
          }
        : { ok: true, name: 'Parrot checks', caseCount: 2, issues: [] };
    window.location.hash = `#/evals/${suite.id}`;
    renderWithApi(<EvalsPage />, api);
    await waitFor(() => expect(editor().value).toBe(SUITE));
    const broken = SUITE.replace('    assert:', '    asert:');
    fireEvent.change(editor(), { target: { value: broken } });
    const issues = await screen.findAllByTestId('validation-issue');
    expect(issues.map((i) => i.textContent)).toEqual([
      '5:5Unknown key "asert"(cases.0)',
      'casesA suite needs at least one case',
    ]);
    expect(editor().getAttribute('aria-invalid')).toBe('true');
    // The engine was asked once the typing paused, with the text as it is.
    expect(calls('eval.suites.validate').at(-1)).toEqual({ content: broken, format: 'yaml' });

    fireEvent.click(issues[0]!);
    expect(document.activeElement).toBe(editor());
    expect(editor().selectionStart).toBe(offsetOf(broken, 5, 5));
    expect(broken.slice(editor().selectionStart, editor().selectionStart + 5)).toBe('asert');
    expect(screen.getByTestId('cursor-place').textContent).toBe('Line 5, column 5');
    // An issue without a line cannot move the cursor.
    expect((issues[1] as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows YAML syntax errors where they are, saves a valid change, and deletes a suite', async () => {
    window.location.hash = `#/evals/${suite.id}`;
    renderWithApi(<EvalsPage />, api);
    await waitFor(() => expect(editor().value).toBe(SUITE));
    fireEvent.change(editor(), { target: { value: 'name: [broken\ncases: 1\n' } });
    const [issue] = await screen.findAllByTestId('validation-issue');
    expect(issue!.textContent).toMatch(/^\d+:\d+/);

    const changed = SUITE.replace('value: please', 'value: Hi');
    fireEvent.change(editor(), { target: { value: changed } });
    await waitFor(() =>
      expect(screen.getByTestId('validation').getAttribute('data-ok')).toBe('true'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.suite(suite.id).content).toBe(changed));
    await waitFor(() => expect(screen.getByText('Saved.')).toBeTruthy());
    expect(editor().value).toBe(changed);
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    expect(calls('eval.suites.update').at(-1)).toEqual({
      suite: suite.id,
      content: changed,
      format: 'yaml',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Delete suite' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.suites.size).toBe(0));
    await waitFor(() => expect(window.location.hash).toBe('#/evals'));
    expect(screen.queryByRole('link', { name: /Parrot checks/ })).toBeNull();
  });

  it('follows a change made elsewhere (a case saved from the chat) unless something was typed', async () => {
    window.location.hash = `#/evals/${suite.id}`;
    renderWithApi(<EvalsPage />, api);
    await waitFor(() => expect(editor().value).toBe(SUITE));
    const outside = `${SUITE}  - id: third\n    input: Bye\n`;
    act(() =>
      suitesStoreFor(api)
        .getState()
        .put(api.storeSuite(outside, 'yaml', suite.id)),
    );
    await waitFor(() => expect(editor().value).toBe(outside));
    fireEvent.change(editor(), { target: { value: `${outside}# mine\n` } });
    act(() =>
      suitesStoreFor(api)
        .getState()
        .put(api.storeSuite(SUITE, 'yaml', suite.id)),
    );
    expect(editor().value).toBe(`${outside}# mine\n`);
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Revert' }));
    expect(editor().value).toBe(SUITE);
  });

  it('imports a dropped or chosen file, and replaces a suite of the same name only when confirmed', async () => {
    window.location.hash = '#/evals/new';
    renderWithApi(<EvalsPage />, api);
    const json = JSON.stringify({ name: 'From JSON', cases: [{ input: 'Hi' }] });
    fireEvent.change(screen.getByLabelText('Choose files'), {
      target: { files: [new File([json], 'from.json', { type: 'application/json' })] },
    });
    await waitFor(() => expect(calls('eval.suites.import')).toHaveLength(1));
    expect(calls('eval.suites.import')[0]).toEqual({
      content: json,
      format: 'json',
      replace: false,
    });
    const imported = api.suite('From JSON');
    await waitFor(() => expect(window.location.hash).toBe(`#/evals/${imported.id}`));
    await screen.findByRole('heading', { name: 'From JSON' });

    go('evals', 'new');
    const again = SUITE.replace('value: please', 'value: thanks');
    fireEvent.change(await screen.findByLabelText('Choose files'), {
      target: { files: [new File([again], 'parrot.yaml')] },
    });
    const dialog = await screen.findByRole('dialog', { name: 'Replace the suite?' });
    expect(dialog.textContent).toContain('A suite named "Parrot checks" exists.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Replace' }));
    await waitFor(() => expect(api.suite(suite.id).content).toBe(again));
    expect(calls('eval.suites.import').at(-1)).toMatchObject({ format: 'yaml', replace: true });
  });

  it('creates a suite from the editor and sets up the guide samples', async () => {
    window.location.hash = '#/evals';
    renderWithApi(<EvalsPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Set up the guide samples' }));
    await screen.findByRole('link', { name: /Guide retrieval/ });
    expect(screen.getByRole('link', { name: /Guide retrieval/ }).textContent).toContain(
      'Retrieval',
    );
    expect(screen.getByRole('status').textContent).toContain('“Guide retrieval”, “Guide agent”');

    go('evals', 'new');
    await waitFor(() =>
      expect(screen.getByTestId('validation').getAttribute('data-ok')).toBe('true'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Create suite' }));
    await waitFor(() => expect(api.suite('My suite').caseCount).toBe(1));
    await waitFor(() => expect(window.location.hash).toBe(`#/evals/${api.suite('My suite').id}`));
  });
});

describe('Evaluations: running and results', () => {
  it('runs the suite against two revisions with live progress and cancels a run', async () => {
    window.location.hash = `#/evals/${suite.id}/run`;
    renderWithApi(<EvalsPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: /Add a target/ }));
    fireEvent.click(screen.getByRole('button', { name: /Add a target/ }));
    fireEvent.change(screen.getByLabelText('Agent of target 2'), { target: { value: agent.id } });
    // Only one agent: new targets start with it.
    expect((screen.getByLabelText('Agent of target 1') as HTMLSelectElement).value).toBe(agent.id);
    await waitFor(() =>
      expect(
        within(screen.getByLabelText('Revision of target 1')).getAllByRole('option'),
      ).toHaveLength(3),
    );
    fireEvent.change(screen.getByLabelText('Revision of target 1'), { target: { value: '1' } });
    expect((screen.getByLabelText('Label of target 2') as HTMLInputElement).placeholder).toBe(
      'Parrot@2',
    );
    fireEvent.change(screen.getByLabelText('Label of target 2'), { target: { value: ' Latest ' } });
    fireEvent.change(screen.getByLabelText('Trials per case'), { target: { value: '3' } });
    fireEvent.click(screen.getByLabelText('Do not use cached answers'));
    fireEvent.click(screen.getByRole('button', { name: /Run the suite/ }));
    await waitFor(() => expect(calls('eval.run')).toHaveLength(1));
    expect(calls('eval.run')[0]).toEqual({
      suite: suite.id,
      targets: [
        { agent: agent.id, revision: 1 },
        { agent: agent.id, label: 'Latest' },
      ],
      trials: 3,
      concurrency: 2,
      noCache: true,
    });
    const progress = await screen.findByTestId('eval-run-progress');
    const bar = within(progress).getByRole('progressbar');
    expect(bar.getAttribute('aria-valuemax')).toBe('12');
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    const runId = [...api.evalRuns.keys()][0]!;
    act(() => void api.evalProgress(runId, 5));
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('5'));
    expect(within(progress).getByTestId('progress-count').textContent).toBe('5 of 12 done');
    expect(screen.getByRole('tab', { name: /Run/ }).textContent).toContain('1');

    fireEvent.click(within(progress).getByRole('button', { name: /Cancel/ }));
    await waitFor(() => expect(api.evalRun(runId).status).toBe('cancelled'));
    await waitFor(() =>
      expect(screen.getByTestId('eval-run-progress').getAttribute('data-status')).toBe('cancelled'),
    );
    expect(
      within(screen.getByTestId('eval-run-progress'))
        .getByRole('link', { name: 'See the results' })
        .getAttribute('href'),
    ).toBe(`#/evals/${suite.id}/results/${runId}`);
  });

  it('shows the matrix of cases × targets with reasons, flaky cells, errors apart and a case’s detail', async () => {
    const run = await api.call('eval.run', {
      suite: suite.id,
      targets: [{ agent: agent.id, revision: 1 }, { agent: agent.id }],
    });
    const [a, b] = run.targets.map((t) => t.label) as [string, string];
    api.finishEval(run.id, [
      {
        caseId: 'echoes',
        target: a,
        status: 'passed',
        agentRunId: 'run-77',
        assertions: [
          {
            type: 'contains',
            pass: true,
            score: 1,
            weight: 1,
            reason: 'Found "Hello"',
            error: false,
          },
        ],
      },
      { caseId: 'echoes', target: b, status: 'passed', trial: 1 },
      {
        caseId: 'echoes',
        target: b,
        status: 'failed',
        trial: 2,
        assertions: [
          {
            type: 'contains',
            pass: false,
            score: 0,
            weight: 1,
            reason: 'No "Hello" in the answer',
            error: false,
          },
        ],
      },
      { caseId: 'echoes', target: b, status: 'passed', trial: 3 },
      {
        caseId: 'polite',
        target: a,
        status: 'failed',
        expected: 'Please',
        assertions: [
          {
            type: 'contains',
            pass: false,
            score: 0,
            weight: 1,
            reason: 'No "please" in the answer',
            error: false,
          },
        ],
      },
      {
        caseId: 'polite',
        target: b,
        status: 'error',
        errorKind: 'infrastructure',
        error: 'The provider was not reachable',
      },
    ]);
    window.location.hash = `#/evals/${suite.id}/results`;
    renderWithApi(<EvalsPage />, api);
    const table = await screen.findByRole('table', { name: 'Results: cases × targets' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Case', a, b]);
    const cells = within(table).getAllByTestId('matrix-cell');
    expect(cells.map((c) => c.getAttribute('data-status'))).toEqual([
      'passed',
      'passed',
      'failed',
      'error',
    ]);
    expect(cells[1]!.getAttribute('data-flaky')).toBe('true');
    expect(cells[1]!.textContent).toContain('2/3');
    expect(cells[2]!.getAttribute('title')).toBe('contains: No "please" in the answer');
    expect(cells[2]!.getAttribute('aria-label')).toBe(
      `polite against ${a}: Fail — contains: No "please" in the answer`,
    );
    expect(screen.getByTestId('summary-passed').textContent).toBe('2');
    expect(screen.getByTestId('summary-failed').textContent).toBe('1');
    expect(screen.getByTestId('summary-errors').textContent).toBe('1');
    // Errors are listed apart from failures, with their kind.
    const errors = within(screen.getByRole('region', { name: 'Errors' })).getAllByTestId(
      'eval-error',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]!.textContent).toContain('infrastructure — The provider was not reachable');

    fireEvent.click(cells[0]!);
    const detail = screen.getByRole('region', { name: `Case echoes against ${a}` });
    expect(within(detail).getByTestId('case-output').textContent).toContain('Answer to echoes');
    const [assertion] = within(detail).getAllByTestId('assertion-result');
    expect(assertion!.textContent).toContain('Found "Hello"');
    expect(within(detail).getByRole('link', { name: 'Open the trace' }).getAttribute('href')).toBe(
      `#/runs/${agent.id}/run-77`,
    );

    fireEvent.click(cells[1]!);
    const flaky = screen.getByRole('region', { name: `Case echoes against ${b}` });
    expect(within(flaky).getAllByTestId('case-trial')).toHaveLength(3);
    expect(cells[1]!.getAttribute('aria-pressed')).toBe('true');
  });

  it('shows retrieval metrics per mode and per tag', async () => {
    const retrieval = api.storeSuite(
      'name: Search\nkind: retrieval\nkb: Guide\ncases:\n  - query: q\n    relevant: [a.md]\n',
      'yaml',
    );
    const run = await api.call('eval.run', { suite: retrieval.id });
    api.finishEval(run.id, [{ caseId: 'case-1', target: 'hybrid', status: 'passed' }]);
    api.setRun(run.id, {
      summary: {
        ...api.evalRun(run.id).summary!,
        metrics: {
          'recall@5': 0.8,
          mrr: 0.5,
          'hybrid.recall@5': 0.8,
          'hybrid.mrr': 0.5,
          'hybrid.ndcg@5': 0.6,
          'keyword.recall@5': 0.4,
        },
      },
    });
    window.location.hash = `#/evals/${retrieval.id}/results/${run.id}`;
    renderWithApi(<EvalsPage />, api);
    const table = await screen.findByRole('table', { name: 'Retrieval metrics' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Mode / tag', 'recall@5', 'MRR', 'nDCG@5']);
    const rows = within(table).getAllByTestId('metrics-row');
    expect(rows.map((r) => r.getAttribute('data-group'))).toEqual(['overall', 'hybrid', 'keyword']);
    expect(rows[1]!.textContent).toBe('hybrid0.8000.5000.600');
    expect(rows[2]!.textContent).toBe('keyword0.400——');
  });
});

describe('Evaluations: comparison and trend', () => {
  async function twoRuns() {
    const first = await api.call('eval.run', {
      suite: suite.id,
      targets: [{ agent: agent.id, revision: 1 }],
    });
    api.finishEval(first.id, [
      { caseId: 'echoes', target: first.targets[0]!.label, status: 'passed' },
      { caseId: 'polite', target: first.targets[0]!.label, status: 'passed' },
    ]);
    const second = await api.call('eval.run', { suite: suite.id, targets: [{ agent: agent.id }] });
    api.finishEval(second.id, [
      { caseId: 'echoes', target: second.targets[0]!.label, status: 'passed' },
      { caseId: 'polite', target: second.targets[0]!.label, status: 'failed' },
    ]);
    return [api.evalRun(first.id), api.evalRun(second.id)] as const;
  }

  it('compares two runs: regressions first, the pass rate a → b, the paired test in words, tokens and latency', async () => {
    const [first, second] = await twoRuns();
    const row = (
      caseId: string,
      change: EvalComparison['cases'][number]['change'],
      a: number | null,
      b: number | null,
    ) => ({
      caseId,
      target: 'Parrot',
      change,
      a,
      b,
      reasonA: null,
      reasonB: change === 'regressed' ? 'contains: No "please"' : null,
    });
    api.comparison = {
      a: first,
      b: second,
      // Deliberately out of order: the page still shows regressions first.
      cases: [
        row('same', 'unchanged', 1, 1),
        row('wobbly', 'flaky', 0.5, 1),
        row('better', 'improved', 0, 1),
        row('polite', 'regressed', 1, 0),
      ],
      passRate: { a: 1, b: 0.5, diff: -0.5 },
      mcnemar: { onlyA: 1, onlyB: 0, pValue: 1, significant: false },
      bootstrap: { low: -1, high: 0 },
      tokens: { a: 30, b: 45, diff: 15 },
      latencyMs: { a: 100, b: 80, diff: -20 },
    };
    window.location.hash = `#/evals/${suite.id}/compare`;
    renderWithApi(<EvalsPage />, api);
    await waitFor(() => expect(screen.getAllByTestId('change-group')).toHaveLength(4));
    expect(calls('eval.compare')[0]).toEqual({ a: first.id, b: second.id });
    expect(screen.getAllByTestId('change-group').map((g) => g.getAttribute('data-change'))).toEqual(
      ['regressed', 'improved', 'flaky', 'unchanged'],
    );
    expect(screen.getAllByTestId('compared-case')[0]!.textContent).toContain(
      'contains: No "please"',
    );
    expect(screen.getByTestId('compare-pass-rate').textContent).toBe('100.0% → 50.0% (−50.0 pp)');
    expect(screen.getByTestId('compare-mcnemar').textContent).toContain('not significant');
    expect(screen.getByLabelText('Comparison figures').textContent).toContain(
      '30 → 45 (+15 tokens)',
    );
    expect(screen.getByLabelText('Comparison figures').textContent).toContain('(−20 ms)');
    expect(screen.getByLabelText('Comparison figures').textContent).toContain(
      'between −100.0 pp and ±0 pp',
    );

    // Swapping the runs asks again.
    fireEvent.change(screen.getByLabelText('Run A (before)'), { target: { value: second.id } });
    await waitFor(() =>
      expect(calls('eval.compare').at(-1)).toEqual({ a: second.id, b: second.id }),
    );
  });

  it('draws the pass rate over the runs, with the same figures in words and as a table', async () => {
    const [first, second] = await twoRuns();
    window.location.hash = `#/evals/${suite.id}/trend`;
    renderWithApi(<EvalsPage />, api);
    const summary = await screen.findByTestId('trend-summary');
    expect(summary.textContent).toBe('Pass rate over 2 runs: from 100% to 50% (best 100%).');
    expect(screen.getByTestId('trend-chart').getAttribute('aria-label')).toBe(summary.textContent);
    const rows = screen.getAllByTestId('trend-row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('100.0%'),
      expect.stringContaining('50.0%'),
    ]);
    expect(within(rows[0]!).getByRole('link').getAttribute('href')).toBe(
      `#/evals/${suite.id}/results/${first.id}`,
    );
    expect(within(rows[1]!).getByRole('link').getAttribute('href')).toBe(
      `#/evals/${suite.id}/results/${second.id}`,
    );
  });
});
