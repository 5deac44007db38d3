import type { Assertion, BaseAssertionType } from '@shared/entities/eval';
import { quote, verdict, type Answer, type Outcome } from './types';

/**
 * Text assertions on the output: equals (trimmed, exact), contains / icontains (case-insensitive),
 * contains-any, contains-all, starts-with (leading whitespace ignored), regex (with flags).
 */
export function scoreText(base: BaseAssertionType, assertion: Assertion, answer: Answer): Outcome {
  const output = answer.output;
  const value = assertion.value;
  switch (base) {
    case 'equals': {
      const want = value === undefined ? answer.expected : value;
      if (typeof want !== 'string') return { error: 'equals needs a value (text), or an expected answer on the case' };
      const pass = output.trim() === want.trim();
      return verdict(pass, pass ? `The output equals ${quote(want)}` : `The output ${quote(output)} does not equal ${quote(want)}`);
    }
    case 'contains':
    case 'icontains': {
      if (typeof value !== 'string') return { error: `${base}: value must be a text` };
      const fold = base === 'icontains';
      const pass = fold ? output.toLowerCase().includes(value.toLowerCase()) : output.includes(value);
      const how = fold ? ' (ignoring case)' : '';
      return verdict(pass, pass ? `The output contains ${quote(value)}${how}` : `The output does not contain ${quote(value)}${how}`);
    }
    case 'contains-any': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return { error: 'contains-any: value must be a list of texts' };
      const found = value.filter((v) => output.includes(v));
      return verdict(found.length > 0, found.length ? `The output contains ${quote(found[0]!)}` : `The output contains none of ${value.map((v) => quote(v, 30)).join(', ')}`);
    }
    case 'contains-all': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return { error: 'contains-all: value must be a list of texts' };
      const missing = value.filter((v) => !output.includes(v));
      return verdict(missing.length === 0, missing.length ? `The output lacks ${missing.map((v) => quote(v, 30)).join(', ')}` : `The output contains all ${value.length} texts`);
    }
    case 'starts-with': {
      if (typeof value !== 'string') return { error: 'starts-with: value must be a text' };
      const pass = output.trimStart().startsWith(value);
      return verdict(pass, pass ? `The output starts with ${quote(value)}` : `The output starts with ${quote(output.trimStart().slice(0, Math.max(value.length, 20)))}, not ${quote(value)}`);
    }
    case 'regex': {
      if (typeof value !== 'string') return { error: 'regex: value must be a pattern (text)' };
      let pattern: RegExp;
      try {
        pattern = new RegExp(value, assertion.flags);
      } catch (error) {
        return { error: `regex: the pattern does not compile (${(error as Error).message})` };
      }
      const match = pattern.exec(output);
      return verdict(match !== null, match ? `The output matches /${value}/ at ${quote(match[0], 40)}` : `The output does not match /${value}/${assertion.flags ?? ''}`);
    }
    default:
      return { error: `${base} is not a text assertion` };
  }
}
