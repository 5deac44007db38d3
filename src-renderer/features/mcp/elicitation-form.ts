/** A server's elicitation schema: a flat object of primitive properties (MCP spec, form mode). */
type Schema = Record<string, unknown>;

export interface Option {
  value: string;
  label: string;
}

interface Base {
  name: string;
  label: string;
  description: string | undefined;
  required: boolean;
}

export type FormField =
  | (Base & { kind: 'text'; format: string | undefined; minLength?: number; maxLength?: number })
  | (Base & { kind: 'number'; integer: boolean; minimum?: number; maximum?: number })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'select'; options: Option[] })
  | (Base & { kind: 'multi'; options: Option[]; minItems?: number; maxItems?: number });

export type FormValue = string | boolean | string[];

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown) => (typeof value === 'number' ? value : undefined);

/**
 * The choices of an enum property, in each form the spec's revisions use: `enum` (with the legacy
 * `enumNames` as labels), `oneOf`/`anyOf` of `{ const, title }` (titled single select).
 */
function optionsOf(schema: Schema): Option[] | undefined {
  if (Array.isArray(schema.enum)) {
    const names = Array.isArray(schema.enumNames) ? schema.enumNames : [];
    return schema.enum.map((value, i) => ({ value: String(value), label: typeof names[i] === 'string' ? names[i] : String(value) }));
  }
  const alternatives = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (alternatives?.every((a) => isObject(a) && 'const' in a))
    return (alternatives as Schema[]).map((a) => ({ value: String(a.const), label: typeof a.title === 'string' ? a.title : String(a.const) }));
  return undefined;
}

/** The form's fields, in the schema's order. */
export function elicitationFields(schema: Schema): FormField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : []);
  return Object.entries(properties).map(([name, raw]) => {
    const prop = isObject(raw) ? raw : {};
    const base: Base = {
      name,
      label: typeof prop.title === 'string' && prop.title ? prop.title : name,
      description: typeof prop.description === 'string' ? prop.description : undefined,
      required: required.has(name),
    };
    if (prop.type === 'array') {
      const items = isObject(prop.items) ? prop.items : {};
      return { ...base, kind: 'multi', options: optionsOf(items) ?? [], ...minMax(prop, 'minItems', 'maxItems') } as FormField;
    }
    const options = optionsOf(prop);
    if (options) return { ...base, kind: 'select', options };
    if (prop.type === 'boolean') return { ...base, kind: 'boolean' };
    if (prop.type === 'number' || prop.type === 'integer')
      return { ...base, kind: 'number', integer: prop.type === 'integer', ...minMax(prop, 'minimum', 'maximum') } as FormField;
    return {
      ...base,
      kind: 'text',
      format: typeof prop.format === 'string' ? prop.format : undefined,
      ...minMax(prop, 'minLength', 'maxLength'),
    } as FormField;
  });
}

function minMax(prop: Schema, low: string, high: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (num(prop[low]) !== undefined) out[low] = num(prop[low])!;
  if (num(prop[high]) !== undefined) out[high] = num(prop[high])!;
  return out;
}

/** The starting values: each property's default (SEP-1034), else empty. */
export function initialValues(fields: readonly FormField[], schema: Schema): Record<string, FormValue> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const values: Record<string, FormValue> = {};
  for (const field of fields) {
    const prop = properties[field.name];
    const fallback = isObject(prop) ? prop.default : undefined;
    if (field.kind === 'boolean') values[field.name] = fallback === true;
    else if (field.kind === 'multi') values[field.name] = Array.isArray(fallback) ? fallback.map(String) : [];
    else values[field.name] = fallback === undefined || fallback === null ? '' : String(fallback);
  }
  return values;
}

export type ContentResult = { ok: true; content: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** The answer's content from the form; empty optional fields are left out (the server's defaults apply). */
export function toContent(fields: readonly FormField[], values: Record<string, FormValue>): ContentResult {
  const content: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'boolean') {
      content[field.name] = value === true;
      continue;
    }
    if (field.kind === 'multi') {
      const list = Array.isArray(value) ? value : [];
      if (field.minItems !== undefined && list.length < field.minItems) errors[field.name] = `Choose at least ${field.minItems}`;
      else if (field.maxItems !== undefined && list.length > field.maxItems) errors[field.name] = `Choose at most ${field.maxItems}`;
      else if (list.length || field.required) content[field.name] = list;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') {
      if (field.required) errors[field.name] = 'Required';
      continue;
    }
    if (field.kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[field.name] = 'Enter a number';
      else if (field.integer && !Number.isInteger(n)) errors[field.name] = 'Enter a whole number';
      else if (field.minimum !== undefined && n < field.minimum) errors[field.name] = `At least ${field.minimum}`;
      else if (field.maximum !== undefined && n > field.maximum) errors[field.name] = `At most ${field.maximum}`;
      else content[field.name] = n;
      continue;
    }
    if (field.kind === 'text') {
      if (field.minLength !== undefined && text.length < field.minLength) errors[field.name] = `At least ${field.minLength} characters`;
      else if (field.maxLength !== undefined && text.length > field.maxLength) errors[field.name] = `At most ${field.maxLength} characters`;
      else if (field.format === 'email' && !/^[^@\s]+@[^@\s]+$/.test(text)) errors[field.name] = 'Enter an email address';
      else content[field.name] = text;
      continue;
    }
    content[field.name] = text;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, content };
}
