/**
 * Words and times for the tray and notifications: pure, so the texts the desktop shell shows are
 * decided (and tested) here. Times are shown in `timeZone` (default: the machine's).
 */

/** Cuts `text` to at most `max` characters, ending with "…" when cut (at a word boundary when one is near). */
export function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const room = flat.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  const head = space >= max * 0.6 ? room.slice(0, space) : room;
  return `${head.replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** "1 automation", "2 automations"; `plural` for irregular words. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** A duration in words, rounded down: "12 s", "3 min", "1 h 5 min", "2 d 3 h". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export interface TimeFormat {
  /** BCP 47 locale for clock times (default en-GB: 24-hour "09:00"). */
  locale?: string | undefined;
  /** IANA zone the times are shown in (default: the machine's). */
  timeZone?: string | undefined;
}

function zoneOf(format: TimeFormat): string | undefined {
  return format.timeZone;
}

/** "09:00" (or the locale's clock, e.g. "9:00 AM" for en-US). */
export function clock(at: Date, format: TimeFormat = {}): string {
  return new Intl.DateTimeFormat(format.locale ?? 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    ...(format.locale ? {} : { hourCycle: 'h23' as const }),
    ...(zoneOf(format) ? { timeZone: zoneOf(format) } : {}),
  }).format(at);
}

/** The calendar day of `at` in the zone, as a number of days since the epoch (for "today"/"tomorrow"). */
function dayNumber(at: Date, format: TimeFormat): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(zoneOf(format) ? { timeZone: zoneOf(format) } : {}),
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Math.round(Date.UTC(get('year'), get('month') - 1, get('day')) / 86_400_000);
}

function dayName(at: Date, format: TimeFormat, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(format.locale ?? 'en-GB', {
    ...options,
    ...(zoneOf(format) ? { timeZone: zoneOf(format) } : {}),
  }).format(at);
}

/**
 * When a future moment is, seen from `now`: "in 45 s", "in 12 min" (under an hour), "at 14:05"
 * (today), "at 09:00 tomorrow", "on Mon at 09:00" (within a week), "on 24 Dec at 18:00".
 * A moment already past reads "now".
 */
export function whenAhead(at: Date, now: Date, format: TimeFormat = {}): string {
  const ms = at.getTime() - now.getTime();
  if (ms < 1000) return 'now';
  if (ms < 60_000) return `in ${Math.floor(ms / 1000)} s`;
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  const days = dayNumber(at, format) - dayNumber(now, format);
  const time = clock(at, format);
  if (days <= 0) return `at ${time}`;
  if (days === 1) return `at ${time} tomorrow`;
  if (days < 7) return `on ${dayName(at, format, { weekday: 'short' })} at ${time}`;
  return `on ${dayName(at, format, { day: 'numeric', month: 'short' })} at ${time}`;
}

/** A moment of the pause's end: "14:05" today, "09:00 tomorrow", "Mon 09:00", "24 Dec 18:00". */
export function untilText(at: Date, now: Date, format: TimeFormat = {}): string {
  const ahead = whenAhead(at, now, format);
  if (ahead === 'now') return clock(at, format);
  // "in 12 min" reads badly after "until": use the clock time.
  if (ahead.startsWith('in ')) return clock(at, format);
  return ahead.replace(/^at /, '').replace(/^on (.*) at /, '$1 ');
}
