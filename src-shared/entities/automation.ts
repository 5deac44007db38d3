import { z } from 'zod';

/**
 * Automations (background agents): when they fire (triggers), what happens when a fire meets a
 * run still going on (overlap), when fires were missed while the app slept (missed policy), when
 * repeated failures pause them, and the status of each fire's record.
 * Times inside the engine are epoch milliseconds; triggers carry ISO strings and IANA zones.
 */

/** True if `tz` is an IANA time zone this runtime knows (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Fields of a cron expression: 5 (minute hour day month weekday) or 6 (seconds first). */
export function cronFieldCount(expr: string): number {
  return expr.trim().split(/\s+/).filter(Boolean).length;
}

export const CronTrigger = z.object({
  kind: z.literal('cron'),
  expr: z
    .string()
    .trim()
    .min(1, 'A cron expression is required')
    .max(200, 'At most 200 characters')
    .refine((expr) => [5, 6].includes(cronFieldCount(expr)), {
      message:
        'Use 5 fields (minute hour day month weekday) or 6 (seconds first), e.g. "0 9 * * 1-5"',
    }),
  timezone: z.string().min(1, 'A time zone is required').refine(isValidTimeZone, {
    message: 'Not a known IANA time zone; use e.g. "Europe/Berlin" or "UTC"',
  }),
});
export type CronTrigger = z.infer<typeof CronTrigger>;

export const EveryTrigger = z.object({
  kind: z.literal('every'),
  seconds: z
    .number()
    .int('Whole seconds')
    .min(1, 'At least 1 second')
    .max(366 * 24 * 3600, 'At most a year'),
});
export type EveryTrigger = z.infer<typeof EveryTrigger>;

export const AtTrigger = z.object({
  kind: z.literal('at'),
  /** An instant with its offset, e.g. `2026-12-24T18:00:00+01:00`. */
  iso: z.iso.datetime({
    offset: true,
    message: 'An ISO date-time with offset, e.g. 2026-12-24T18:00:00Z',
  }),
});
export type AtTrigger = z.infer<typeof AtTrigger>;

export const Trigger = z.discriminatedUnion('kind', [CronTrigger, EveryTrigger, AtTrigger]);
export type Trigger = z.infer<typeof Trigger>;

/**
 * What a fire does while a run of the same automation is going on:
 * skip it, keep at most one waiting, queue them all, cancel the running one and start, or run side by side.
 */
export const OverlapPolicy = z.enum(['skip', 'queue-one', 'queue-all', 'replace', 'parallel']);
export type OverlapPolicy = z.infer<typeof OverlapPolicy>;

export const DAY_MS = 24 * 3600 * 1000;

/**
 * What happens to fires missed while the app was closed or the machine slept:
 * `skip` records them as missed and waits for the next one; `run-once` runs once if the latest
 * missed fire is at most `graceMs` old (the others are coalesced into it), looking back at most `lookBackMs`.
 */
export const MissedPolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('skip') }),
  z.object({
    kind: z.literal('run-once'),
    graceMs: z
      .number()
      .int()
      .min(0, 'At least 0')
      .max(7 * DAY_MS, 'At most 7 days')
      .default(15 * 60_000),
    lookBackMs: z
      .number()
      .int()
      .min(0, 'At least 0')
      .max(30 * DAY_MS, 'At most 30 days')
      .default(DAY_MS),
  }),
]);
export type MissedPolicy = z.infer<typeof MissedPolicy>;

/** Retries of transient errors (exponential backoff with a cap) and the pause after repeated failures. */
export const FailurePolicy = z.object({
  /** Consecutive failed runs (after retries) after which the system pauses the automation. */
  pauseAfter: z.number().int().min(1, 'At least 1').max(100, 'At most 100').default(3),
  maxRetries: z.number().int().min(0, 'At least 0').max(10, 'At most 10').default(2),
  retryBaseMs: z.number().int().min(100, 'At least 100 ms').max(DAY_MS).default(30_000),
  retryCapMs: z
    .number()
    .int()
    .min(100, 'At least 100 ms')
    .max(DAY_MS)
    .default(10 * 60_000),
});
export type FailurePolicy = z.infer<typeof FailurePolicy>;

export const AutomationPolicies = z.object({
  overlap: OverlapPolicy.default('skip'),
  missed: MissedPolicy.default({ kind: 'skip' }),
  failures: FailurePolicy.default({
    pauseAfter: 3,
    maxRetries: 2,
    retryBaseMs: 30_000,
    retryCapMs: 10 * 60_000,
  }),
});
export type AutomationPolicies = z.infer<typeof AutomationPolicies>;

/** The status of one fire's record. */
export const AutomationRunStatus = z.enum([
  'scheduled',
  'running',
  'succeeded',
  'failed',
  'timed_out',
  'cancelled',
  /** A run was still going on and the overlap policy is `skip`. */
  'skipped_overlap',
  /** The automation's condition said not to run. */
  'skipped_condition',
  /** The fire's time passed while the app was not running (or the machine slept). */
  'missed',
  /** Folded into another fire (queue-one with one already waiting, or run-once catching up). */
  'coalesced',
  /** The engine stopped while the run was going on. */
  'interrupted',
]);
export type AutomationRunStatus = z.infer<typeof AutomationRunStatus>;

/** The statuses a run ends with (as reported by whoever ran it). */
export const AutomationRunResultStatus = AutomationRunStatus.extract([
  'succeeded',
  'failed',
  'timed_out',
  'cancelled',
  'interrupted',
  'skipped_condition',
]);
export type AutomationRunResultStatus = z.infer<typeof AutomationRunResultStatus>;

/** One record of what became of a fire (or of many, counted: `count` > 1 for missed/coalesced). */
export const AutomationRunRecord = z.object({
  automationId: z.string().min(1),
  /** Set when a run was started for the fire. */
  runId: z.string().optional(),
  status: AutomationRunStatus,
  /** The scheduled time of the fire (the latest one, when counted), epoch ms. */
  scheduledFor: z.number(),
  /** The earliest scheduled time, when several fires are counted in one record. */
  firstScheduledFor: z.number().optional(),
  /** How many fires this record stands for. */
  count: z.number().int().min(1).default(1),
  /** 0 for the first try, then 1, 2… for retries of transient errors. */
  attempt: z.number().int().min(0).default(0),
  /** When the record was made, epoch ms. */
  at: z.number(),
  /** Why: plain words for the user. */
  reason: z.string().optional(),
});
export type AutomationRunRecord = z.infer<typeof AutomationRunRecord>;
