import type { Automation, AutomationRun, AutomationTrigger, InboxItem, TimeWindow } from '@shared/entities/automation';
import { formatDuration } from './automations-args';
import { short } from './follow-run';
import { table } from './format';

/** How automations, their triggers, runs and inbox items read in a terminal. */

/** An ISO time as `2026-12-03 09:00:00 CET` in `tz`. */
export function inZone(iso: string, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

/** The zone an automation's times read in: its first cron trigger's, else its window's, else the machine's. */
export function zoneOf(automation: Pick<Automation, 'triggers' | 'conditions'>, machine: string): string {
  const cron = automation.triggers.find((t) => t.kind === 'cron');
  return cron?.timezone ?? automation.conditions.window?.timezone ?? automation.conditions.quietHours?.timezone ?? machine;
}

export function describeTrigger(trigger: AutomationTrigger, machineTz: string): string {
  switch (trigger.kind) {
    case 'cron':
      return `cron "${trigger.expr}"${trigger.timezone === machineTz ? '' : ` (${trigger.timezone})`}`;
    case 'every':
      return `every ${formatDuration(trigger.seconds * 1000)}`;
    case 'at':
      return `at ${inZone(trigger.iso, machineTz)}`;
    case 'watch':
      return `watch ${trigger.path}${trigger.globs.length ? ` (${trigger.globs.join(', ')})` : ''} on ${trigger.events.join('/')}`;
    case 'webhook':
      return 'webhook';
    case 'startup':
      return 'on start';
    case 'after':
      return `after "${trigger.automation}" ${trigger.statuses.join('/')}`;
  }
}

const describeWindow = (w: TimeWindow) => `${w.start}–${w.end} ${w.timezone}${w.days.length ? ` (days ${w.days.join(',')})` : ''}`;

const stateWords = (a: Automation) => {
  const running = a.running ? `, ${a.running} running` : '';
  // Active but held by `pause-all` (the engine then gives the reason).
  if (a.state === 'active') return `${a.pauseReason ? 'paused (all)' : 'active'}${running}`;
  return `${a.state === 'paused' ? 'paused' : 'paused by the system'}${running}`;
};

const lastResult = (a: Automation, tz: string) => (a.lastRun ? `${a.lastRun.status} ${inZone(a.lastRun.scheduledFor, tz).slice(5, 16)}` : '');

export function automationTable(list: readonly Automation[], machineTz: string): string {
  return table(
    list.map((a) => {
      const tz = zoneOf(a, machineTz);
      return {
        name: a.name,
        state: stateWords(a),
        agent: a.agentName,
        triggers: short(a.triggers.map((t) => describeTrigger(t, machineTz)).join('; '), 60),
        next: a.nextFireAt ? inZone(a.nextFireAt, tz) : '',
        last: lastResult(a, tz),
      };
    }),
    ['name', 'state', 'agent', 'triggers', 'next', 'last'],
  );
}

/** Everything about one automation, as `name: value` lines. */
export function describeAutomation(a: Automation, nextFires: string[], machineTz: string): string {
  const tz = zoneOf(a, machineTz);
  const { policies: p, permissions: perm, budget: b, delivery: d, conditions: c } = a;
  const lines: Array<[string, string]> = [
    ['Name', a.name],
    ['Id', a.id],
    ['State', `${stateWords(a)}${a.pauseReason ? ` — ${a.pauseReason}` : ''}`],
    ['Agent', `${a.agentName}${a.agentRevision ? ` (revision ${a.agentRevision})` : ' (latest revision)'}`],
    ...(a.description ? [['Description', a.description] as [string, string]] : []),
    ['Input', short(a.input, 200)],
    ['Triggers', a.triggers.map((t) => describeTrigger(t, machineTz)).join('\n           ')],
    ...(c.window ? [['Window', describeWindow(c.window)] as [string, string]] : []),
    ...(c.quietHours ? [['Quiet', describeWindow(c.quietHours)] as [string, string]] : []),
    ...(c.onAcPower ? [['Power', 'only on AC power'] as [string, string]] : []),
    ['Overlap', p.overlap],
    ['Missed', p.missed.kind === 'skip' ? 'skip' : `run once within ${formatDuration(p.missed.graceMs)} (looking back ${formatDuration(p.missed.lookBackMs)})`],
    ['Failures', `${p.failures.maxRetries} retries, paused after ${p.failures.pauseAfter} failed runs in a row`],
    ['Approval', `${perm.approval}${perm.allowTools.length ? ` (${perm.allowTools.join(', ')})` : ''}`],
    ['Budget', `${b.maxSteps} steps, ${b.maxTokens ? `${b.maxTokens} tokens, ` : ''}timeout ${formatDuration(b.timeoutMs)}`],
    [
      'Delivery',
      [`notify ${d.notify}`, d.inbox ? 'inbox' : 'no inbox', d.postUrl ? `POST ${d.postUrl}` : '', d.appendFile ? `append to ${d.appendFile}` : '']
        .filter(Boolean)
        .join(', '),
    ],
    ...(a.webhookPath ? [['Webhook', `POST ${a.webhookPath}`] as [string, string]] : []),
    ...(a.threadId ? [['Thread', a.threadId] as [string, string]] : []),
    ['Last run', a.lastRun ? `${a.lastRun.status}, due ${inZone(a.lastRun.scheduledFor, tz)}${a.lastRun.reason ? ` — ${a.lastRun.reason}` : ''}` : 'none yet'],
    ['Succeeded', a.lastSucceededAt ? inZone(a.lastSucceededAt, tz) : 'never yet'],
    ...(a.consecutiveFailures ? [['Failing', `${a.consecutiveFailures} in a row`] as [string, string]] : []),
    ...(a.unread ? [['Unread', String(a.unread)] as [string, string]] : []),
    ['Next', nextFires.length ? nextFires.map((f) => inZone(f, tz)).join('\n           ') : a.state === 'active' ? 'no timed fire' : '(paused)'],
  ];
  return lines.map(([k, v]) => `${`${k}:`.padEnd(11)}${v}`).join('\n');
}

const took = (r: AutomationRun) =>
  r.startedAt && r.finishedAt ? formatDuration(Math.max(0, Date.parse(r.finishedAt) - Date.parse(r.startedAt))) || '0s' : '';

export function historyTable(runs: readonly AutomationRun[], tz: string): string {
  return table(
    runs.map((r) => ({
      due: inZone(r.scheduledFor, tz),
      status: `${r.status}${r.count > 1 ? ` ×${r.count}` : ''}${r.attempt ? ` (retry ${r.attempt})` : ''}`,
      trigger: r.trigger.kind,
      took: took(r),
      run: r.runId?.slice(0, 8) ?? '',
      reason: short(r.reason ?? '', 60),
    })),
    ['due', 'status', 'trigger', 'took', 'run', 'reason'],
  );
}

export function inboxTable(items: readonly InboxItem[], tz: string): string {
  return table(
    items.map((i) => ({
      id: `${i.unread ? '•' : ' '}${i.id.slice(0, 8)}`,
      when: inZone(i.createdAt, tz).slice(0, 16),
      automation: i.automationName,
      status: i.status,
      title: short(i.title, 40),
      body: short(i.body, 60),
    })),
    ['id', 'when', 'automation', 'status', 'title', 'body'],
  );
}
