import { Cron } from 'croner';
import type { MissedPolicy } from '@shared/entities/automation';
import { Trigger } from '@shared/entities/automation';
import { AppError, parseOrThrow } from '@shared/errors';

/**
 * When triggers fire, and what to do after the clock jumped past some fires (sleep, app closed).
 * Pure: times in, decisions out. Cron arithmetic (time zones, DST) is croner's, never ours.
 */

/**
 * A fire within this long of its time counts as on time and runs under every missed policy: timers
 * fire late when the main process is busy, and that is not a miss.
 */
export const ON_TIME_MS = 30_000;
/** Most fires enumerated one by one when counting misses of a cron trigger; beyond it the count is a lower bound. */
export const MAX_COUNTED_FIRES = 2000;

const crons = new Map<string, Cron>();

function cronOf(expr: string, timezone: string): Cron {
  const key = `${timezone}\u0000${expr}`;
  let cron = crons.get(key);
  if (!cron) {
    cron = new Cron(expr, { timezone, paused: true, mode: '5-or-6-parts' });
    if (crons.size > 500) crons.clear();
    crons.set(key, cron);
  }
  return cron;
}

/**
 * Validates a trigger at the boundary: the schema, then the cron expression itself (croner parses it).
 * Throws a VALIDATION AppError with a hint.
 */
export function parseTrigger(input: unknown): Trigger {
  const trigger = parseOrThrow(Trigger, input, 'trigger');
  if (trigger.kind === 'cron') {
    try {
      cronOf(trigger.expr, trigger.timezone).nextRun(new Date(0));
    } catch (error) {
      throw new AppError('VALIDATION', `The cron expression "${trigger.expr}" cannot be read.`, {
        hint: 'Use 5 fields (minute hour day month weekday), e.g. "30 9 * * 1-5" for 09:30 on weekdays.',
        issues: [
          { path: ['expr'], message: error instanceof Error ? error.message : String(error) },
        ],
        cause: error,
      });
    }
  }
  return trigger;
}

/**
 * The first fire strictly after `after`, or null if there is none (an `at` in the past).
 * `every` fires on the grid `anchor + k·seconds`; the anchor defaults to `after` itself.
 */
export function nextFire(trigger: Trigger, after: Date, anchor?: Date): Date | null {
  const t = after.getTime();
  switch (trigger.kind) {
    case 'cron':
      return cronOf(trigger.expr, trigger.timezone).nextRun(after);
    case 'every': {
      const period = trigger.seconds * 1000;
      const a = (anchor ?? after).getTime();
      if (a > t) return new Date(a);
      const k = Math.floor((t - a) / period) + 1;
      return new Date(a + k * period);
    }
    case 'at': {
      const at = Date.parse(trigger.iso);
      return at > t ? new Date(at) : null;
    }
  }
}

/** Fires in (from, to]: how many, the first and the latest; `capped` if the count is a lower bound. */
export interface FireSpan {
  count: number;
  first: number | null;
  last: number | null;
  capped: boolean;
}

export function firesBetween(
  trigger: Trigger,
  from: number,
  to: number,
  anchor?: number,
): FireSpan {
  const none: FireSpan = { count: 0, first: null, last: null, capped: false };
  if (to <= from) return none;
  if (trigger.kind === 'every') {
    const period = trigger.seconds * 1000;
    const first = nextFire(
      trigger,
      new Date(from),
      anchor === undefined ? undefined : new Date(anchor),
    )?.getTime();
    if (first === undefined || first > to) return none;
    const count = Math.floor((to - first) / period) + 1;
    return { count, first, last: first + (count - 1) * period, capped: false };
  }
  const span: FireSpan = { ...none };
  let cursor = new Date(from);
  for (;;) {
    const next = nextFire(trigger, cursor);
    if (!next || next.getTime() > to) return span;
    if (span.count >= MAX_COUNTED_FIRES) {
      // Too many to walk: jump to the latest fire at or before `to` and call the count a lower bound.
      const latest =
        trigger.kind === 'cron'
          ? cronOf(trigger.expr, trigger.timezone).previousRuns(1, new Date(to + 1))[0]
          : next;
      return { ...span, last: latest ? latest.getTime() : span.last, capped: true };
    }
    span.count += 1;
    span.first ??= next.getTime();
    span.last = next.getTime();
    cursor = next;
  }
}

/** The span without its latest fire (the one that runs). */
function withoutLast(trigger: Trigger, span: FireSpan): FireSpan {
  if (span.count <= 1 || span.last === null)
    return { count: 0, first: null, last: null, capped: false };
  let previous: number | null;
  if (trigger.kind === 'every') previous = span.last - trigger.seconds * 1000;
  else if (trigger.kind === 'cron')
    previous =
      cronOf(trigger.expr, trigger.timezone).previousRuns(1, new Date(span.last))[0]?.getTime() ??
      null;
  else previous = null;
  // A capped count is a lower bound of more than `count` fires: one fewer is still at least `count`.
  return { ...span, count: span.capped ? span.count : span.count - 1, last: previous };
}

