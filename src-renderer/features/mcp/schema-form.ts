import { describeJsonError, parseJson } from './json-text';

/** A JSON Schema as tools declare it; only what the form reads is typed. */
type Schema = Record<string, unknown>;

interface Base {
  name: string;
  label: string;
  description: string | undefined;
  required: boolean;
}

/** One input of the try-a-tool form, chosen from the property's JSON Schema. */
export type ArgField =
  | (Base & { kind: 'string'; multiline: boolean })
  | (Base & { kind: 'number'; integer: boolean; minimum?: number; maximum?: number })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'enum'; options: unknown[] })
  | (Base & { kind: 'string-list' })
  | (Base & { kind: 'json'; type: string | undefined });

/** What the form holds per field: text for boxes and selects, a flag, or a list. */
export type ArgValue = string | boolean | string[];

export interface ArgForm {
  fields: ArgField[];
  /**
   * The schema is not an object with properties (or has none the form can show): the whole
   * arguments object is typed as JSON instead.
   */
  rawJson: boolean;
}

const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The declared type, ignoring "null" in a union (`["string", "null"]`). */
function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const real = type.filter((t) => t !== 'null');
    return real.length === 1 && typeof real[0] === 'string' ? real[0] : undefined;
  }
  return undefined;
}

function fieldFor(name: string, schema: Schema, required: boolean): ArgField {
  const base: Base = {
    name,
    label: typeof schema.title === 'string' && schema.title ? schema.title : name,
    description: typeof schema.description === 'string' ? schema.description : undefined,
    required,
  };
  const type = typeOf(schema);
  if (Array.isArray(schema.enum) && schema.enum.length) {
    return { ...base, kind: 'enum', options: schema.enum };
  }
  if (type === 'string') {
    // Free text that is usually long (a file's content, a prompt) gets a text area.
    const multiline = /^(content|text|body|code|script|prompt|message)$/i.test(name);
    return { ...base, kind: 'string', multiline };
  }
  if (type === 'number' || type === 'integer') {
    return {
      ...base,
      kind: 'number',
      integer: type === 'integer',
      ...(typeof schema.minimum === 'number' ? { minimum: schema.minimum } : {}),
      ...(typeof schema.maximum === 'number' ? { maximum: schema.maximum } : {}),
    };
  }
  if (type === 'boolean') {
    // An optional flag needs a third choice, "not set": a select of true/false does that.
    return required
      ? { ...base, kind: 'boolean' }
      : { ...base, kind: 'enum', options: [true, false] };
  }
  if (
    type === 'array' &&
    isObject(schema.items) &&
    typeOf(schema.items) === 'string' &&
    !schema.items.enum
  ) {
    return { ...base, kind: 'string-list' };
  }
  return { ...base, kind: 'json', type };
}

/** The fields of a tool's input schema, in declaration order. */
export function argForm(inputSchema: Schema): ArgForm {
  const properties = inputSchema.properties;
  const objectLike =
    typeOf(inputSchema) === 'object' || (typeOf(inputSchema) === undefined && isObject(properties));
  if (!objectLike || (properties !== undefined && !isObject(properties)))
    return { fields: [], rawJson: true };
  const required = new Set(
    Array.isArray(inputSchema.required)
      ? inputSchema.required.filter((r) => typeof r === 'string')
      : [],
  );
  const fields = Object.entries(isObject(properties) ? properties : {}).map(([name, schema]) =>
    fieldFor(name, isObject(schema) ? schema : {}, required.has(name)),
  );
  // Free-form objects (additionalProperties without properties) are typed as JSON.
  const freeForm = !fields.length && isObject(inputSchema.additionalProperties);
  return { fields, rawJson: freeForm };
}

/** The starting values: each property's default where it has one. */
export function initialArgValues(
  fields: readonly ArgField[],
  inputSchema: Schema,
): Record<string, ArgValue> {
  const properties = isObject(inputSchema.properties) ? inputSchema.properties : {};
  const values: Record<string, ArgValue> = {};
  for (const field of fields) {
    const schema = properties[field.name];
    const fallback = isObject(schema) ? schema.default : undefined;
    switch (field.kind) {
      case 'boolean':
        values[field.name] = fallback === true;
        break;
      case 'string-list':
        values[field.name] = Array.isArray(fallback) ? fallback.map(String) : [];
        break;
      case 'enum':
        values[field.name] = fallback === undefined ? '' : JSON.stringify(fallback);
        break;
      case 'json':
        values[field.name] = fallback === undefined ? '' : JSON.stringify(fallback, null, 2);
        break;
      default:
        values[field.name] = fallback === undefined || fallback === null ? '' : String(fallback);
    }
  }
  return values;
}

export type ArgResult =
  { ok: true; args: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

const text = (value: ArgValue | undefined) => (typeof value === 'string' ? value : '');

/** Turns the form's values into the tool's arguments; empty optional fields are left out. */
export function toArguments(
  fields: readonly ArgField[],
  values: Record<string, ArgValue>,
): ArgResult {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name];
    const missing = () => {
      if (field.required) errors[field.name] = 'Required';
    };
    switch (field.kind) {
      case 'boolean':
        args[field.name] = value === true;
        break;
      case 'string-list': {
        const list = Array.isArray(value) ? value : [];
        if (list.length || field.required) args[field.name] = list;
        break;
      }
      case 'string':
        if (text(value) === '') missing();
        else args[field.name] = text(value);
        break;
      case 'enum':
        if (text(value) === '') missing();
        else args[field.name] = JSON.parse(text(value)) as unknown;
        break;
      case 'number': {
        const raw = text(value).trim();
        if (raw === '') {
          missing();
          break;
        }
        const n = Number(raw);
        if (!Number.isFinite(n)) errors[field.name] = 'Enter a number';
        else if (field.integer && !Number.isInteger(n)) errors[field.name] = 'Enter a whole number';
        else if (field.minimum !== undefined && n < field.minimum)
          errors[field.name] = `At least ${field.minimum}`;
        else if (field.maximum !== undefined && n > field.maximum)
          errors[field.name] = `At most ${field.maximum}`;
        else args[field.name] = n;
        break;
      }
      case 'json': {
        if (text(value).trim() === '') {
          missing();
          break;
        }
        const parsed = parseJson(text(value));
        if (!parsed.ok) errors[field.name] = `Not valid JSON at ${describeJsonError(parsed)}`;
        else args[field.name] = parsed.value;
        break;
      }
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, args };
}

/** The arguments typed as one JSON object (schemas the form cannot show field by field). */
export function rawArguments(textValue: string): ArgResult {
  if (!textValue.trim()) return { ok: true, args: {} };
  const parsed = parseJson(textValue);
  if (!parsed.ok)
    return { ok: false, errors: { '': `Not valid JSON at ${describeJsonError(parsed)}` } };
  if (!isObject(parsed.value))
    return { ok: false, errors: { '': 'The arguments must be a JSON object' } };
  return { ok: true, args: parsed.value };
}

/** How an enum option is shown in the select. */
export function optionLabel(option: unknown): string {
  return typeof option === 'string' ? option : JSON.stringify(option);
}
