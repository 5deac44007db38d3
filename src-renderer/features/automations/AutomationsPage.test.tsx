import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '@shared/entities/agent';
import { AppError } from '@shared/errors';
import { agentInput, renderWithApi } from '../../test/render';
import { AutomationsPage } from './AutomationsPage';
import { AutomationsTestApi } from './test-api';

let api: AutomationsTestApi;
let agent: Agent;

beforeEach(async () => {
  api = new AutomationsTestApi();
  agent = await api.call('agents.create', agentInput({ name: 'Reporter' }));
  window.location.hash = '#/automations';
});
afterEach(cleanup);

const go = (hash: string) =>
  act(() => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
const rowOf = (name: string) =>
  screen.getAllByTestId('automation-row').find((r) => r.textContent?.includes(name))!;
const cronTrigger = () =>
  screen.getAllByTestId('trigger').find((t) => t.getAttribute('data-kind') === 'cron')!;
const lastCall = (method: string) => api.calls.filter((c) => c.method === method).at(-1)?.input;

describe('Automations page', () => {
  it('lists each automation with its state, triggers in words, next fire and last result, live', async () => {
    api.seed({
      name: 'Morning digest',
      agentId: agent.id,
      triggers: [{ kind: 'cron', expr: '0 9 * * 1-5', timezone: 'Europe/Berlin' }],
      nextFireAt: '2026-03-03T08:00:00.000Z',
    });
    api.seed({
      name: 'PDF sorter',
      agentId: agent.id,
      triggers: [
        { kind: 'watch', path: '~/Inbox', globs: ['*.pdf'], events: ['add'], debounceMs: 1000 },
        { kind: 'every', seconds: 30 },
      ],
      state: 'paused_by_system',
      pauseReason: 'Paused after 3 failed runs in a row',
    });
    renderWithApi(<AutomationsPage />, api);
    await screen.findByText('Morning digest');
    const digest = rowOf('Morning digest');
    expect(within(digest).getByTestId('trigger-summary').textContent).toBe(
      'cron 0 9 * * 1-5 (Europe/Berlin)',
    );
    expect(within(digest).getByTestId('automation-state').getAttribute('data-status')).toBe(
      'active',
    );
    // 08:00 UTC is 09:00 in Berlin (CET), shown in the automation's zone.
    expect(within(digest).getByTestId('next-fire').textContent).toMatch(/09:00:00/);
    expect(within(digest).getByText('never ran')).toBeTruthy();
    const sorter = rowOf('PDF sorter');
    expect(within(sorter).getByTestId('trigger-summary').textContent).toBe(
      'watch ~/Inbox *.pdf · every 30 s',
    );
    expect(within(sorter).getByTestId('automation-state').textContent).toBe('Paused by the system');
    expect(within(sorter).getByTestId('pause-reason').textContent).toBe(
      'Paused after 3 failed runs in a row',
    );

    const id = api.automation('Morning digest').id;
    act(() => void api.record(id, 'failed', { reason: 'The model was not reachable' }));
    await waitFor(() =>
      expect(
        within(rowOf('Morning digest')).getByTestId('last-status').getAttribute('data-status'),
      ).toBe('failed'),
    );
    act(
      () =>
        void api.store({
          ...api.automation(id),
          running: 2,
          updatedAt: '2027-01-01T00:00:00.000Z',
        }),
    );
    await waitFor(() =>
      expect(within(rowOf('Morning digest')).getByTestId('running-count').textContent).toBe(
        '2 running',
      ),
    );
  });

  it('pauses, resumes, runs now and deletes after asking', async () => {
    const automation = api.seed({ name: 'Digest', agentId: agent.id });
    renderWithApi(<AutomationsPage />, api);
    await screen.findByText('Digest');
    fireEvent.click(within(rowOf('Digest')).getByRole('button', { name: 'Pause' }));
    await waitFor(() =>
      expect(
        within(rowOf('Digest')).getByTestId('automation-state').getAttribute('data-status'),
      ).toBe('paused'),
    );
    const resume = within(rowOf('Digest')).getByRole('button', {
      name: 'Resume',
    }) as HTMLButtonElement;
    await waitFor(() => expect(resume.disabled).toBe(false));
    fireEvent.click(resume);
    await waitFor(() =>
      expect(
        within(rowOf('Digest')).getByTestId('automation-state').getAttribute('data-status'),
      ).toBe('active'),
    );
    const runNow = within(rowOf('Digest')).getByRole('button', {
      name: 'Run now',
    }) as HTMLButtonElement;
    await waitFor(() => expect(runNow.disabled).toBe(false));
    fireEvent.click(runNow);
    await waitFor(() => expect(lastCall('automations.run')).toEqual({ automation: automation.id }));

    go(`#/automations/${automation.id}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('past runs and thread stay');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.automations.size).toBe(0));
    await waitFor(() => expect(window.location.hash).toBe('#/automations'));
  });

  it('creates an automation from the editor, with the agent, input and an every trigger', async () => {
    window.location.hash = '#/automations/new';
    renderWithApi(<AutomationsPage />, api);
    const form = await screen.findByRole('form', { name: 'New automation' });
    // Nothing filled in: the contract's messages appear at the fields, nothing is sent.
    fireEvent.click(within(form).getByRole('button', { name: 'Create automation' }));
    expect((await screen.findByText('Give the automation a name')).id).toBe(
      'automation-name-error',
    );
    expect(screen.getByText('Say what the agent should do')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'automations.create')).toBe(false);

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Ticker' } });
    await screen.findByRole('option', { name: 'Reporter' });
    fireEvent.change(screen.getByLabelText('Agent'), { target: { value: agent.id } });
    fireEvent.change(screen.getByLabelText('Message to the agent'), {
      target: { value: 'Say the time at {{now}}' },
    });
    fireEvent.change(screen.getByLabelText('Every'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Unit'), { target: { value: 's' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Allow listed tools' }));
    fireEvent.click(await screen.findByLabelText('current_time'));
    fireEvent.click(screen.getByRole('radio', { name: 'Always' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Create automation' }));

    await waitFor(() => expect(api.automations.size).toBe(1));
    const input = lastCall('automations.create') as Record<string, unknown>;
    expect(input).toMatchObject({
      name: 'Ticker',
      agent: agent.id,
      input: 'Say the time at {{now}}',
      triggers: [{ kind: 'every', seconds: 2 }],
      permissions: { approval: 'allow-listed', allowTools: ['current_time'] },
      delivery: { notify: 'always', inbox: true },
      paused: false,
    });
    const created = [...api.automations.values()][0]!;
    await waitFor(() => expect(window.location.hash).toBe(`#/automations/${created.id}`));
  });

  it('builds watch and after triggers, conditions, policy, queued permissions, budget and delivery into the config', async () => {
    const other = api.seed({ name: 'Fetcher', agentId: agent.id });
    window.location.hash = '#/automations/new';
    renderWithApi(<AutomationsPage />, api);
    await screen.findByRole('form', { name: 'New automation' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Sorter' } });
    await screen.findByRole('option', { name: 'Reporter' });
    fireEvent.change(screen.getByLabelText('Agent'), { target: { value: agent.id } });
    fireEvent.change(screen.getByLabelText('Message to the agent'), {
      target: { value: 'File {{trigger.file}}' },
    });
    fireEvent.click(screen.getByRole('button', { name: /Remove trigger 1/ }));
    for (const kind of ['watch', 'after', 'startup', 'webhook']) {
      fireEvent.change(screen.getByLabelText('Kind of trigger to add'), {
        target: { value: kind },
      });
      fireEvent.click(screen.getByRole('button', { name: 'Add trigger' }));
    }
    fireEvent.change(screen.getByLabelText('Folder'), { target: { value: '/in' } });
    const globs = screen.getByLabelText('Only files matching');
    fireEvent.change(globs, { target: { value: '*.pdf' } });
    fireEvent.keyDown(globs, { key: 'Enter' });
    fireEvent.click(screen.getByLabelText('Deleted'));
    fireEvent.change(screen.getByLabelText('After the automation'), {
      target: { value: other.id },
    });
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Ended with' })).getByRole('button', {
        name: 'Failed',
      }),
    );
    fireEvent.click(screen.getByLabelText('Quiet hours (never between)'));
    fireEvent.click(
      within(screen.getByRole('group', { name: /Days of quiet hours/ })).getByRole('button', {
        name: 'Sat',
      }),
    );
    fireEvent.click(screen.getByLabelText('Only on AC power'));
    fireEvent.click(screen.getByRole('radio', { name: 'Queue one' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Run once' }));
    fireEvent.change(screen.getByLabelText('Grace window (minutes)'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Ask me (queue)' }));
    fireEvent.change(screen.getByLabelText('Wait for an answer at most (minutes)'), {
      target: { value: '10' },
    });
    fireEvent.change(screen.getByLabelText('Most tokens'), { target: { value: '20000' } });
    fireEvent.change(screen.getByLabelText('Time limit (seconds)'), { target: { value: '90' } });
    fireEvent.click(screen.getByLabelText('Put each result in the inbox'));
    fireEvent.change(screen.getByLabelText('POST the result to (optional)'), {
      target: { value: 'https://example.com/hook' },
    });
    fireEvent.click(screen.getByLabelText('Create it paused'));
    fireEvent.click(screen.getByRole('button', { name: 'Create automation' }));

    await waitFor(() => expect(api.automations.size).toBe(2));
    expect(lastCall('automations.create')).toMatchObject({
      triggers: [
        {
          kind: 'watch',
          path: '/in',
          globs: ['*.pdf'],
          events: ['add', 'change', 'unlink'],
          debounceMs: 1000,
        },
        { kind: 'after', automation: other.id, statuses: ['succeeded', 'failed'] },
        { kind: 'startup' },
        { kind: 'webhook' },
      ],
      conditions: { onAcPower: true, quietHours: { start: '22:00', end: '07:00', days: [6] } },
      policies: {
        overlap: 'queue-one',
        missed: { kind: 'run-once', graceMs: 1_800_000, lookBackMs: 86_400_000 },
      },
      permissions: { approval: 'queue', queueTimeoutMs: 600_000 },
      budget: { maxSteps: 10, maxTokens: 20_000, timeoutMs: 90_000 },
      delivery: { notify: 'failure', inbox: false, postUrl: 'https://example.com/hook' },
      paused: true,
    });
  });

  it("shows the engine's validation errors at the fields they name (update: patch.…)", async () => {
    const automation = api.seed({ name: 'Digest', agentId: agent.id });
    window.location.hash = `#/automations/${automation.id}/edit`;
    renderWithApi(<AutomationsPage />, api);
    await screen.findByRole('form', { name: 'Edit Digest' });
    api.failNext(
      'automations.update',
      new AppError('VALIDATION', 'Invalid input', {
        issues: [
          { path: ['patch', 'triggers', 0, 'seconds'], message: 'Too often for this machine' },
          { path: ['patch', 'mystery'], message: 'Odd' },
        ],
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const message = await screen.findByText('Too often for this machine');
    const every = screen.getByLabelText('Every');
    expect(every.getAttribute('aria-invalid')).toBe('true');
    expect(every.getAttribute('aria-describedby')).toBe(message.id);
    expect(screen.getByRole('alert').textContent).toContain('mystery: Odd');
  });

  it('previews the next five cron fires as you type, and says why an expression is wrong', async () => {
    window.location.hash = '#/automations/new';
    renderWithApi(<AutomationsPage />, api);
    await screen.findByRole('form', { name: 'New automation' });
    fireEvent.change(screen.getByLabelText('Kind of trigger to add'), {
      target: { value: 'cron' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add trigger' }));
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect((screen.getByLabelText('Time zone') as HTMLInputElement).value).toBe(tz);
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'UTC' } });
    const preview = await within(cronTrigger()).findByTestId('trigger-preview');
    expect(within(preview).getAllByRole('listitem')).toHaveLength(5);
    expect(preview.textContent).toMatch(/08:00:00/);
    const previews = api.calls.filter((c) => c.method === 'automations.preview').length;
    fireEvent.change(screen.getByLabelText('Cron expression'), { target: { value: '6' } });
    fireEvent.change(screen.getByLabelText('Cron expression'), { target: { value: '65 * * * *' } });
    expect((await within(cronTrigger()).findByTestId('trigger-preview-error')).textContent).toBe(
      'Minute 60 or more does not exist: use 0-59',
    );
    // Debounced: the half-typed "6" was never sent.
    expect(api.calls.filter((c) => c.method === 'automations.preview').length).toBe(previews + 1);
  });

  it("shows the history live: every status with its reason and trigger, and links a record's run", async () => {
    const automation = api.seed({ name: 'Watcher', agentId: agent.id });
    const run = api.addRun({ agentId: agent.id, agentName: agent.name, input: 'Do it' });
    api.record(automation.id, 'skipped_condition', {
      reason: 'Quiet hours 22:00–07:00',
      trigger: { kind: 'cron', payload: {} },
    });
    api.record(automation.id, 'missed', { count: 3, reason: 'The app was closed' });
    window.location.hash = `#/automations/${automation.id}`;
    renderWithApi(<AutomationsPage />, api);
    await waitFor(() => expect(screen.getAllByTestId('history-record')).toHaveLength(2));
    expect(
      screen.getAllByTestId('history-record').map((r) => r.getAttribute('data-status')),
    ).toEqual(['missed', 'skipped_condition']);
    expect(screen.getByText('Quiet hours 22:00–07:00')).toBeTruthy();
    expect(screen.getByText('×3')).toBeTruthy();

    let record = api.record(automation.id, 'running', {
      runId: run.id,
      trigger: { kind: 'watch', payload: { file: '/in/report.pdf', event: 'add' } },
      attempt: 1,
    });
    act(() => undefined);
    await waitFor(() =>
      expect(screen.getAllByTestId('history-record')[0]!.getAttribute('data-status')).toBe(
        'running',
      ),
    );
    const first = screen.getAllByTestId('history-record')[0]!;
    expect(first.textContent).toContain('file: /in/report.pdf · event: add');
    expect(first.textContent).toContain('retry 1');
    expect(within(first).getByRole('link', { name: 'Open run' }).getAttribute('href')).toBe(
      `#/runs/${agent.id}/${run.id}`,
    );
    act(
      () =>
        void (record = api.record(automation.id, 'succeeded', {
          id: record.id,
          usage: { inputTokens: 1200, outputTokens: 30 },
        })),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('history-record')[0]!.getAttribute('data-status')).toBe(
        'succeeded',
      ),
    );
    expect(screen.getAllByTestId('history-record')).toHaveLength(3);
    expect(screen.getAllByTestId('history-record')[0]!.textContent).toContain(
      '1,200 in / 30 out tokens',
    );
  });

  it("shows a webhook's URL, secret and a signed curl example, and makes a new secret after asking", async () => {
    const automation = api.seed({
      name: 'Hook',
      agentId: agent.id,
      triggers: [{ kind: 'webhook' }],
      webhookPath: '/hooks/x',
    });
    window.location.hash = `#/automations/${automation.id}`;
    renderWithApi(<AutomationsPage />, api);
    expect((await screen.findByTestId('webhook-secret')).textContent).toBe('whsec-first');
    expect(screen.getByTestId('webhook-url').textContent).toBe(
      `http://localhost:3000/hooks/${automation.id}`,
    );
    const curl = screen.getByTestId('webhook-curl').textContent!;
    expect(curl).toContain("SECRET='whsec-first'");
    expect(curl).toContain('openssl dgst -sha256 -hmac "$SECRET"');
    expect(curl).toContain('x-af-signature: sha256=$SIG');
    fireEvent.click(screen.getByRole('button', { name: 'New secret' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'New secret' }));
    await waitFor(() =>
      expect(screen.getByTestId('webhook-secret').textContent).toBe('whsec-rotated'),
    );
  });

  it('says when every automation is paused, and resumes them all', async () => {
    api.seed({ name: 'Digest', agentId: agent.id });
    api.pausedAll = { until: null };
    renderWithApi(<AutomationsPage />, api);
    expect((await screen.findByTestId('paused-all')).textContent).toContain(
      'until you resume them',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Resume all' }));
    await waitFor(() => expect(screen.queryByTestId('paused-all')).toBeNull());
    expect(api.calls.some((c) => c.method === 'automations.resumeAll')).toBe(true);
  });

  it('answers the approvals that queued runs wait for', async () => {
    const automation = api.seed({ name: 'Careful', agentId: agent.id });
    const run = api.addRun({
      agentId: agent.id,
      agentName: agent.name,
      status: 'waiting_approval',
      pendingApprovals: [
        {
          callId: 'c1',
          toolName: 'remember',
          arguments: { fact: 'x' },
          requestedAt: '2026-03-02T08:00:00.000Z',
        },
      ],
    });
    api.waiting = [
      {
        automationId: automation.id,
        automationName: 'Careful',
        runId: run.id,
        toolName: 'remember',
        callId: 'c1',
      },
    ];
    renderWithApi(<AutomationsPage />, api);
    const section = await screen.findByRole('region', { name: 'Waiting for your approval' });
    const prompt = await within(section).findByTestId('approval-prompt');
    expect(prompt.textContent).toContain('remember');
    fireEvent.click(within(prompt).getByRole('button', { name: 'Deny' }));
    await waitFor(() =>
      expect(lastCall('runs.approve')).toEqual({ runId: run.id, callId: 'c1', decision: 'deny' }),
    );
  });
});

describe('Automations editor: parallel runs, revisions, previews; history paging', () => {
  const fillBasics = async (name: string) => {
    await screen.findByRole('form', { name: 'New automation' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: name } });
    await screen.findByRole('option', { name: 'Reporter' });
    fireEvent.change(screen.getByLabelText('Agent'), { target: { value: agent.id } });
    fireEvent.change(screen.getByLabelText('Message to the agent'), {
      target: { value: 'Go' },
    });
  };

  it('asks how many runs at once only for the parallel policy (1–20, 3 by default)', async () => {
    window.location.hash = '#/automations/new';
    renderWithApi(<AutomationsPage />, api);
    await fillBasics('Fan out');
    expect(screen.queryByLabelText('Runs of this automation at once')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'Parallel' }));
    const field = screen.getByLabelText('Runs of this automation at once') as HTMLInputElement;
    expect(field.value).toBe('3');
    fireEvent.change(field, { target: { value: '21' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create automation' }));
    expect((await screen.findByText('At most 20')).id).toBe('automation-max-parallel-error');
    expect(api.calls.some((c) => c.method === 'automations.create')).toBe(false);

    fireEvent.change(field, { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create automation' }));
    await waitFor(() => expect(api.automations.size).toBe(1));
    expect(lastCall('automations.create')).toMatchObject({
      policies: { overlap: 'parallel', maxParallel: 5 },
    });
  });

  it("pins a revision of the agent chosen from its revisions, newest first, and says so on the automation's page", async () => {
    await api.call('agents.update', { id: agent.id, patch: { description: 'Second' } });
    await api.call('agents.update', { id: agent.id, patch: { name: 'Reporter' } });
    window.location.hash = '#/automations/new';
    renderWithApi(<AutomationsPage />, api);
    await screen.findByRole('form', { name: 'New automation' });
    const revision = screen.getByLabelText('Revision of the agent') as HTMLSelectElement;
    expect(revision.disabled).toBe(true);
    expect(api.calls.some((c) => c.method === 'agents.revisions')).toBe(false);
    await fillBasics('Pinned');
    await within(revision).findByRole('option', { name: /^Revision 3 — / });
    expect(lastCall('agents.revisions')).toEqual({ id: agent.id });
    expect(revision.disabled).toBe(false);
    expect(
      within(revision)
        .getAllByRole('option')
        .map((o) => o.textContent?.split(' — ')[0]),
    ).toEqual(['Use its latest revision', 'Revision 3', 'Revision 2', 'Revision 1']);
    expect(revision.value).toBe('');
    fireEvent.change(revision, { target: { value: '2' } });
    expect(screen.getByText('Every run uses revision 2, whatever is saved later.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create automation' }));
    await waitFor(() => expect(api.automations.size).toBe(1));
    expect(lastCall('automations.create')).toMatchObject({ agent: agent.id, agentRevision: 2 });
    expect((await screen.findByTestId('agent-revision')).textContent).toBe('pinned to revision 2');

    // Editing keeps the pin; going back to the latest revision sends null.
    const created = [...api.automations.values()][0]!;
    go(`#/automations/${created.id}/edit`);
    await screen.findByRole('form', { name: 'Edit Pinned' });
    const select = screen.getByLabelText('Revision of the agent') as HTMLSelectElement;
    await within(select).findByRole('option', { name: /^Revision 3 — / });
    expect(select.value).toBe('2');
    fireEvent.change(select, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(lastCall('automations.update')).toMatchObject({ patch: { agentRevision: null } }),
    );
    expect((await screen.findByTestId('agent-revision')).textContent).toBe('its latest revision');
  });

  it("previews the next fires of every and at triggers too, in this machine's zone", async () => {
    window.location.hash = '#/automations/new';
    renderWithApi(<AutomationsPage />, api);
    await screen.findByRole('form', { name: 'New automation' });
    const every = () =>
      screen.getAllByTestId('trigger').find((t) => t.getAttribute('data-kind') === 'every')!;
    fireEvent.change(screen.getByLabelText('Every'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Unit'), { target: { value: 'h' } });
    // The fires of the last trigger asked about (every 30 min) stay, marked busy, until the new ones come.
    const fires = () =>
      [...within(every()).getByTestId('trigger-preview').querySelectorAll('time')].map((t) =>
        t.getAttribute('datetime'),
      );
    await waitFor(() =>
      expect(within(every()).getByTestId('trigger-preview').getAttribute('aria-busy')).toBeNull(),
    );
    expect(lastCall('automations.preview')).toEqual({
      trigger: { kind: 'every', seconds: 7200 },
      count: 5,
    });
    // From 2026-03-02 08:00 UTC (the test engine's clock), every 2 hours.
    expect(fires()).toEqual(
      [10, 12, 14, 16, 18].map((h) => new Date(Date.UTC(2026, 2, 2, h)).toISOString()),
    );
    expect(within(every()).getByTestId('trigger-preview').textContent).toContain('Next fires (');
    fireEvent.change(screen.getByLabelText('Every'), { target: { value: '0' } });
    expect((await within(every()).findByTestId('trigger-preview-error')).textContent).toBe(
      'At least 1 second',
    );

    fireEvent.change(screen.getByLabelText('Kind of trigger to add'), { target: { value: 'at' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add trigger' }));
    const at = () =>
      screen.getAllByTestId('trigger').find((t) => t.getAttribute('data-kind') === 'at')!;
    expect(within(at()).queryByTestId('trigger-preview')).toBeNull();
    fireEvent.change(screen.getByLabelText('Once at'), { target: { value: '2026-12-24T18:00' } });
    const once = await within(at()).findByTestId('trigger-preview');
    expect(within(once).getAllByRole('listitem')).toHaveLength(1);
    expect(once.textContent).toMatch(/18:00:00/);
    fireEvent.change(screen.getByLabelText('Once at'), { target: { value: '2020-01-01T08:00' } });
    await waitFor(() =>
      expect(within(at()).getByTestId('trigger-preview').textContent).toBe(
        'It will not fire again: that time has passed.',
      ),
    );
  });

  it('pages back through a long history with "Load older", and new records still arrive at the top', async () => {
    const automation = api.seed({ name: 'Busy', agentId: agent.id });
    for (let i = 0; i < 230; i++) api.record(automation.id, i % 2 ? 'succeeded' : 'failed');
    window.location.hash = `#/automations/${automation.id}`;
    renderWithApi(<AutomationsPage />, api);
    const rows = () => screen.getAllByTestId('history-record');
    await waitFor(() => expect(rows()).toHaveLength(100));
    const ids = (from: number, to: number) =>
      api.records
        .slice(from, to)
        .reverse()
        .map((r) => r.id);
    expect(rows().map((r) => r.getAttribute('data-record-id'))).toEqual(ids(130, 230));

    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    // The oldest shown comes again and merges: 99 more.
    await waitFor(() => expect(rows()).toHaveLength(199));
    // Before the oldest shown, by its time plus a millisecond (records merge by id).
    const plusOne = (iso: string) => new Date(Date.parse(iso) + 1).toISOString();
    expect(lastCall('automations.history')).toEqual({
      automation: automation.id,
      limit: 100,
      before: plusOne(api.records[130]!.createdAt),
    });
    expect(rows().map((r) => r.getAttribute('data-record-id'))).toEqual(ids(31, 230));

    act(() => void api.record(automation.id, 'running'));
    await waitFor(() => expect(rows()).toHaveLength(200));
    expect(rows()[0]!.getAttribute('data-status')).toBe('running');

    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(rows()).toHaveLength(231));
    expect(lastCall('automations.history')).toMatchObject({
      before: plusOne(api.records[31]!.createdAt),
    });
    // The last page was not full: nothing older is left.
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull();
  });

  it('offers no "Load older" when the whole history fits in one page', async () => {
    const automation = api.seed({ name: 'Quiet', agentId: agent.id });
    api.record(automation.id, 'succeeded');
    window.location.hash = `#/automations/${automation.id}`;
    renderWithApi(<AutomationsPage />, api);
    await waitFor(() => expect(screen.getAllByTestId('history-record')).toHaveLength(1));
    expect(screen.queryByRole('button', { name: /Load older/ })).toBeNull();
  });
});