/** Fires counted into one record instead of one record each. */
export interface CountedFires {
  status: 'missed' | 'coalesced';
  count: number;
  /** True if `count` is a lower bound (too many to count). */
  capped: boolean;
  firstScheduledFor: number;
  scheduledFor: number;
  reason: string;
}

export interface DuePlan {
  /** The scheduled time of the fire to run now, if any. */
  run: number | null;
  /** Fires not run, counted (at most two records, however long the jump). */
  records: CountedFires[];
  /** The latest fire accounted for (run or recorded): the next call's `lastScheduled`. */
  lastScheduled: number | null;
  /** The next fire after now, or null if there is none. */
  next: number | null;
}

export interface DueInput {
  /** The latest fire already handled, or null if it never fired. */
  lastScheduled: number | null;
  /** When the automation was (re-)enabled: nothing before it is ever due. */
  enabledAt: number;
  now: number;
  missed: MissedPolicy;
  /** The grid origin of `every` triggers (defaults to `enabledAt`). */
  anchor?: number;
  /** Lateness still counted as on time (default ON_TIME_MS). */
  onTimeMs?: number;
}

function ago(ms: number): string {
  if (ms < 2 * 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 2 * 86_400_000) return `${Math.round(ms / 3600_000)} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}

function counted(status: CountedFires['status'], span: FireSpan, reason: string): CountedFires[] {
  if (span.count === 0 || span.first === null || span.last === null) return [];
  return [
    {
      status,
      count: span.count,
      capped: span.capped,
      firstScheduledFor: span.first,
      scheduledFor: span.last,
      reason,
    },
  ];
}

/**
 * What to do at `now`: which fire to run (at most one), which fires to record as missed or
 * coalesced (counted, not one record each), and the next fire.
 * Only fires after the later of `lastScheduled` and `enabledAt` are due, so re-enabling never fires a backlog.
 * `skip`: only an on-time fire runs, every other due fire is `missed`.
 * `run-once`: fires older than `lookBackMs` are `missed`; of the rest the latest runs if it is at most
 * `graceMs` late (the others `coalesced` into it), otherwise they are all `missed`.
 */
export function dueFires(trigger: Trigger, input: DueInput): DuePlan {
  const { now, missed } = input;
  const onTime = input.onTimeMs ?? ON_TIME_MS;
  const anchor = input.anchor ?? input.enabledAt;
  const from = Math.max(input.lastScheduled ?? -Infinity, input.enabledAt);
  const nextAfterNow = nextFire(trigger, new Date(now), new Date(anchor))?.getTime() ?? null;
  const plan: DuePlan = {
    run: null,
    records: [],
    lastScheduled: input.lastScheduled,
    next: nextAfterNow,
  };
  if (from >= now) {
    // Nothing can be due yet; the next fire is the first after `from` (which may be in the future).
    plan.next =
      nextFire(trigger, new Date(Math.max(from, now)), new Date(anchor))?.getTime() ?? null;
    return plan;
  }
  const all = firesBetween(trigger, from, now, anchor);
  if (all.count === 0 || all.last === null) return plan;
  plan.lastScheduled = all.last;
  const lateness = now - all.last;

  if (missed.kind === 'skip') {
    if (lateness <= onTime) {
      plan.run = all.last;
      const rest = withoutLast(trigger, all);
      plan.records = counted(
        'missed',
        rest,
        'The app was not running at the scheduled time (missed policy: skip)',
      );
    } else {
      plan.records = counted('missed', all, `Missed by ${ago(lateness)} (missed policy: skip)`);
    }
    return plan;
  }

  const windowStart = Math.max(from, now - missed.lookBackMs);
  const old = firesBetween(trigger, from, windowStart, anchor);
  const recent = firesBetween(trigger, windowStart, now, anchor);
  plan.records = counted(
    'missed',
    old,
    `Older than the look-back window of ${ago(missed.lookBackMs)}`,
  );
  if (recent.count === 0 || recent.last === null) return plan;
  if (now - recent.last <= Math.max(missed.graceMs, onTime)) {
    plan.run = recent.last;
    const rest = withoutLast(trigger, recent);
    plan.records.push(
      ...counted('coalesced', rest, 'Caught up with one run (missed policy: run once)'),
    );
  } else {
    plan.records.push(
      ...counted(
        'missed',
        recent,
        `The latest fire is ${ago(now - recent.last)} late, beyond the grace of ${ago(missed.graceMs)}`,
      ),
    );
  }
  return plan;
}
