import { describe, expect, it } from 'vitest';
import { AutomationNotification, AutomationRun, type NotifyWhen } from '@shared/entities/automation';
import {
  approvalNeededNotification,
  closeToTrayNotice,
  excerpt,
  notificationFor,
  notifiesOnSystemPause,
  pausedBySystemNotification,
} from './notifications';

const automation = { id: 'a1', name: 'Morning digest' };

function run(patch: Partial<AutomationRun> = {}): AutomationRun {
  return AutomationRun.parse({
    id: 'ar1',
    automationId: 'a1',
    automationName: 'Morning digest',
    status: 'succeeded',
    trigger: { kind: 'cron', payload: {} },
    scheduledFor: '2026-03-10T09:00:00Z',
    firstScheduledFor: null,
    count: 1,
    attempt: 0,
    reason: null,
    runId: 'r1',
    threadId: 't1',
    usage: null,
    createdAt: '2026-03-10T09:00:00Z',
    startedAt: '2026-03-10T09:00:00Z',
    finishedAt: '2026-03-10T09:01:00Z',
    ...patch,
  });
}

const notify = (status: AutomationRun['status'], policy: NotifyWhen, output: string | null = 'Done.', previousOutput: string | null = null) =>
  notificationFor({ automation, run: run({ status, reason: status === 'succeeded' ? null : 'The model server did not answer.' }), output, previousOutput, notify: policy });

describe('when an automation notifies', () => {
  it('always: every success and failure, but not a cancel by the user nor a skipped fire', () => {
    for (const status of ['succeeded', 'failed', 'timed_out', 'interrupted'] as const) expect(notify(status, 'always')).not.toBeNull();
    for (const status of ['cancelled', 'skipped_overlap', 'skipped_condition', 'missed', 'coalesced', 'scheduled', 'running'] as const) {
      expect(notify(status, 'always')).toBeNull();
    }
  });

  it('failure: failed, timed out and interrupted only', () => {
    expect(notify('succeeded', 'failure')).toBeNull();
    expect(notify('cancelled', 'failure')).toBeNull();
    expect(notify('failed', 'failure')?.title).toBe('Morning digest failed');
    expect(notify('timed_out', 'failure')?.title).toBe('Morning digest timed out');
    expect(notify('interrupted', 'failure')?.title).toBe('Morning digest was interrupted');
  });

  it('changed: a success whose output differs from the previous success, whitespace aside; the first success counts', () => {
    expect(notify('succeeded', 'changed', 'Two new mails.', null)?.title).toBe('Morning digest finished');
    expect(notify('succeeded', 'changed', 'Two new mails.', 'One new mail.')).not.toBeNull();
    expect(notify('succeeded', 'changed', '  Two new\n\n mails. ', 'Two new mails.')).toBeNull();
    expect(notify('succeeded', 'changed', 'Two new mails.', 'Two new mails.')).toBeNull();
    expect(notify('failed', 'changed')).toBeNull();
  });

  it('never: nothing, and no notice of a pause by the system either', () => {
    for (const status of ['succeeded', 'failed', 'timed_out', 'interrupted'] as const) expect(notify(status, 'never')).toBeNull();
    expect(notifiesOnSystemPause('never')).toBe(false);
    expect(notifiesOnSystemPause('failure')).toBe(true);
    expect(notifiesOnSystemPause('changed')).toBe(true);
  });
});

describe('what a notification says', () => {
  it('a success: the first lines of the answer, opening the run', () => {
    const n = notificationFor({
      automation,
      run: run(),
      output: '# Digest\n\n**3 new mails**, one from Ana.\n\n- Invoice due Friday\n',
      previousOutput: null,
      notify: 'always',
    });
    expect(AutomationNotification.parse(n)).toEqual({
      title: 'Morning digest finished',
      body: 'Digest\n3 new mails, one from Ana.\nInvoice due Friday',
      automationId: 'a1',
      open: { kind: 'run', runId: 'r1' },
    });
  });

  it('a failure: the reason; without one, a plain default', () => {
    expect(notify('failed', 'failure')?.body).toBe('The model server did not answer.');
    const bare = notificationFor({ automation, run: run({ status: 'timed_out', reason: null }), output: null, previousOutput: null, notify: 'failure' });
    expect(bare?.body).toBe('It ran longer than its time limit and was stopped.');
  });

  it('a success without an answer says so', () => {
    expect(notify('succeeded', 'always', null)?.body).toBe('It finished without an answer.');
    expect(notify('succeeded', 'always', '```\n```')?.body).toBe('It finished without an answer.');
  });

  it('opens the automation when the fire never got a run', () => {
    const n = notificationFor({ automation, run: run({ status: 'failed', runId: null, reason: 'Agent not found' }), output: null, previousOutput: null, notify: 'failure' });
    expect(n?.open).toEqual({ kind: 'automation', automationId: 'a1' });
  });

  it('cuts long names in the title and long bodies to about 200 characters', () => {
    const long = { id: 'a1', name: 'A very long automation name that goes on and on about what it does every morning' };
    const n = notificationFor({ automation: long, run: run(), output: 'word '.repeat(200), previousOutput: null, notify: 'always' })!;
    expect(n.title).toMatch(/^A very long automation name that goes on and on about what… finished$/);
    expect(n.body.length).toBeLessThanOrEqual(200);
    expect(n.body.endsWith('…')).toBe(true);
  });

  it('excerpts keep whole lines while they fit, then cut the next one', () => {
    const text = ['First line.', 'x'.repeat(300)].join('\n');
    const body = excerpt(text, 60);
    expect(body.startsWith('First line.\n')).toBe(true);
    expect(body.length).toBeLessThanOrEqual(60);
    expect(excerpt('a\nb', 200)).toBe('a\nb');
    expect(excerpt(`${'y'.repeat(195)}\nmore text here`, 200)).toBe(`${'y'.repeat(195)}…`);
  });

  it('a pause by the system: why, and how to resume; opens the automation', () => {
    expect(pausedBySystemNotification(automation, '3 failed runs in a row')).toEqual({
      title: 'Morning digest was paused',
      body: '3 failed runs in a row. Resume it on the Automations page once the cause is fixed.',
      automationId: 'a1',
      open: { kind: 'automation', automationId: 'a1' },
    });
    expect(pausedBySystemNotification(automation, 'Its agent was deleted.').body).toMatch(/^Its agent was deleted\. Resume/);
  });

  it('an approval a queued run waits for: the tool, opening the run', () => {
    expect(approvalNeededNotification(automation, 'r7', 'filesystem:write_file')).toEqual({
      title: 'Morning digest needs your approval',
      body: 'It wants to use filesystem:write_file. The run waits until you approve or deny it.',
      automationId: 'a1',
      open: { kind: 'run', runId: 'r7' },
    });
  });

  it('the first close to the tray: where the app is, and the setting that changes it', () => {
    const mac = closeToTrayNotice('darwin');
    expect(mac.title).toBe('Agent Factory is still running');
    expect(mac.body).toContain('the menu bar');
    expect(mac.body).toContain('Settings → Desktop app');
    expect(closeToTrayNotice('win32').body).toContain('notification area');
    expect(closeToTrayNotice('linux').body).toContain('the system tray');
  });
});
