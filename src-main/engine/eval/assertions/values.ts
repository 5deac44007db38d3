import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { baseType, type Assertion } from '@shared/entities/eval';

/**
 * The shape of an assertion's `value` for its type, checked when a suite is read (with the line of
 * the assertion) and again when it is evaluated (a wrong value there is a scorer error).
 */

export interface ExpectedToolCall {
  name: string;
  /** A subset of the arguments to match (deep). */
  arguments?: Record<string, unknown>;
}

const draft7 = new Ajv({ allErrors: true, strict: false });
const draft2020 = new Ajv2020({ allErrors: true, strict: false });

/** Compiles a JSON Schema (draft-07, or 2020-12 when its `$schema` says so); throws when it cannot. */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const ajv = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12') ? draft2020 : draft7;
  return ajv.compile(schema);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.length > 0);
}

/** A `tool-called` value: `{ name, arguments? }`, or the name alone. */
export function toolCallValue(value: unknown): ExpectedToolCall | null {
  if (typeof value === 'string' && value.length > 0) return { name: value };
  if (!isRecord(value) || typeof value.name !== 'string' || !value.name) return null;
  if (Object.keys(value).some((k) => k !== 'name' && k !== 'arguments')) return null;
  if (value.arguments !== undefined && !isRecord(value.arguments)) return null;
  return value.arguments === undefined ? { name: value.name } : { name: value.name, arguments: value.arguments };
}

/** What is wrong with an assertion's value for its type, or null when it is fine. */
export function valueProblem(assertion: Assertion, expected: string | undefined): string | null {
  const { base } = baseType(assertion.type);
  const value = assertion.value;
  const type = assertion.type;
  switch (base) {
    case 'equals':
    case 'similar':
      if (value === undefined) return expected === undefined ? `${type} needs a value (text), or an expected answer on the case` : null;
      return typeof value === 'string' ? null : `${type}: value must be a text`;
    case 'contains':
    case 'icontains':
    case 'starts-with':
    case 'llm-rubric':
      return typeof value === 'string' && value.length > 0 ? null : `${type}: value must be a non-empty text${base === 'llm-rubric' ? ' (the rubric)' : ''}`;
    case 'regex':
      if (typeof value !== 'string' || !value) return `${type}: value must be a regular expression (text)`;
      try {
        new RegExp(value, assertion.flags);
        return null;
      } catch (error) {
        return `${type}: the pattern does not compile (${(error as Error).message})`;
      }
    case 'contains-any':
    case 'contains-all':
    case 'tool-sequence':
      return isStringList(value) ? null : `${type}: value must be a non-empty list of texts${base === 'tool-sequence' ? ' (tool names in order)' : ''}`;
    case 'is-json':
      if (value === undefined) return null;
      if (!isRecord(value)) return `${type}: value must be a JSON Schema (an object), or left out`;
      try {
        compileSchema(value);
        return null;
      } catch (error) {
        return `${type}: the JSON Schema does not compile (${(error as Error).message})`;
      }
    case 'tool-called':
      return toolCallValue(value) ? null : `${type}: value must be a tool name, or { name, arguments? } with arguments an object`;
    case 'max-steps':
    case 'latency':
    case 'tokens':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0
        ? null
        : `${type}: value must be a number ≥ 0${base === 'latency' ? ' (milliseconds)' : ''}`;
  }
}
