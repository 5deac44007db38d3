import type { AutomationOverview } from '@shared/entities/automation';
import { count, cut, duration, untilText, whenAhead, type TimeFormat } from './tray-text';

/**
 * The tray icon's menu, tooltip and badge, computed from the automations' overview: the desktop
 * shell only renders this model (src-main/electron/tray.ts) and runs the actions it names.
 */

export type TrayAction =
  | { type: 'stop-run'; runId: string }
  | { type: 'open-run'; runId: string }
  | { type: 'open-automation'; automationId: string }
  /** The Automations page. */
  | { type: 'open-automations' }
  /** The editor of a new automation. */
  | { type: 'new-automation' }
  | { type: 'open-inbox' }
  | { type: 'pause-all'; forMs: number | null }
  | { type: 'resume-all' }
  | { type: 'show-window' }
  | { type: 'quit' };

export type TrayItem =
  | { kind: 'item'; id: string; label: string; enabled: boolean; action: TrayAction }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; items: TrayItem[] }
  | { kind: 'header'; label: string };

export interface TrayMenuOptions extends TimeFormat {
  /** Whether the app's window is showing (its item reads "Show window" then, else "Open Agent Factory"). */
  windowVisible: boolean;
}

export const APP_NAME = 'Agent Factory';
/** Names are cut to this many characters in menu items. */
export const NAME_MAX = 40;
/** At most this many runs / waiting runs / next fires are listed; the rest are counted in one item. */
export const LIST_MAX = 5;
export const PAUSE_HOUR_MS = 3600_000;

const item = (id: string, label: string, action: TrayAction, enabled = true): TrayItem => ({
  kind: 'item',
  id,
  label,
  enabled,
  action,
});
const separator: TrayItem = { kind: 'separator' };

/** "2 more running…": the part of a list past LIST_MAX, counted in one item that opens the Automations page. */
function overflow(id: string, hidden: number, what: string): TrayItem[] {
  return hidden > 0 ? [item(id, `${hidden} more ${what}…`, { type: 'open-automations' })] : [];
}

function runningItems(overview: AutomationOverview, now: Date): TrayItem[] {
  if (!overview.running.length) return [];
  const shown = overview.running.slice(0, LIST_MAX).map((run) => {
    const name = cut(run.automationName, NAME_MAX);
    const elapsed = duration(now.getTime() - Date.parse(run.startedAt));
    // A fire whose agent run has not started yet cannot be stopped by run id.
    return run.runId
      ? item(`stop:${run.automationRunId}`, `Stop ${name} (running ${elapsed})`, { type: 'stop-run', runId: run.runId })
      : item(`starting:${run.automationRunId}`, `${name} is starting…`, { type: 'open-automation', automationId: run.automationId }, false);
  });
  return [
    { kind: 'header', label: `${count(overview.running.length, 'automation')} running` },
    ...shown,
    ...overflow('more-running', overview.running.length - LIST_MAX, 'running'),
  ];
}

function waitingItems(overview: AutomationOverview): TrayItem[] {
  if (!overview.waiting.length) return [];
  const shown = overview.waiting
    .slice(0, LIST_MAX)
    .map((w) =>
      item(
        `approve:${w.runId}:${w.callId}`,
        `${cut(w.automationName, NAME_MAX)} waits for approval of ${cut(w.toolName, NAME_MAX)}`,
        { type: 'open-run', runId: w.runId },
      ),
    );
  return [
    { kind: 'header', label: overview.waiting.length === 1 ? 'Waiting for you' : `${overview.waiting.length} waiting for you` },
    ...shown,
    ...overflow('more-waiting', overview.waiting.length - LIST_MAX, 'waiting'),
  ];
}

function nextItems(overview: AutomationOverview, now: Date, format: TimeFormat): TrayItem[] {
  if (overview.pausedAll) return [];
  if (!overview.next.length) {
    return overview.active ? [] : [{ kind: 'header', label: 'No automation is active' }];
  }
  return [
    { kind: 'header', label: 'Next' },
    ...overview.next.slice(0, LIST_MAX).map((n) =>
      item(`next:${n.automationId}:${n.at}`, `${cut(n.automationName, NAME_MAX)} — ${whenAhead(new Date(n.at), now, format)}`, {
        type: 'open-automation',
        automationId: n.automationId,
      }),
    ),
  ];
}

