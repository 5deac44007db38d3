import type { AutomationNotification, AutomationRun, NotifyWhen } from '@shared/entities/automation';
import { cut } from './tray-text';

/**
 * The OS notifications of automations: when one is due (the `delivery.notify` policy) and what it
 * says. Pure; the engine publishes them as `automations.notify` and the desktop shell shows them.
 */

export const TITLE_NAME_MAX = 60;
export const BODY_MAX = 200;

interface NamedAutomation {
  id: string;
  name: string;
}

export interface NotificationInput {
  automation: NamedAutomation;
  run: AutomationRun;
  /** The run's final answer (null: none). */
  output: string | null;
  /** The output of the automation's previous successful run (null: this is its first success). */
  previousOutput: string | null;
  notify: NotifyWhen;
}

/** Ends that count as failures for the `failure` policy (a user's cancel is not one). */
const FAILED = new Set(['failed', 'timed_out', 'interrupted']);

/** Outputs compared for `changed`: whitespace runs folded, ends trimmed. */
export function normalizeOutput(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The first lines of an output, as a notification body: Markdown headings, emphasis and fences
 * dropped, blank lines skipped, cut to about BODY_MAX characters.
 */
export function excerpt(text: string, max = BODY_MAX): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/^\s*(#{1,6}\s+|>\s*|[-*+]\s+(?=\S))/, '')
        .replace(/\*\*|__|`/g, '')
        .trim(),
    )
    .filter((line) => line && !/^(```|~~~|-{3,}|\*{3,}|_{3,})/.test(line))
    .map((line) => line.replace(/\s+/g, ' '));
  let body = '';
  for (const line of lines) {
    const next = body ? `${body}\n${line}` : line;
    if (next.length <= max) {
      body = next;
      continue;
    }
    const room = body ? max - body.length - 1 : max;
    if (room >= 20) body = body ? `${body}\n${cut(line, room)}` : cut(line, max);
    else body = body.length < max ? `${body}…` : `${body.slice(0, max - 1)}…`;
    break;
  }
  return body;
}

function open(automation: NamedAutomation, runId: string | null): AutomationNotification['open'] {
  return runId ? { kind: 'run', runId } : { kind: 'automation', automationId: automation.id };
}

const named = (automation: NamedAutomation) => cut(automation.name, TITLE_NAME_MAX);

/** Whether the policy wants a notification for this end of a run. */
export function wantsNotification(input: Omit<NotificationInput, 'automation'>): boolean {
  const { run, notify } = input;
  if (notify === 'never') return false;
  if (FAILED.has(run.status)) return notify !== 'changed';
  if (run.status !== 'succeeded') return false;
  if (notify === 'always') return true;
  if (notify === 'changed') return input.previousOutput === null || normalizeOutput(input.output) !== normalizeOutput(input.previousOutput);
  return false;
}

/**
 * The notification for the end of an automation's run, or null when its policy wants none:
 * `always` (every success or failure), `failure` (failed, timed out, interrupted; a cancel by the user
 * is no failure), `changed` (a success whose output differs from the previous success's, whitespace
 * aside; the first success counts as changed), `never`. A pause by the system after repeated
 * failures is told by `pausedBySystemNotification` (under every policy but `never`, see notifiesOnSystemPause).
 */
export function notificationFor(input: NotificationInput): AutomationNotification | null {
  if (!wantsNotification(input)) return null;
  const { automation, run, output } = input;
  const name = named(automation);
  const base = { automationId: automation.id, open: open(automation, run.runId) };
  switch (run.status) {
    case 'succeeded':
      return {
        ...base,
        title: `${name} finished`,
        body: (output && excerpt(output)) || 'It finished without an answer.',
      };
    case 'timed_out':
      return {
        ...base,
        title: `${name} timed out`,
        body: cut(run.reason ?? 'It ran longer than its time limit and was stopped.', BODY_MAX),
      };
    case 'interrupted':
      return {
        ...base,
        title: `${name} was interrupted`,
        body: cut(run.reason ?? 'Agent Factory stopped while it ran. Its next fire runs as planned.', BODY_MAX),
      };
    default:
      return { ...base, title: `${name} failed`, body: cut(run.reason ?? 'The run failed. Open it to see why.', BODY_MAX) };
  }
}

/** A reason as a sentence: ends with a full stop unless it has one (or ? or !). */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Whether a pause by the system is notified under this policy (every one but `never`). */
export function notifiesOnSystemPause(notify: NotifyWhen): boolean {
  return notify !== 'never';
}

/** The system paused an automation (e.g. after N failures in a row): why, and how to start it again. */
export function pausedBySystemNotification(automation: NamedAutomation, reason: string): AutomationNotification {
  return {
    title: `${named(automation)} was paused`,
    body: cut(`${sentence(reason)} Resume it on the Automations page once the cause is fixed.`, BODY_MAX),
    automationId: automation.id,
    open: { kind: 'automation', automationId: automation.id },
  };
}

/** A run of an automation with `permissions.approval: queue` waits for a person to approve a tool call. */
export function approvalNeededNotification(automation: NamedAutomation, runId: string, toolName: string): AutomationNotification {
  return {
    title: `${named(automation)} needs your approval`,
    body: cut(`It wants to use ${toolName}. The run waits until you approve or deny it.`, BODY_MAX),
    automationId: automation.id,
    open: { kind: 'run', runId },
  };
}

/** Where the tray lives, in the words of each OS. */
function trayPlace(platform: string): string {
  if (platform === 'darwin') return 'the menu bar';
  if (platform === 'win32') return 'the notification area of the taskbar';
  return 'the system tray';
}

/**
 * Shown once, the first time closing the window keeps the app running in the tray: where to find it
 * and how to change that. `Settings → Desktop app` names the section of the Settings page.
 */
export function closeToTrayNotice(platform: string = 'linux'): { title: string; body: string } {
  return {
    title: 'Agent Factory is still running',
    body:
      `Your automations keep running in the background. Find Agent Factory in ${trayPlace(platform)}; Quit is in its menu. ` +
      'To quit when the window closes, turn off "Keep running in the tray" in Settings → Desktop app.',
  };
}
