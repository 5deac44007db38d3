import type { Assertion } from '@shared/entities/eval';
import { compileSchema } from './values';
import { verdict, type Answer, type Outcome } from './types';

/** The JSON text of an output: the whole output, or the inside of its only fenced code block. */
export function jsonText(output: string): string {
  const trimmed = output.trim();
  const fenced = /^```[\w-]*\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  return fenced ? fenced[1]!.trim() : trimmed;
}

/** is-json: the output parses as JSON and, with a schema as value, is valid against it. */
export function scoreJson(assertion: Assertion, answer: Answer): Outcome {
  let data: unknown;
  try {
    data = JSON.parse(jsonText(answer.output));
  } catch (error) {
    return verdict(false, `The output is not JSON (${(error as Error).message})`);
  }
  const schema = assertion.value;
  if (schema === undefined) return verdict(true, 'The output is JSON');
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return { error: 'is-json: value must be a JSON Schema (an object)' };
  let validate;
  try {
    validate = compileSchema(schema as Record<string, unknown>);
  } catch (error) {
    return { error: `is-json: the JSON Schema does not compile (${(error as Error).message})` };
  }
  if (validate(data)) return verdict(true, 'The output is JSON valid against the schema');
  const problems = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  return verdict(false, `The output is JSON but not valid against the schema: ${problems.join('; ')}`);
}
