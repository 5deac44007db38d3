import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultResponder } from '../fakes/index';
import { screenshot } from '../helpers/browser';
import { connectClient, type Served } from '../helpers/serve';
import { PARROT, startUiSession, type UiSession } from '../helpers/ui-session';

/**
 * Background agents in the web UI: an automation made in the editor (every 2 s, an agent on a
 * fake Ollama) fires in `serve`, its runs arrive live in its history, one opens on the runs page
 * with its output, and once paused it fires no more.
 */
describe('automations in the web UI (Chromium against serve with a fake Ollama)', () => {
  let session: UiSession;
  let served: Served;
  let page: Page;
  let errors: string[];
  let agentId = '';
  let automationId = '';
  let pinned = '';

  beforeAll(async () => {
    session = await startUiSession({
      prefix: 'af-automations-e2e-',
      respond: defaultResponder,
      agent: PARROT,
      route: '#/automations',
    });
    ({ served, page, errors, agentId } = session);
  });
  afterAll(() => session?.close());

  const records = () => page.getByRole('list', { name: 'Fires' }).getByTestId('history-record');
  const succeeded = () =>
    page
      .getByRole('list', { name: 'Fires' })
      .locator('[data-testid="history-record"][data-status="succeeded"]');

  it('creates an automation in the editor: every 2 s, the Parrot agent, a message with a variable', async () => {
    await page.getByRole('button', { name: 'New automation' }).first().click();
    const form = page.getByRole('form', { name: 'New automation' });
    await form.getByLabel('Name', { exact: true }).fill('Ticker');
    await form.getByRole('option', { name: 'Parrot' }).waitFor({ state: 'attached' });
    await form.getByLabel('Agent', { exact: true }).selectOption(agentId);
    // Its saved revisions load from the engine once the agent is chosen: pin the newest.
    const revision = form.getByLabel('Revision of the agent');
    const newest = revision.locator('option', { hasText: /^Revision \d+ — / }).first();
    await newest.waitFor({ state: 'attached' });
    pinned = (await newest.getAttribute('value')) ?? '';
    await revision.selectOption(pinned);
    await form.getByLabel('Message to the agent').fill('Tick from {{trigger.kind}}');
    await form.getByLabel('Every', { exact: true }).fill('2');
    await form.getByLabel('Unit').selectOption('s');
    // The engine previews the next fires of the every trigger too: five, 2 s apart.
    const fires = () =>
      form
        .locator('[data-testid="trigger"][data-kind="every"] [data-testid="trigger-preview"]')
        .and(page.locator(':not([aria-busy])'))
        .locator('time')
        .evaluateAll((times) => times.map((t) => Date.parse(t.getAttribute('datetime') ?? '')));
    await expect
      .poll(async () => (await fires()).map((at, i, all) => (i ? at - all[i - 1]! : 0)))
      .toEqual([0, 2000, 2000, 2000, 2000]);
    await screenshot(page, 'automations-editor');
    await form.getByRole('button', { name: 'Create automation' }).click();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/automations\/(?!new$)[^/]+$/);
    automationId = new URL(page.url()).hash.split('/')[2] ?? '';
    expect(await page.getByTestId('automation-state').first().getAttribute('data-status')).toBe(
      'active',
    );
    expect(await page.getByTestId('agent-revision').textContent()).toBe(
      `pinned to revision ${pinned}`,
    );
  });

  it('shows its runs arriving live in the history', async () => {
    // No reload: the records come by `automations.run` events.
    await expect.poll(() => succeeded().count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const first = succeeded().first();
    expect(await first.textContent()).toContain('every');
    await screenshot(page, 'automations-history');
  });

  it('opens one of them: the run page shows its output', async () => {
    await succeeded().first().getByRole('link', { name: 'Open run' }).click();
    await expect
      .poll(() => new URL(page.url()).hash)
      .toMatch(new RegExp(`^#/runs/${agentId}/[^/]+$`));
    await expect
      .poll(() => page.getByTestId('chat-output').last().textContent(), { timeout: 15_000 })
      .toContain('You said: Tick from every');
    await expect
      .poll(() =>
        page
          .getByRole('region', { name: 'Conversation' })
          .getByTestId('run-status')
          .first()
          .getAttribute('data-status'),
      )
      .toBe('succeeded');
    // Each result also went to the inbox: the sidebar counts the unread ones.
    await expect
      .poll(() => page.getByTestId('inbox-unread').textContent())
      .toMatch(/^[1-9]\d*\+?$/);
  });

  it('pauses it: the state says paused and no more runs come', async () => {
    await page.goto(`${served.url}#/automations/${automationId}`);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect
      .poll(() => page.getByTestId('automation-state').first().getAttribute('data-status'))
      .toBe('paused');
    // A run going on when it was paused still finishes; then nothing new for a few periods.
    await expect
      .poll(() => page.locator('[data-testid="history-record"][data-status="running"]').count(), {
        timeout: 15_000,
      })
      .toBe(0);
    const count = await records().count();
    await page.waitForTimeout(5000);
    expect(await records().count()).toBe(count);
    const client = await connectClient(served);
    const history = await client.call('automations.history', { automation: automationId });
    const automation = await client.call('automations.get', { automation: automationId });
    client.close();
    expect(history.length).toBe(count);
    expect(automation.state).toBe('paused');
    expect(automation.agentRevision).toBe(Number(pinned));
    await page.goto(`${served.url}#/automations`);
    await expect
      .poll(() =>
        page
          .getByTestId('automation-row')
          .filter({ hasText: 'Ticker' })
          .getByTestId('automation-state')
          .getAttribute('data-status'),
      )
      .toBe('paused');
    await screenshot(page, 'automations-list');
  });

  it('keeps each result in the inbox: unread in bold until opened, counted in the sidebar', async () => {
    const badge = () => page.getByTestId('inbox-unread');
    const unread = Number(await badge().textContent());
    await page
      .getByRole('navigation', { name: 'Features' })
      .getByRole('link', { name: /Inbox/ })
      .click();
    const items = page.getByTestId('inbox-item');
    await expect
      .poll(() => page.locator('[data-testid="inbox-item"][data-unread="true"]').count())
      .toBe(unread);
    await items.first().getByRole('link').click();
    await expect
      .poll(() => page.getByTestId('inbox-body').textContent())
      .toContain('You said: Tick from every');
    await expect.poll(() => items.first().getAttribute('data-unread')).toBe('false');
    if (unread > 1) await expect.poll(() => badge().textContent()).toBe(String(unread - 1));
    else await expect.poll(() => badge().count()).toBe(0);
    await screenshot(page, 'automations-inbox');
    await page.getByRole('link', { name: 'Open run' }).click();
    await expect
      .poll(() => new URL(page.url()).hash)
      .toMatch(new RegExp(`^#/runs/${agentId}/[^/]+$`));
    expect(errors).toEqual([]);
  });
});
