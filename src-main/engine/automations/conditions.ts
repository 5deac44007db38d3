import type { AutomationConditions, TimeWindow } from '@shared/entities/automation';

/**
 * The conditions checked when a trigger fires: a time window to run in, quiet hours to never run
 * in, and AC power. Pure: an instant and the power state in, a decision with plain-word reason out.
 * Local time in the window's IANA zone comes from Intl (DST included), never from our own arithmetic.
 */

export type ConditionCheck = { ok: true } | { ok: false; reason: string };

/** Whether the machine is on AC power; null when unknown (e.g. `serve`), which counts as on AC power. */
export interface PowerState {
  onAc: boolean | null;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

interface LocalTime {
  /** 0 = Sunday … 6 = Saturday. */
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** e.g. `Sat 07:45`. */
  label: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (formatters.size > 200) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The weekday and time of day of `at` on the wall clocks of `timeZone`. */
export function localTimeIn(at: Date, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAY_NAMES.indexOf(part('weekday') as (typeof DAY_NAMES)[number]);
  // Some runtimes write midnight as 24 even with h23; it is 0.
  const hour = Number(part('hour')) % 24;
  const minute = Number(part('minute'));
  const hh = String(hour).padStart(2, '0');
  const mm = String(minute).padStart(2, '0');
  return { day, minutes: hour * 60 + minute, label: `${DAY_NAMES[day] ?? '?'} ${hh}:${mm}` };
}

function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function appliesOn(window: TimeWindow, day: number): boolean {
  return window.days.length === 0 || window.days.includes(day);
}

/**
 * True if `at` falls inside the window. A window whose start is after its end spans midnight and
 * belongs to the day it starts on (22:00–06:00 on Fri covers Fri 22:00 to Sat 06:00); start equal
 * to end covers the whole day.
 */
export function insideWindow(window: TimeWindow, at: Date): boolean {
  const { day, minutes } = localTimeIn(at, window.timezone);
  const start = clockMinutes(window.start);
  const end = clockMinutes(window.end);
  if (start === end) return appliesOn(window, day);
  if (start < end) return appliesOn(window, day) && minutes >= start && minutes < end;
  if (minutes >= start) return appliesOn(window, day);
  if (minutes < end) return appliesOn(window, (day + 6) % 7);
  return false;
}

/** Days as people write them, Monday first: `Mon–Fri`, `Sat, Sun`, `Mon, Wed–Fri`; empty for every day. */
export function describeDays(days: readonly number[]): string {
  const set = new Set(days);
  if (set.size === 0 || set.size === 7) return '';
  const order = [1, 2, 3, 4, 5, 6, 0].filter((d) => set.has(d));
  const groups: number[][] = [];
  for (const d of order) {
    const last = groups.at(-1);
    const prev = last?.at(-1);
    // Consecutive in Monday-first order (Sat then Sun counts as consecutive).
    if (last && prev !== undefined && (prev + 1) % 7 === d) last.push(d);
    else groups.push([d]);
  }
  return groups
    .map((g) => {
      const first = DAY_NAMES[g[0] ?? 0];
      const lastDay = DAY_NAMES[g.at(-1) ?? 0];
      if (g.length >= 3) return `${first}–${lastDay}`;
      return g.map((d) => DAY_NAMES[d]).join(', ');
    })
    .join(', ');
}

/** e.g. `08:00–18:00 Mon–Fri (Europe/Berlin)`. */
export function describeWindow(window: TimeWindow): string {
  const days = describeDays(window.days);
  return `${window.start}–${window.end}${days ? ` ${days}` : ''} (${window.timezone})`;
}

/** Checks the conditions of an automation for a fire at `at`. The first unmet condition gives the reason. */
export function checkConditions(conditions: AutomationConditions, at: Date, power: PowerState): ConditionCheck {
  if (conditions.onAcPower && power.onAc === false) {
    return { ok: false, reason: 'On battery power (condition: only on AC power)' };
  }
  const { window, quietHours } = conditions;
  if (window && !insideWindow(window, at)) {
    const now = localTimeIn(at, window.timezone).label;
    return { ok: false, reason: `Outside the window ${describeWindow(window)}: it was ${now} there` };
  }
  if (quietHours && insideWindow(quietHours, at)) {
    const now = localTimeIn(at, quietHours.timezone).label;
    return { ok: false, reason: `Inside the quiet hours ${describeWindow(quietHours)}: it was ${now} there` };
  }
  return { ok: true };
}