function pauseItems(overview: AutomationOverview, now: Date, format: TimeFormat): TrayItem[] {
  if (overview.pausedAll) {
    const until = overview.pausedAll.until;
    const label = until ? `Resume all (paused until ${untilText(new Date(until), now, format)})` : 'Resume all (paused until resumed)';
    return [item('resume-all', label, { type: 'resume-all' })];
  }
  return [
    item('pause-hour', 'Pause all for 1 hour', { type: 'pause-all', forMs: PAUSE_HOUR_MS }),
    item('pause-indefinitely', 'Pause all until resumed', { type: 'pause-all', forMs: null }),
  ];
}

/** The tray menu, top to bottom. */
export function trayMenu(overview: AutomationOverview, now: Date, opts: TrayMenuOptions): TrayItem[] {
  const format: TimeFormat = { locale: opts.locale, timeZone: opts.timeZone };
  const windowItem = item('show-window', opts.windowVisible ? 'Show window' : `Open ${APP_NAME}`, { type: 'show-window' });
  const quit = item('quit', `Quit ${APP_NAME}`, { type: 'quit' });

  if (overview.total === 0) {
    return [
      item('create-first', 'No automations yet — create one', { type: 'new-automation' }),
      separator,
      windowItem,
      quit,
    ];
  }

  const sections = [
    runningItems(overview, now),
    waitingItems(overview),
    nextItems(overview, now, format),
    [item('inbox', overview.unread ? `Inbox (${overview.unread} unread)` : 'Inbox', { type: 'open-inbox' })],
    pauseItems(overview, now, format),
    [windowItem, quit],
  ].filter((section) => section.length > 0);

  if (overview.pausedAll) {
    const until = overview.pausedAll.until;
    sections.unshift([
      { kind: 'header', label: until ? `All automations paused until ${untilText(new Date(until), now, format)}` : 'All automations paused' },
    ]);
  }
  return sections.flatMap((section, i) => (i === 0 ? section : [separator, ...section]));
}

/** The tray icon's tooltip: one line saying what goes on. */
export function trayTooltip(overview: AutomationOverview, now: Date, format: TimeFormat = {}): string {
  if (overview.total === 0) return `${APP_NAME} — no automations yet`;
  const parts: string[] = [];
  if (overview.pausedAll) {
    parts.push(overview.pausedAll.until ? `paused until ${untilText(new Date(overview.pausedAll.until), now, format)}` : 'paused');
  }
  if (overview.running.length) parts.push(`${overview.running.length} running`);
  if (overview.waiting.length) parts.push(`${overview.waiting.length} waiting for approval`);
  if (overview.unread) parts.push(`${overview.unread} unread`);
  const next = overview.next[0];
  if (next && !overview.pausedAll) parts.push(`next: ${cut(next.automationName, NAME_MAX)} ${whenAhead(new Date(next.at), now, format)}`);
  if (!parts.length) parts.push(`${count(overview.active, 'automation')} active`);
  return `${APP_NAME} — ${parts.join(' · ')}`;
}

export interface TrayBadge {
  /**
   * Which icon: `attention` (unread results or a run waiting for approval), `running`, `paused`
   * (all paused by the user), or `idle`.
   */
  icon: 'attention' | 'running' | 'paused' | 'idle';
  /** Short text beside the icon where the OS shows one (macOS menu bar): the unread count, "99+", or "". */
  text: string;
  unread: number;
  running: number;
}

/** The tray icon's state: unread count, or a running indicator. */
export function trayBadge(overview: AutomationOverview): TrayBadge {
  const unread = overview.unread;
  const running = overview.running.length;
  const icon =
    unread > 0 || overview.waiting.length > 0
      ? 'attention'
      : running > 0
        ? 'running'
        : overview.pausedAll
          ? 'paused'
          : 'idle';
  return { icon, text: unread > 99 ? '99+' : unread > 0 ? String(unread) : '', unread, running };
}
