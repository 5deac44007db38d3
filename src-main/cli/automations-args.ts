import { isAbsolute, resolve as resolvePath } from 'node:path';
import {
  AutomationRunResultStatus,
  WatchEvent,
  isValidTimeZone,
  type Automation,
  type AutomationConfigInput,
  type AutomationTrigger,
  type TimeWindow,
} from '@shared/entities/automation';
import { AppError } from '@shared/errors';
import { parseTrigger } from '../engine/automations/schedule';

/**
 * Turning `automations create` flags into an AutomationConfig: durations (`30s`, `5m`, `1h30m`),
 * triggers, windows, policies. Pure apart from the clock and the machine's time zone, both injectable.
 */

/** What `automations.update` takes as its patch. */
export type AutomationPatch = Partial<Omit<AutomationConfigInput, 'paused'>>;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const bad = (flag: string, message: string, hint: string) => new AppError('VALIDATION', `${flag}: ${message}`, { hint });

/** "30s", "5m", "2h", "1d", "250ms", or several together ("1h30m"), in milliseconds. */
export function parseDuration(text: string, flag = 'duration'): number {
  const value = text.trim().toLowerCase();
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (!value || parts.map((p) => p[0]).join('') !== value) {
    throw bad(flag, `"${text}" is not a duration.`, 'Use a number with a unit: 30s, 5m, 2h, 1d (or together, e.g. 1h30m).');
  }
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2] as keyof typeof UNIT_MS], 0));
}

/** 90_000 → "1m30s"; 3_600_000 → "1h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  let rest = Math.round(ms / 1000);
  const out: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n) out.push(`${n}${unit}`);
    rest -= n * size;
  }
  return out.join('');
}

/** The machine's IANA time zone. */
export const machineTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Milliseconds to add to UTC to get the wall clock of `tz` at instant `at`. */
function zoneOffsetMs(at: number, tz: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * `--at`: an ISO date-time with an offset (`2026-12-24T18:00:00+01:00`, `…Z`), one without (read in
 * `tz`), or `+<duration>` from now (`+10m`). Answers an ISO instant in UTC.
 */
export function parseAt(text: string, tz: string, now = Date.now()): string {
  const value = text.trim();
  if (value.startsWith('+')) return new Date(now + parseDuration(value.slice(1), '--at')).toISOString();
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value);
  if (local) {
    const [y, mo, d, h, mi, s = '0', frac = '0'] = local.slice(1);
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0')));
    // The offset at the guessed instant, then again at the corrected one (right across DST changes).
    let at = wall - zoneOffsetMs(wall, tz);
    at = wall - zoneOffsetMs(at, tz);
    return new Date(at).toISOString();
  }
  const at = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) {
    throw bad('--at', `"${text}" is not a date-time.`, 'Use e.g. 2026-12-24T18:00 (in --tz), 2026-12-24T18:00:00Z, or +10m from now.');
  }
  return new Date(at).toISOString();
}

/** `HH:MM-HH:MM` (start after end spans midnight) in `tz`. */
export function parseWindow(text: string, tz: string, flag: string): TimeWindow {
  const match = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(text);
  const pad = (t: string) => t.padStart(5, '0');
  if (!match || ![match[1]!, match[2]!].every((t) => /^([01]\d|2[0-3]):[0-5]\d$/.test(pad(t)))) {
    throw bad(flag, `"${text}" is not a time range.`, 'Use HH:MM-HH:MM, e.g. 08:00-18:00 (22:00-07:00 spans midnight).');
  }
  return { start: pad(match[1]!), end: pad(match[2]!), days: [], timezone: tz };
}

/** `--after NAME[:status,status]`; statuses default to succeeded. */
export function parseAfter(text: string): AutomationTrigger {
  const colon = text.lastIndexOf(':');
  if (colon > 0) {
    const statuses = text.slice(colon + 1).split(',').map((s) => s.trim()).filter(Boolean);
    const parsed = statuses.map((s) => AutomationRunResultStatus.safeParse(s));
    if (statuses.length && parsed.every((p) => p.success)) {
      return { kind: 'after', automation: text.slice(0, colon).trim(), statuses: parsed.map((p) => p.data!) };
    }
    if (statuses.length && parsed.some((p) => p.success)) {
      throw bad('--after', `"${text}" names an unknown status.`, `Statuses: ${AutomationRunResultStatus.options.join(', ')}.`);
    }
  }
  return { kind: 'after', automation: text.trim(), statuses: ['succeeded'] };
}

