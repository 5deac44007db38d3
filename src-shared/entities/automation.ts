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

/** Runs of one automation at once under the `parallel` overlap policy, unless set. */
export const DEFAULT_MAX_PARALLEL = 3;

export const AutomationPolicies = z.object({
  overlap: OverlapPolicy.default('skip'),
  /** `parallel`: at most this many runs of the automation at once; further fires wait (default 3). */
  maxParallel: z.number().int().min(1, 'At least 1').max(20, 'At most 20').optional(),
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

/* ------------------------------------------------------------------------------------------ */
/* Event triggers: they fire when something happens, not at a time.                          */
/* ------------------------------------------------------------------------------------------ */

export const WatchEvent = z.enum(['add', 'change', 'unlink']);
export type WatchEvent = z.infer<typeof WatchEvent>;

/** Files added, changed or deleted in a folder (debounced: a burst of changes to one file fires once). */
export const WatchTrigger = z.object({
  kind: z.literal('watch'),
  /** An absolute folder path on the machine of the engine. */
  path: z.string().trim().min(1, 'Give the folder to watch').max(4096),
  /** Only files matching one of these globs (relative to the folder, e.g. `**\/*.pdf`); none: every file. */
  globs: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
  events: z.array(WatchEvent).min(1, 'Pick at least one of add, change, unlink').max(3).default(['add', 'change']),
  debounceMs: z.number().int().min(0).max(600_000).default(1000),
});
export type WatchTrigger = z.infer<typeof WatchTrigger>;

/**
 * A POST to `/hooks/<automation id>` on the engine's HTTP server (`serve`), signed with the
 * automation's secret: header `x-af-timestamp` (epoch seconds) and `x-af-signature`
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. Older than 5 minutes, or seen before: refused.
 */
export const WebhookTrigger = z.object({ kind: z.literal('webhook') });
export type WebhookTrigger = z.infer<typeof WebhookTrigger>;

/** When the engine starts (the app opens, `serve` starts). */
export const StartupTrigger = z.object({ kind: z.literal('startup') });
export type StartupTrigger = z.infer<typeof StartupTrigger>;

/** Another automation's run ended with one of these statuses. */
export const AfterTrigger = z.object({
  kind: z.literal('after'),
  /** The other automation's id or name. */
  automation: z.string().trim().min(1).max(200),
  statuses: z.array(AutomationRunResultStatus).min(1).max(6).default(['succeeded']),
});
export type AfterTrigger = z.infer<typeof AfterTrigger>;

/** Every kind of trigger an automation can have (timed ones are `Trigger`). */
export const AutomationTrigger = z.discriminatedUnion('kind', [
  CronTrigger,
  EveryTrigger,
  AtTrigger,
  WatchTrigger,
  WebhookTrigger,
  StartupTrigger,
  AfterTrigger,
]);
export type AutomationTrigger = z.infer<typeof AutomationTrigger>;
export type TriggerKind = AutomationTrigger['kind'];

export function isTimedTrigger(trigger: AutomationTrigger): trigger is Trigger {
  return trigger.kind === 'cron' || trigger.kind === 'every' || trigger.kind === 'at';
}

/* ------------------------------------------------------------------------------------------ */
/* Conditions, permissions, budget, delivery                                                  */
/* ------------------------------------------------------------------------------------------ */

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day as HH:MM, e.g. 08:30');

/** Hours of some days in a time zone; `start` after `end` spans midnight (22:00–06:00). */
export const TimeWindow = z.object({
  start: ClockTime,
  end: ClockTime,
  /** Days of the week it applies to, 0 = Sunday … 6 = Saturday; none: every day. */
  days: z.array(z.number().int().min(0).max(6)).max(7).default([]),
  timezone: z.string().min(1).refine(isValidTimeZone, { message: 'Not a known IANA time zone; use e.g. "Europe/Berlin" or "UTC"' }),
});
export type TimeWindow = z.infer<typeof TimeWindow>;

/** Checked when a trigger fires; a fire they refuse is recorded as `skipped_condition` with the reason. */
export const AutomationConditions = z.object({
  /** Run only inside this window. */
  window: TimeWindow.optional(),
  /** Never run inside this window. */
  quietHours: TimeWindow.optional(),
  /** Run only when the machine is on AC power (desktop app; `serve` counts as on AC power). */
  onAcPower: z.boolean().default(false),
});
export type AutomationConditions = z.infer<typeof AutomationConditions>;

/**
 * What an unattended run does with a tool call that needs approval. Never inherited from the
 * interactive approvals: `deny` tells the model the tool is not available; `allow-listed` runs only
 * the listed tools (`server:tool`, `server:*`, or a built-in tool's name) and denies the others;
 * `queue` makes the run wait for a person (a notification asks) until `queueTimeoutMs` passes.
 */
export const AutomationPermissions = z.object({
  approval: z.enum(['deny', 'allow-listed', 'queue']).default('deny'),
  allowTools: z.array(z.string().trim().min(1).max(300)).max(200).default([]),
  queueTimeoutMs: z.number().int().min(10_000).max(7 * DAY_MS).default(3600_000),
});
export type AutomationPermissions = z.infer<typeof AutomationPermissions>;

/** Limits of each run. */
export const AutomationBudget = z.object({
  maxSteps: z.number().int().min(1).max(100).default(10),
  /** Input + output tokens of the run; none: no limit. */
  maxTokens: z.number().int().min(100).max(100_000_000).optional(),
  /** Wall time; the run ends as `timed_out` after it. */
  timeoutMs: z.number().int().min(1000).max(24 * 3600_000).default(10 * 60_000),
});
export type AutomationBudget = z.infer<typeof AutomationBudget>;

export const NotifyWhen = z.enum(['always', 'failure', 'changed', 'never']);
export type NotifyWhen = z.infer<typeof NotifyWhen>;

/** Where a run's result goes. Its run always stays in the automation's thread. */
export const AutomationDelivery = z.object({
  /** An OS notification (desktop app): always, on failure, when the output changed since the last success, or never. */
  notify: NotifyWhen.default('failure'),
  /** An item in the inbox, unread until opened. */
  inbox: z.boolean().default(true),
  /** POSTs `{automation, run, status, output}` as JSON to this URL. */
  postUrl: z.url({ protocol: /^https?$/, message: 'An http(s) URL' }).max(2000).optional(),
  /** Appends the output (with a heading naming the run) to this file. */
  appendFile: z.string().trim().min(1).max(4096).optional(),
});
export type AutomationDelivery = z.infer<typeof AutomationDelivery>;

export const AutomationName = z
  .string()
  .trim()
  .min(1, 'Give the automation a name')
  .max(100, 'At most 100 characters');

export const AutomationState = z.enum(['active', 'paused', 'paused_by_system']);
export type AutomationStateName = z.infer<typeof AutomationState>;

/** What the user configures (create; update takes any part of it). */
export const AutomationConfig = z.object({
  name: AutomationName,
  description: z.string().max(2000).default(''),
  /** Agent id or name. */
  agent: z.string().trim().min(1).max(200),
  /** Pin a revision of the agent; none: its latest revision at each run. */
  agentRevision: z.number().int().min(0).nullable().default(null),
  /**
   * The message sent to the agent. Variables: `{{now}}` (ISO time), `{{date}}`, `{{automation.name}}`,
   * `{{trigger.kind}}`, `{{trigger.scheduledFor}}`, `{{trigger.file}}`, `{{trigger.event}}`, `{{trigger.body}}`, `{{trigger.after.output}}`.
   */
  input: z.string().trim().min(1, 'Say what the agent should do').max(100_000),
  triggers: z.array(AutomationTrigger).min(1, 'Add at least one trigger').max(10, 'At most 10 triggers'),
  conditions: AutomationConditions.default({ onAcPower: false }),
  policies: AutomationPolicies.default({
    overlap: 'skip',
    missed: { kind: 'skip' },
    failures: { pauseAfter: 3, maxRetries: 2, retryBaseMs: 30_000, retryCapMs: 10 * 60_000 },
  }),
  permissions: AutomationPermissions.default({ approval: 'deny', allowTools: [], queueTimeoutMs: 3600_000 }),
  budget: AutomationBudget.default({ maxSteps: 10, timeoutMs: 10 * 60_000 }),
  delivery: AutomationDelivery.default({ notify: 'failure', inbox: true }),
  /** Create it paused. */
  paused: z.boolean().default(false),
});
export type AutomationConfig = z.infer<typeof AutomationConfig>;
export type AutomationConfigInput = z.input<typeof AutomationConfig>;

/**
 * A change to an automation: only the parts given change (no defaults filled in, unlike
 * `AutomationConfig.partial()`, whose defaults would reset what the caller left out). A section
 * given (conditions, policies…) replaces that section.
 */
export const AutomationPatch = z
  .object({
    name: AutomationName.optional(),
    description: z.string().max(2000).optional(),
    agent: z.string().trim().min(1).max(200).optional(),
    agentRevision: z.number().int().min(0).nullable().optional(),
    input: z.string().trim().min(1, 'Say what the agent should do').max(100_000).optional(),
    triggers: z.array(AutomationTrigger).min(1, 'Add at least one trigger').max(10, 'At most 10 triggers').optional(),
    conditions: AutomationConditions.optional(),
    policies: AutomationPolicies.optional(),
    permissions: AutomationPermissions.optional(),
    budget: AutomationBudget.optional(),
    delivery: AutomationDelivery.optional(),
  })
  .strict();
export type AutomationPatch = z.infer<typeof AutomationPatch>;

/** What became of one fire (the API's view of a run record). */
export const AutomationRun = z.object({
  id: z.string(),
  automationId: z.string(),
  automationName: z.string(),
  status: AutomationRunStatus,
  /** The trigger that fired and what it carried (file path and event, webhook body excerpt, the run it came after). */
  trigger: z.object({ kind: z.string(), payload: z.record(z.string(), z.unknown()).default({}) }),
  /** ISO time the fire was due (the latest, when counted). */
  scheduledFor: z.string(),
  firstScheduledFor: z.string().nullable(),
  count: z.number().int().min(1),
  attempt: z.number().int().min(0),
  reason: z.string().nullable(),
  runId: z.string().nullable(),
  threadId: z.string().nullable(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type AutomationRun = z.infer<typeof AutomationRun>;

/** An automation as stored, with its schedule state. */
export const Automation = AutomationConfig.omit({ agent: true, paused: true }).extend({
  id: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  state: AutomationState,
  pauseReason: z.string().nullable(),
  /** The thread that holds its runs. */
  threadId: z.string().nullable(),
  /** Path of its webhook on the engine's HTTP server, when it has a webhook trigger. */
  webhookPath: z.string().nullable(),
  /** ISO time of the next timed fire (null: none, paused, or only event triggers). */
  nextFireAt: z.string().nullable(),
  lastRun: AutomationRun.nullable(),
  lastSucceededAt: z.string().nullable(),
  consecutiveFailures: z.number().int().min(0),
  /** Runs going on now. */
  running: z.number().int().min(0),
  /** Unread inbox items. */
  unread: z.number().int().min(0),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Automation = z.infer<typeof Automation>;

/** An inbox item: the result of an automation's run, unread until opened. */
export const InboxItem = z.object({
  id: z.string(),
  automationId: z.string(),
  automationName: z.string(),
  automationRunId: z.string(),
  runId: z.string().nullable(),
  status: AutomationRunStatus,
  title: z.string(),
  /** The output (or the error), cut to a few thousand characters. */
  body: z.string(),
  unread: z.boolean(),
  createdAt: z.string(),
});
export type InboxItem = z.infer<typeof InboxItem>;

/** What the tray shows: runs going on, next fires, unread items, the global pause. */
export const AutomationOverview = z.object({
  running: z.array(
    z.object({ automationRunId: z.string(), automationId: z.string(), automationName: z.string(), runId: z.string().nullable(), startedAt: z.string() }),
  ),
  /** Runs of automations waiting for a person to approve a tool call (permissions: queue). */
  waiting: z.array(
    z.object({
      automationId: z.string(),
      automationName: z.string(),
      runId: z.string(),
      toolName: z.string(),
      callId: z.string(),
    }),
  ),
  /** The next fires, soonest first (at most 5). */
  next: z.array(z.object({ automationId: z.string(), automationName: z.string(), at: z.string() })),
  unread: z.number().int().min(0),
  /** All automations paused by the user: until this ISO time, or null while not paused. `indefinitely` when paused until resumed. */
  pausedAll: z.object({ until: z.string().nullable() }).nullable(),
  total: z.number().int().min(0),
  active: z.number().int().min(0),
});
export type AutomationOverview = z.infer<typeof AutomationOverview>;

/** An OS notification the shell shows (text decided by the engine). Clicking it opens `open`. */
export const AutomationNotification = z.object({
  title: z.string(),
  body: z.string(),
  automationId: z.string(),
  open: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('run'), runId: z.string() }),
    z.object({ kind: z.literal('automation'), automationId: z.string() }),
  ]),
});
export type AutomationNotification = z.infer<typeof AutomationNotification>;
