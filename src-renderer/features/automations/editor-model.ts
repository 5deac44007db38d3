import {
  AutomationBudget,
  AutomationConditions,
  AutomationConfig,
  AutomationDelivery,
  AutomationPermissions,
  AutomationPolicies,
  type Automation,
  type AutomationConfigInput,
  type AutomationRunResultStatus,
  type AutomationTrigger,
  type TriggerKind,
  type WatchEvent,
} from '@shared/entities/automation';
import { issuesFromZod, type FieldIssue } from '@shared/errors';
import { localTimeZone } from './describe';

export type IntervalUnit = 's' | 'min' | 'h';
export const unitSeconds: Record<IntervalUnit, number> = { s: 1, min: 60, h: 3600 };

/** A trigger as the builder edits it (intervals as amount and unit, times as the local clock). */
export type TriggerDraft = { key: number } & (
  | { kind: 'cron'; expr: string; timezone: string }
  | { kind: 'every'; amount: string; unit: IntervalUnit }
  | { kind: 'at'; local: string }
  | { kind: 'watch'; path: string; globs: string[]; events: WatchEvent[]; debounceMs: number }
  | { kind: 'webhook' }
  | { kind: 'startup' }
  | { kind: 'after'; automation: string; statuses: AutomationRunResultStatus[] }
);

export interface EditorValues {
  name: string;
  description: string;
  /** The agent's id. */
  agent: string;
  agentRevision: number | null;
  input: string;
  triggers: TriggerDraft[];
  conditions: AutomationConditions;
  policies: AutomationPolicies;
  permissions: AutomationPermissions;
  budget: AutomationBudget;
  delivery: AutomationDelivery;
  /** Create it paused (new automations only). */
  paused: boolean;
}

let keys = 0;
const nextKey = () => ++keys;

export function newTrigger(kind: TriggerKind): TriggerDraft {
  const key = nextKey();
  switch (kind) {
    case 'cron':
      return { key, kind, expr: '0 9 * * 1-5', timezone: localTimeZone() };
    case 'every':
      return { key, kind, amount: '30', unit: 'min' };
    case 'at':
      return { key, kind, local: '' };
    case 'watch':
      return { key, kind, path: '', globs: [], events: ['add', 'change'], debounceMs: 1000 };
    case 'after':
      return { key, kind, automation: '', statuses: ['succeeded'] };
    default:
      return { key, kind };
  }
}

