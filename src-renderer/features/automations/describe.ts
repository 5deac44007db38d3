import type {
  Automation,
  AutomationRunStatus,
  AutomationStateName,
  AutomationTrigger,
} from '@shared/entities/automation';
import type { StatusLook } from '../../ui/StatusDot';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** An interval in words: "30 s", "5 min", "2 h", "1 d 6 h". */
export function describeSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** One trigger in words: "every 30 s", "cron 0 9 * * 1-5 (Europe/Berlin)", "watch ~/Inbox *.pdf". */
export function describeTrigger(
  trigger: AutomationTrigger,
  names: Record<string, string> = {},
): string {
  switch (trigger.kind) {
    case 'cron':
      return `cron ${trigger.expr} (${trigger.timezone})`;
    case 'every':
      return `every ${describeSeconds(trigger.seconds)}`;
    case 'at':
      return `once at ${formatInZone(trigger.iso)}`;
    case 'watch':
      return ['watch', trigger.path, ...trigger.globs].join(' ');
    case 'webhook':
      return 'webhook';
    case 'startup':
      return 'on start';
    case 'after':
      return `after ${names[trigger.automation] ?? trigger.automation} ${trigger.statuses.map((s) => statusLooks[s].label.toLowerCase()).join(' or ')}`;
  }
}

/** The time zone an automation's times are shown in: its first cron trigger's, else this machine's. */
export function zoneOf(automation: Pick<Automation, 'triggers'>): string {
  const cron = automation.triggers.find((t) => t.kind === 'cron');
  return cron?.kind === 'cron' ? cron.timezone : localTimeZone();
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** An ISO time as a date and time in a zone, with the zone's short name ("Mon, 7 Dec, 09:00 CET"). */
export function formatInZone(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: date.getFullYear() === new Date().getFullYear() ? undefined : 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

export const stateLooks: Record<AutomationStateName, StatusLook> = {
  active: {
    label: 'Active',
    dot: 'bg-emerald-500',
    text: 'text-emerald-700 dark:text-emerald-400',
  },
  paused: { label: 'Paused', dot: 'bg-zinc-400', text: 'text-zinc-600 dark:text-zinc-400' },
  paused_by_system: {
    label: 'Paused by the system',
    dot: 'bg-amber-500',
    text: 'text-amber-700 dark:text-amber-300',
  },
};

const amber = { dot: 'bg-amber-500', text: 'text-amber-700 dark:text-amber-300' };
const grey = { dot: 'bg-zinc-400', text: 'text-zinc-500 dark:text-zinc-400' };

/** How each of the 11 statuses of a fire's record looks. */
export const statusLooks: Record<AutomationRunStatus, StatusLook> = {
  scheduled: {
    label: 'Scheduled',
    dot: 'bg-indigo-400',
    text: 'text-indigo-700 dark:text-indigo-300',
  },
  running: {
    label: 'Running',
    dot: 'bg-sky-500 animate-pulse',
    text: 'text-sky-700 dark:text-sky-300',
  },
  succeeded: {
    label: 'Succeeded',
    dot: 'bg-emerald-500',
    text: 'text-emerald-700 dark:text-emerald-400',
  },
  failed: { label: 'Failed', dot: 'bg-red-500', text: 'text-red-700 dark:text-red-400' },
  timed_out: { label: 'Timed out', dot: 'bg-red-400', text: 'text-red-700 dark:text-red-400' },
  cancelled: { label: 'Cancelled', ...grey },
  skipped_overlap: { label: 'Skipped (still running)', ...grey },
  skipped_condition: { label: 'Skipped (condition)', ...grey },
  missed: { label: 'Missed', ...amber },
  coalesced: {
    label: 'Coalesced',
    dot: 'bg-zinc-300 dark:bg-zinc-600',
    text: 'text-zinc-500 dark:text-zinc-400',
  },
  interrupted: { label: 'Interrupted', ...amber },
};

/** What a fire's trigger carried, in a few words (the file and event, the webhook body…). */
export function describePayload(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ')
    .slice(0, 300);
}
