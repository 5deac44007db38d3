/**
 * The input template of an automation: `{{name}}` (or `{{ name }}`, dotted names like
 * `trigger.file`) replaced by what the fire carried. A variable we know with no value this time
 * becomes empty; a name we do not know stays as written so the user sees the typo.
 * One pass: values are inserted literally, never expanded again (a webhook body with `{{now}}` stays so).
 */

export interface TemplateVariable {
  name: string;
  description: string;
}

/** The variables an input can use, for the editor's and the CLI's help. */
export const KNOWN_VARIABLES: readonly TemplateVariable[] = [
  { name: 'now', description: 'When the run starts, as an ISO time (UTC), e.g. 2026-12-03T09:00:00.000Z' },
  { name: 'date', description: "The day the run starts, YYYY-MM-DD on the engine's clock" },
  { name: 'automation.name', description: 'The name of the automation' },
  { name: 'trigger.kind', description: 'What fired: cron, every, at, watch, webhook, startup, after or manual' },
  { name: 'trigger.scheduledFor', description: 'For timed triggers: the ISO time the fire was due' },
  { name: 'trigger.file', description: 'For watch triggers: the absolute path of the file' },
  { name: 'trigger.event', description: 'For watch triggers: add, change or unlink' },
  { name: 'trigger.body', description: 'For webhooks: the body of the request (at most 20,000 characters)' },
  { name: 'trigger.after.output', description: "For after triggers: the output of the other automation's run" },
  { name: 'trigger.after.status', description: "For after triggers: how the other automation's run ended" },
];

const KNOWN = new Set(KNOWN_VARIABLES.map((v) => v.name));

/** Most characters of `trigger.body` inserted into an input. */
export const TEMPLATE_BODY_LIMIT = 20_000;

const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

function capBody(value: string): string {
  if (value.length <= TEMPLATE_BODY_LIMIT) return value;
  return `${value.slice(0, TEMPLATE_BODY_LIMIT)}\n[… ${value.length - TEMPLATE_BODY_LIMIT} more characters cut]`;
}

/**
 * Replaces the variables of `template` with `vars`. Known variables (in `KNOWN_VARIABLES` or given
 * in `vars`) without a value become ''; unknown ones stay as written. `trigger.body` is cut at
 * `TEMPLATE_BODY_LIMIT` characters.
 */
export function renderInput(template: string, vars: Record<string, string | undefined>): string {
  return template.replace(VARIABLE, (whole, name: string) => {
    const given = Object.hasOwn(vars, name);
    if (!given && !KNOWN.has(name)) return whole;
    const value = given ? (vars[name] ?? '') : '';
    return name === 'trigger.body' ? capBody(value) : value;
  });
}

/** The variable names a template uses, each once, in order of first use. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(VARIABLE)) if (match[1]) names.add(match[1]);
  return [...names];
}

/** The variables a template uses that are not known: typos the editor can point at. */
export function unknownVariables(template: string): string[] {
  return templateVariables(template).filter((name) => !KNOWN.has(name));
}

/** What a fire carried, for `fireVariables`. */
export interface FireFacts {
  now: Date;
  automationName: string;
  trigger: {
    kind: string;
    scheduledFor?: Date | null;
    file?: string;
    event?: string;
    body?: string;
    afterOutput?: string;
    afterStatus?: string;
  };
  /** Zone of `{{date}}`; the engine's own when omitted. */
  timeZone?: string;
}

/** The variables of `KNOWN_VARIABLES` for one fire (those without a value are left undefined: they render as ''). */
export function fireVariables(facts: FireFacts): Record<string, string | undefined> {
  const { trigger } = facts;
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: facts.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(facts.now);
  return {
    now: facts.now.toISOString(),
    date,
    'automation.name': facts.automationName,
    'trigger.kind': trigger.kind,
    'trigger.scheduledFor': trigger.scheduledFor?.toISOString(),
    'trigger.file': trigger.file,
    'trigger.event': trigger.event,
    'trigger.body': trigger.body,
    'trigger.after.output': trigger.afterOutput,
    'trigger.after.status': trigger.afterStatus,
  };
}
