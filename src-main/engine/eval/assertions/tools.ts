import type { Assertion, BaseAssertionType } from '@shared/entities/eval';
import { toolCallValue } from './values';
import { quote, verdict, type Answer, type Outcome } from './types';

/** Whether a called tool is the named one: the same name, or the part after `server__` in a namespaced name. */
export function toolNameMatches(called: string, wanted: string): boolean {
  if (called === wanted) return true;
  const at = called.indexOf('__');
  return at >= 0 && called.slice(at + 2) === wanted;
}

/** Whether `actual` contains `expected`: objects by subset of keys (deep), arrays element by element, the rest equal. */
export function deepSubset(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => deepSubset(e, actual[i]));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([k, v]) => Object.hasOwn(actual, k) && deepSubset(v, (actual as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * tool-called: a call of the named tool whose arguments contain the given ones (deep subset).
 * tool-sequence: the named tools were called in this order (other calls may come between).
 */
export function scoreTools(base: BaseAssertionType, assertion: Assertion, answer: Answer): Outcome {
  const calls = answer.toolCalls;
  const calledList = calls.length ? calls.map((c) => c.name).join(', ') : 'no tools';
  if (base === 'tool-called') {
    const want = toolCallValue(assertion.value);
    if (!want) return { error: 'tool-called: value must be a tool name, or { name, arguments? }' };
    const named = calls.filter((c) => toolNameMatches(c.name, want.name));
    if (!named.length) return verdict(false, `${want.name} was not called (called: ${calledList})`);
    if (!want.arguments) return verdict(true, `${want.name} was called`);
    const pass = named.some((c) => deepSubset(want.arguments, c.arguments));
    return verdict(
      pass,
      pass
        ? `${want.name} was called with ${quote(JSON.stringify(want.arguments))}`
        : `${want.name} was called, but never with ${quote(JSON.stringify(want.arguments))} (got ${quote(JSON.stringify(named[0]!.arguments))})`,
    );
  }
  if (base === 'tool-sequence') {
    const sequence = assertion.value;
    if (!Array.isArray(sequence) || !sequence.every((v) => typeof v === 'string')) return { error: 'tool-sequence: value must be a list of tool names' };
    let next = 0;
    for (const call of calls) if (next < sequence.length && toolNameMatches(call.name, sequence[next]!)) next++;
    const pass = next === sequence.length;
    return verdict(pass, pass ? `The tools were called in the order ${sequence.join(' → ')}` : `Expected ${sequence.join(' → ')}; ${sequence[next]} is missing after the calls (called: ${calledList})`);
  }
  return { error: `${base} is not a tool assertion` };
}