export function emptyValues(agent = ''): EditorValues {
  return {
    name: '',
    description: '',
    agent,
    agentRevision: null,
    input: '',
    triggers: [newTrigger('every')],
    conditions: AutomationConditions.parse({}),
    policies: AutomationPolicies.parse({}),
    permissions: AutomationPermissions.parse({}),
    budget: AutomationBudget.parse({}),
    delivery: AutomationDelivery.parse({}),
    paused: false,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A `datetime-local` value (this machine's clock) as an ISO time with this machine's offset. */
export function localToIso(local: string): string {
  const date = new Date(local);
  if (!local || Number.isNaN(date.getTime())) return local;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${isoToLocal(date.toISOString(), true)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An ISO time as a `datetime-local` value on this machine's clock. */
export function isoToLocal(iso: string, seconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return seconds || d.getSeconds() ? `${base}:${pad(d.getSeconds())}` : base;
}

function draftOf(trigger: AutomationTrigger): TriggerDraft {
  const key = nextKey();
  switch (trigger.kind) {
    case 'every': {
      const unit: IntervalUnit =
        trigger.seconds % 3600 === 0 ? 'h' : trigger.seconds % 60 === 0 ? 'min' : 's';
      return { key, kind: 'every', amount: String(trigger.seconds / unitSeconds[unit]), unit };
    }
    case 'at':
      return { key, kind: 'at', local: isoToLocal(trigger.iso) };
    case 'watch':
      return { key, ...trigger, globs: [...trigger.globs], events: [...trigger.events] };
    case 'after':
      return { key, ...trigger, statuses: [...trigger.statuses] };
    default:
      return { key, ...trigger };
  }
}

export function valuesFromAutomation(automation: Automation): EditorValues {
  return {
    name: automation.name,
    description: automation.description,
    agent: automation.agentId,
    agentRevision: automation.agentRevision,
    input: automation.input,
    triggers: automation.triggers.map(draftOf),
    conditions: structuredClone(automation.conditions),
    policies: structuredClone(automation.policies),
    permissions: structuredClone(automation.permissions),
    budget: { ...automation.budget },
    delivery: { ...automation.delivery },
    paused: automation.state !== 'active',
  };
}

/** A draft as the contract's trigger (bad numbers stay bad, so validation names them). */
export function triggerOf(draft: TriggerDraft): AutomationTrigger {
  const { key: _key, ...rest } = draft;
  switch (rest.kind) {
    case 'every':
      return {
        kind: 'every',
        seconds:
          rest.amount.trim() === '' ? Number.NaN : Number(rest.amount) * unitSeconds[rest.unit],
      };
    case 'at':
      return { kind: 'at', iso: localToIso(rest.local) };
    default:
      return rest;
  }
}

const blankToUndefined = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);

export function toConfig(values: EditorValues): AutomationConfigInput {
  const { postUrl, appendFile, ...delivery } = values.delivery;
  const url = blankToUndefined(postUrl);
  const file = blankToUndefined(appendFile);
  const { maxTokens, ...budget } = values.budget;
  const { maxParallel, ...policies } = values.policies;
  return {
    name: values.name,
    description: values.description,
    agent: values.agent,
    agentRevision: values.agentRevision,
    input: values.input,
    triggers: values.triggers.map(triggerOf),
    conditions: values.conditions,
    // The limit of parallel runs means something only with the parallel overlap policy.
    policies:
      policies.overlap === 'parallel' && maxParallel !== undefined
        ? { ...policies, maxParallel }
        : policies,
    permissions: values.permissions,
    budget: { ...budget, ...(maxTokens !== undefined ? { maxTokens } : {}) },
    delivery: {
      ...delivery,
      ...(url ? { postUrl: url } : {}),
      ...(file ? { appendFile: file } : {}),
    },
    paused: values.paused,
  };
}

/** The update's patch: everything the editor shows (a trigger change restarts the schedule from now). */
export function toPatch(values: EditorValues) {
  const { paused: _paused, ...patch } = toConfig(values);
  return patch;
}

/** The fields that show their own errors (dotted paths of the config). */
export function fieldKeys(values: EditorValues): Set<string> {
  const keys = [
    'name',
    'description',
    'agent',
    'agentRevision',
    'input',
    'triggers',
    'conditions.window',
    'conditions.quietHours',
    'conditions.onAcPower',
    'policies.overlap',
    'policies.maxParallel',
    'policies.missed',
    'policies.missed.graceMs',
    'policies.missed.lookBackMs',
    'policies.failures.pauseAfter',
    'policies.failures.maxRetries',
    'permissions.approval',
    'permissions.allowTools',
    'permissions.queueTimeoutMs',
    'budget.maxSteps',
    'budget.maxTokens',
    'budget.timeoutMs',
    'delivery.notify',
    'delivery.postUrl',
    'delivery.appendFile',
  ];
  for (const part of ['start', 'end', 'days', 'timezone'])
    keys.push(`conditions.window.${part}`, `conditions.quietHours.${part}`);
  values.triggers.forEach((draft, index) => {
    const fields: Record<TriggerKind, string[]> = {
      cron: ['expr', 'timezone'],
      every: ['seconds'],
      at: ['iso'],
      watch: ['path', 'globs', 'events', 'debounceMs'],
      webhook: [],
      startup: [],
      after: ['automation', 'statuses'],
    };
    keys.push(`triggers.${index}`, ...fields[draft.kind].map((f) => `triggers.${index}.${f}`));
  });
  return new Set(keys);
}

export interface EditorIssues {
  /** The first message for each field, by dotted path. */
  fields: Record<string, string>;
  /** Messages of no field the editor shows. */
  other: string[];
}

/** Sorts issues (local, or from the engine: `patch.…` for updates) to the fields that show them. */
export function groupEditorIssues(
  issues: readonly FieldIssue[],
  values: EditorValues,
): EditorIssues {
  const known = fieldKeys(values);
  const grouped: EditorIssues = { fields: {}, other: [] };
  for (const issue of issues) {
    const path = (issue.path[0] === 'patch' ? issue.path.slice(1) : issue.path).map(String);
    let field: string | null = null;
    for (let length = path.length; length > 0 && !field; length--) {
      const key = path.slice(0, length).join('.');
      if (known.has(key)) field = key;
    }
    if (field) grouped.fields[field] ??= issue.message;
    else grouped.other.push(path.length ? `${path.join('.')}: ${issue.message}` : issue.message);
  }
  return grouped;
}

/** Client-side validation with the contract's own schema, before anything is sent. */
export function validateValues(values: EditorValues): EditorIssues {
  const parsed = AutomationConfig.safeParse(toConfig(values));
  return groupEditorIssues(parsed.success ? [] : issuesFromZod(parsed.error), values);
}