export interface CreateFlags {
  name: string;
  agent: string;
  input: string;
  description?: string;
  revision?: string;
  cron?: string[];
  tz?: string;
  every?: string[];
  at?: string[];
  watch?: string[];
  glob?: string[];
  events?: string;
  debounce?: string;
  webhook?: boolean;
  onStart?: boolean;
  after?: string[];
  overlap?: string;
  missed?: string;
  grace?: string;
  approval?: string;
  allowTool?: string[];
  maxSteps?: string;
  maxTokens?: string;
  timeout?: string;
  notify?: string;
  post?: string;
  appendFile?: string;
  inbox?: boolean;
  window?: string;
  quiet?: string;
  acOnly?: boolean;
  paused?: boolean;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw bad(flag, `"${text}" is not a whole number above 0.`, `Give e.g. ${flag} 10.`);
  return n;
}

/** The triggers the flags ask for, in the order: cron, every, at, watch, webhook, on-start, after. */
export function triggersFrom(flags: Partial<CreateFlags>, tz: string, now = Date.now()): AutomationTrigger[] {
  const triggers: AutomationTrigger[] = [];
  for (const expr of flags.cron ?? []) {
    try {
      triggers.push(parseTrigger({ kind: 'cron', expr, timezone: tz }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const detail = error.issues?.map((i) => i.message).join('; ');
      throw new AppError('VALIDATION', `--cron: "${expr}" is not a cron expression we can read${detail ? ` (${detail})` : ''}.`, {
        hint: 'Use 5 fields (minute hour day month weekday) or 6 (seconds first): "0 9 * * 1-5" is 09:00 on weekdays, "*/15 * * * *" every 15 minutes.',
      });
    }
  }
  for (const every of flags.every ?? []) {
    const ms = parseDuration(every, '--every');
    if (ms < 1000 || ms % 1000 !== 0) throw bad('--every', `"${every}" must be whole seconds, at least 1s.`, 'Use e.g. --every 30s, 5m or 1h.');
    triggers.push({ kind: 'every', seconds: ms / 1000 });
  }
  for (const at of flags.at ?? []) triggers.push({ kind: 'at', iso: parseAt(at, tz, now) });
  const events = flags.events?.split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of events ?? []) {
    if (!WatchEvent.safeParse(e).success) throw bad('--events', `"${e}" is not a file event.`, 'Use add, change and/or unlink, e.g. --events add,change.');
  }
  if ((flags.glob?.length || events || flags.debounce) && !flags.watch?.length) {
    throw bad('--glob/--events/--debounce', 'these go with --watch.', 'Add --watch <folder>.');
  }
  for (const path of flags.watch ?? []) {
    triggers.push({
      kind: 'watch',
      path: isAbsolute(path) ? path : resolvePath(path),
      globs: flags.glob ?? [],
      events: (events as WatchEvent[] | undefined) ?? ['add', 'change'],
      debounceMs: flags.debounce ? parseDuration(flags.debounce, '--debounce') : 1000,
    });
  }
  if (flags.webhook) triggers.push({ kind: 'webhook' });
  if (flags.onStart) triggers.push({ kind: 'startup' });
  for (const after of flags.after ?? []) triggers.push(parseAfter(after));
  if (!triggers.length) {
    throw new AppError('VALIDATION', 'Give at least one trigger.', {
      hint: 'Add --cron "0 9 * * *", --every 30m, --at 2026-12-24T18:00, --watch <folder>, --webhook, --on-start or --after <automation> (several may be combined).',
    });
  }
  return triggers;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw bad(flag, `"${value}" is not one of ${allowed.join(', ')}.`, `Use ${flag} ${allowed[0]}.`);
  return value as T;
}

/** What the flags say of conditions, policies, permissions, budget and delivery (only what they set). */
function settingsFrom(flags: Partial<CreateFlags>, tz: string) {
  const overlap = oneOf(flags.overlap, ['skip', 'queue-one', 'queue-all', 'replace', 'parallel'] as const, '--overlap');
  const missedKind = oneOf(flags.missed, ['skip', 'run-once'] as const, '--missed') ?? (flags.grace ? 'run-once' : undefined);
  if (missedKind === 'skip' && flags.grace) throw bad('--grace', 'goes with --missed run-once.', 'Drop --grace, or use --missed run-once.');
  const approval = oneOf(flags.approval, ['deny', 'allow-listed', 'queue'] as const, '--approval') ?? (flags.allowTool?.length ? 'allow-listed' : undefined);
  if (approval === 'deny' && flags.allowTool?.length) throw bad('--allow-tool', 'has no effect with --approval deny.', 'Use --approval allow-listed (the default when --allow-tool is given).');
  const notify = oneOf(flags.notify, ['always', 'failure', 'changed', 'never'] as const, '--notify');
  const window = flags.window ? parseWindow(flags.window, tz, '--window') : undefined;
  const quietHours = flags.quiet ? parseWindow(flags.quiet, tz, '--quiet') : undefined;
  return {
    conditions: { ...(window ? { window } : {}), ...(quietHours ? { quietHours } : {}), ...(flags.acOnly !== undefined ? { onAcPower: flags.acOnly } : {}) },
    policies: {
      ...(overlap ? { overlap } : {}),
      ...(missedKind === 'run-once'
        ? { missed: { kind: 'run-once' as const, graceMs: flags.grace ? parseDuration(flags.grace, '--grace') : 15 * 60_000, lookBackMs: 86_400_000 } }
        : missedKind === 'skip'
          ? { missed: { kind: 'skip' as const } }
          : {}),
    },
    permissions: { ...(approval ? { approval } : {}), ...(flags.allowTool ? { allowTools: flags.allowTool } : {}) },
    budget: {
      ...(flags.maxSteps !== undefined ? { maxSteps: positiveInt(flags.maxSteps, '--max-steps') } : {}),
      ...(flags.maxTokens !== undefined ? { maxTokens: positiveInt(flags.maxTokens, '--max-tokens') } : {}),
      ...(flags.timeout !== undefined ? { timeoutMs: parseDuration(flags.timeout, '--timeout') } : {}),
    },
    delivery: {
      ...(notify ? { notify } : {}),
      ...(flags.inbox !== undefined ? { inbox: flags.inbox } : {}),
      ...(flags.post ? { postUrl: flags.post } : {}),
      ...(flags.appendFile ? { appendFile: isAbsolute(flags.appendFile) ? flags.appendFile : resolvePath(flags.appendFile) } : {}),
    },
  };
}

function zoneFrom(flags: Partial<CreateFlags>, machineTz: string | undefined): string {
  const tz = flags.tz ?? machineTz ?? machineTimeZone();
  if (!isValidTimeZone(tz)) throw bad('--tz', `"${tz}" is not a known time zone.`, 'Use an IANA name, e.g. Europe/Berlin, America/New_York or UTC.');
  return tz;
}

/** The whole config `automations.create` takes; fields the flags leave out get the contract's defaults. */
export function configFrom(flags: CreateFlags, opts: { now?: number; machineTz?: string } = {}): AutomationConfigInput {
  const tz = zoneFrom(flags, opts.machineTz);
  const triggers = triggersFrom(flags, tz, opts.now);
  const settings = settingsFrom(flags, tz);
  return {
    name: flags.name,
    agent: flags.agent,
    input: flags.input,
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(flags.revision !== undefined ? { agentRevision: positiveInt(flags.revision, '--revision') } : {}),
    triggers,
    conditions: { onAcPower: false, ...settings.conditions },
    policies: settings.policies,
    permissions: { allowTools: [], ...settings.permissions },
    budget: settings.budget,
    delivery: { inbox: true, ...settings.delivery },
    paused: !!flags.paused,
  };
}

const TRIGGER_FLAGS = ['cron', 'every', 'at', 'watch', 'webhook', 'onStart', 'after'] as const;

/**
 * The patch `automations update` sends: only what the flags change. Trigger flags replace all the
 * triggers; other settings are merged into the automation's current ones.
 */
export function patchFrom(
  flags: Partial<CreateFlags> & { rename?: string; latest?: boolean },
  current: Pick<Automation, 'conditions' | 'policies' | 'permissions' | 'budget' | 'delivery'>,
  opts: { now?: number; machineTz?: string } = {},
): AutomationPatch {
  const tz = zoneFrom(flags, opts.machineTz);
  const settings = settingsFrom(flags, tz);
  if (flags.revision !== undefined && flags.latest) throw bad('--latest', 'goes without --revision.', 'Pin a revision with --revision <n>, or follow the latest with --latest.');
  const patch: AutomationPatch = {
    ...(flags.rename !== undefined ? { name: flags.rename } : {}),
    ...(flags.agent !== undefined ? { agent: flags.agent } : {}),
    ...(flags.input !== undefined ? { input: flags.input } : {}),
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(flags.revision !== undefined ? { agentRevision: positiveInt(flags.revision, '--revision') } : flags.latest ? { agentRevision: null } : {}),
    ...(TRIGGER_FLAGS.some((f) => flags[f] !== undefined) ? { triggers: triggersFrom(flags, tz, opts.now) } : {}),
  };
  const merge = <K extends 'conditions' | 'policies' | 'permissions' | 'budget' | 'delivery'>(key: K) => {
    if (Object.keys(settings[key]).length) Object.assign(patch, { [key]: { ...current[key], ...settings[key] } });
  };
  for (const key of ['conditions', 'policies', 'permissions', 'budget', 'delivery'] as const) merge(key);
  if (!Object.keys(patch).length) {
    throw new AppError('VALIDATION', 'Nothing to change.', { hint: 'Give what to change, e.g. --every 1h, --input "…" or --notify always (see --help).' });
  }
  return patch;
}
