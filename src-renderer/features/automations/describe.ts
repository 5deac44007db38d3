import type {
  Automation,
  AutomationRunStatus,
  AutomationStateName,
  AutomationTrigger,
} from '@shared/entities/automation';
import { statusTones, type StatusLook } from '../../ui/StatusDot';

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
  active: { label: 'Active', ...statusTones.good },
  paused: { label: 'Paused', ...statusTones.idle },
  paused_by_system: { label: 'Paused by the system', ...statusTones.warning },
};

const { going, good, bad, warning, idle, faint } = statusTones;

/** How each of the 11 statuses of a fire's record looks. */
export const statusLooks: Record<AutomationRunStatus, StatusLook> = {
  scheduled: {
    label: 'Scheduled',
    dot: 'bg-indigo-400',
    text: 'text-indigo-700 dark:text-indigo-300',
  },
  running: { label: 'Running', ...going },
  succeeded: { label: 'Succeeded', ...good },
  failed: { label: 'Failed', ...bad },
  timed_out: { label: 'Timed out', ...bad, dot: 'bg-red-400' },
  cancelled: { label: 'Cancelled', ...idle },
  skipped_overlap: { label: 'Skipped (still running)', ...idle },
  skipped_condition: { label: 'Skipped (condition)', ...idle },
  missed: { label: 'Missed', ...warning },
  coalesced: { label: 'Coalesced', ...faint },
  interrupted: { label: 'Interrupted', ...warning },
};

/** What a fire's trigger carried, in a few words (the file and event, the webhook body…). */
export function describePayload(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ')
    .slice(0, 300);
}
