import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, type ChatView } from '../fakes/index';
import { screenshot } from '../helpers/browser';
import { tempDataDir, type Served } from '../helpers/serve';
import { startUiSession, type UiSession } from '../helpers/ui-session';

/**
 * The fake parrots the last message ("You said: …"), and adds ", please" when the agent's system
 * prompt asks it to be polite: revision 1 of the agent is polite, revision 2 is not, so the
 * `polite` case passes on the first and fails on the second by construction.
 */
const parrot = (view: ChatView) => {
  const said = [...view.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const polite = view.messages.some((m) => m.role === 'system' && m.content.includes('Be polite'));
  return reply.text(`You said: ${said}${polite ? ', please' : ''}`);
};

const SUITE = `# Checks of the parrot agent
name: Parrot checks
description: The fake model repeats the message back
cases:
  - id: echoes
    input: Hello there
    assert:
      - type: contains
        value: "You said: Hello there"
  - id: polite
    input: Thank you
    assert:
      - type: icontains
        value: please
  - id: banana
    input: Name a fruit
    assert:
      - type: contains
        value: banana
`;

/**
 * Evaluations in the web UI: a suite imported from a file, run against two revisions of an agent
 * (a matrix), two runs compared (regressions first), and a chat answer saved as a test case that
 * then stands in the suite's file.
 */
describe('evaluations in the web UI (Chromium against serve with a fake Ollama)', () => {
  const dataDir = tempDataDir('af-evals-e2e-');
  const suiteFile = join(dataDir, 'parrot-checks.yaml');
  let session: UiSession;
  let served: Served;
  let page: Page;
  let errors: string[];
  let agentId = '';
  let suiteId = '';
  /** The agent's first revision (polite) and the one after it (brief). */
  let first = '';
  let second = '';

  beforeAll(async () => {
    writeFileSync(suiteFile, SUITE);
    session = await startUiSession({
      dataDir,
      respond: parrot,
      async prepare(client) {
        const agent = await client.call('agents.create', {
          name: 'Parrot',
          systemPrompt: 'Be polite.',
          model: { provider: 'ollama', model: 'llama3.2' },
        });
        agentId = agent.id;
        const updated = await client.call('agents.update', {
          id: agentId,
          patch: { systemPrompt: 'Be brief.' },
        });
        expect(updated.revision).toBe(agent.revision + 1);
        first = String(agent.revision);
        second = String(updated.revision);
      },
      route: '#/agents',
    });
    ({ served, page, errors } = session);
  });
  afterAll(() => session?.close());

  const editor = () => page.getByLabel(/^Suite file/);
  const cells = () =>
    page.getByRole('table', { name: 'Results: cases × targets' }).getByTestId('matrix-cell');
  const statuses = () =>
    cells().evaluateAll((all) => all.map((c) => c.getAttribute('data-status')));

  /** Starts a run from the Run tab with these targets (revision '' = latest) and waits for its end. */
  async function runSuite(targets: { revision: string; label?: string }[]) {
    await page.getByRole('tab', { name: /^Run/ }).click();
    // Targets left from the last run go first.
    const removes = page.getByRole('button', { name: /^Remove target/ });
    while ((await removes.count()) > 0) await removes.first().click();
    for (const [i, target] of targets.entries()) {
      await page.getByRole('button', { name: 'Add a target' }).click();
      const n = i + 1;
      await page.getByLabel(`Agent of target ${n}`).selectOption(agentId);
      const revision = page.getByLabel(`Revision of target ${n}`);
      if (target.revision) {
        await revision.locator(`option[value="${target.revision}"]`).waitFor({ state: 'attached' });
        await revision.selectOption(target.revision);
      }
      if (target.label) await page.getByLabel(`Label of target ${n}`).fill(target.label);
    }
    const resultLinks = () =>
      page
        .getByRole('link', { name: 'See the results' })
        .evaluateAll((links) => links.map((l) => l.getAttribute('href') ?? ''));
    const before = new Set(await resultLinks());
    await page.getByRole('button', { name: 'Run the suite' }).click();
    // The run shows its progress live, and its results link once it has ended.
    await expect
      .poll(async () => (await resultLinks()).filter((h) => !before.has(h)), { timeout: 60_000 })
      .toHaveLength(1);
    const link = (await resultLinks()).find((h) => !before.has(h))!;
    const finished = page
      .getByTestId('eval-run-progress')
      .filter({ has: page.locator(`a[href="${link}"]`) });
    expect(await finished.getAttribute('data-status')).toBe('completed');
    const cases = 3 * targets.length;
    expect(await finished.getByTestId('progress-count').textContent()).toBe(
      `${cases} of ${cases} done`,
    );
    expect(await finished.getByRole('progressbar').getAttribute('aria-valuenow')).toBe(
      String(cases),
    );
    return finished;
  }

  it('imports a suite file, shows it in the editor and names problems by line:column', async () => {
    await page.getByRole('link', { name: 'Evaluations' }).click();
    await page.getByRole('link', { name: /New or import/ }).click();
    await page.getByLabel('Choose files').setInputFiles(suiteFile);
    await expect
      .poll(() => new URL(page.url()).hash, { timeout: 10_000 })
      .toMatch(/^#\/evals\/(?!new$)[^/]+$/);
    suiteId = new URL(page.url()).hash.split('/')[2] ?? '';
    await page.getByRole('heading', { name: 'Parrot checks' }).waitFor();
    expect(await editor().inputValue()).toBe(SUITE);
    await expect
      .poll(() => page.getByTestId('validation').textContent())
      .toContain('Valid: “Parrot checks” with 3 cases');
    expect(await page.getByRole('link', { name: /Parrot checks/ }).textContent()).toContain(
      '3 cases',
    );

    // A wrong key: the engine names where it is; a click puts the cursor there.
    await editor().fill(
      SUITE.replace('    assert:\n      - type: icontains', '    asert:\n      - type: icontains'),
    );
    const issue = page.getByTestId('validation-issue').first();
    await issue.waitFor({ timeout: 10_000 });
    const [, line, column] = /^(\d+):(\d+)/.exec((await issue.textContent()) ?? '') ?? [];
    expect(Number(line)).toBeGreaterThan(0);
    await issue.click();
    expect(await page.getByTestId('cursor-place').textContent()).toBe(
      `Line ${line}, column ${column}`,
    );
    expect(await editor().evaluate((el) => el.matches(':focus'))).toBe(true);
    await screenshot(page, 'evals-editor-issue');
    await page.getByRole('button', { name: 'Revert' }).click();
    expect(await editor().inputValue()).toBe(SUITE);
  });

  it('runs the suite against two revisions of the agent and shows the matrix', async () => {
    const finished = await runSuite([{ revision: first }, { revision: '' }]);
    await finished.getByRole('link', { name: 'See the results' }).click();
    const table = page.getByRole('table', { name: 'Results: cases × targets' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Case',
      `Parrot@${first}`,
      `Parrot@${second}`,
    ]);
    // Rows: echoes, polite, banana; columns: revision 1, revision 2.
    expect(await statuses()).toEqual(['passed', 'passed', 'passed', 'failed', 'failed', 'failed']);
    expect(await cells().nth(3).getAttribute('title')).toMatch(/^icontains: /);
    expect(await page.getByTestId('summary-passed').textContent()).toBe('3');
    expect(await page.getByTestId('summary-failed').textContent()).toBe('3');
    expect(await page.getByTestId('summary-errors').textContent()).toBe('0');

    await cells().nth(2).click();
    const detail = page.getByRole('region', { name: `Case polite against Parrot@${first}` });
    expect(await detail.getByTestId('case-output').textContent()).toContain(
      'You said: Thank you, please',
    );
    expect(await detail.getByTestId('assertion-result').first().getAttribute('data-pass')).toBe(
      'true',
    );
    await screenshot(page, 'evals-matrix');
    // The agent run behind the answer is one click away.
    await detail.getByRole('link', { name: 'Open the trace' }).click();
    await expect
      .poll(() => new URL(page.url()).hash)
      .toMatch(new RegExp(`^#/runs/${agentId}/[^/]+$`));
    await expect
      .poll(() => page.getByTestId('chat-output').last().textContent(), { timeout: 15_000 })
      .toContain('You said: Thank you, please');
    await page.goBack();
    await page.getByRole('table', { name: 'Results: cases × targets' }).waitFor();
  });

  it('compares a run of the first revision with one of the second: the regression comes first', async () => {
    await runSuite([{ revision: first, label: 'Parrot' }]);
    await runSuite([{ revision: '', label: 'Parrot' }]);
    await page.getByRole('tab', { name: 'Compare' }).click();
    const groups = page.getByTestId('change-group');
    await expect.poll(() => groups.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(
      await groups.evaluateAll((all) => all.map((g) => g.getAttribute('data-change'))),
    ).toEqual(['regressed', 'unchanged']);
    const regressed = page.getByRole('region', { name: 'Regressed' }).getByTestId('compared-case');
    expect(await regressed.count()).toBe(1);
    expect(await regressed.first().textContent()).toContain('polite');
    expect(await page.getByTestId('compare-pass-rate').textContent()).toMatch(
      /^66\.7% → 33\.3% \(−33\.3 pp\)$/,
    );
    expect(await page.getByTestId('compare-mcnemar').textContent()).toContain('not significant');
    await screenshot(page, 'evals-compare');

    await page.getByRole('tab', { name: 'Trend' }).click();
    expect(await page.getByTestId('trend-summary').textContent()).toMatch(
      /^Pass rate over 3 runs: /,
    );
    expect(await page.getByTestId('trend-chart').locator('svg.recharts-surface').count()).toBe(1);
    await screenshot(page, 'evals-trend');
    // The chart follows the OS theme (its axes and text take the page's colours).
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'evals-trend-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('saves a chat answer as a test case: the case stands in the suite’s file', async () => {
    await page.goto(`${served.url}#/chat/${agentId}`);
    const box = page.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill('Remember this');
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('chat-output').last().textContent(), { timeout: 15_000 })
      .toContain('You said: Remember this');
    await page.getByRole('button', { name: 'Save as test case' }).last().click();
    const dialog = page.getByRole('dialog', { name: 'Save as a test case' });
    await dialog.getByRole('option', { name: /Parrot checks/ }).waitFor({ state: 'attached' });
    await dialog.getByLabel('Suite').selectOption(suiteId);
    await dialog.getByLabel('Case id (optional)').fill('remembers');
    await dialog.getByRole('button', { name: 'Save case' }).click();
    const done = page.getByRole('dialog', { name: 'Saved as a test case' });
    expect(await done.getByRole('status').textContent()).toContain(
      'Case remembers is in “Parrot checks”.',
    );
    await done.getByRole('link', { name: 'Open the suite' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/evals/${suiteId}`);
    await expect.poll(() => editor().inputValue()).toContain('id: remembers');
    const text = await editor().inputValue();
    expect(text).toContain('# Checks of the parrot agent');
    expect(text).toContain('input: Remember this');
    expect(text).toMatch(/expected: .*You said: Remember this/);
    expect(await page.getByRole('link', { name: /Parrot checks/ }).textContent()).toContain(
      '4 cases',
    );
    await expect.poll(() => page.getByTestId('validation').getAttribute('data-ok')).toBe('true');
    await screenshot(page, 'evals-saved-case');
    expect(errors).toEqual([]);
  });
});
