import { extname } from 'node:path';
import type { EvalTarget } from '@shared/entities/eval';
import type { ModelRef } from '@shared/entities/model';
import { AppError } from '@shared/errors';

/** Above this many answers (cases × targets × trials) `eval run` asks first on a terminal (unless --yes). */
export const CONFIRM_ABOVE = 100;

/** The suite file formats `eval run` and `eval import` read, by extension. */
export function suiteFormat(path: string): 'yaml' | 'json' | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.yaml' || ext === '.yml' ? 'yaml' : ext === '.json' ? 'json' : undefined;
}

/**
 * `--agent A[@revision]` → a target. The revision is what follows the last `@` when it is a whole
 * number (so a name with an `@` in it still works); `--model` overrides every target's model.
 */
export function parseTarget(spec: string, model?: ModelRef): EvalTarget {
  const trimmed = spec.trim();
  const match = /^(.*)@(\d+)$/.exec(trimmed);
  const agent = (match ? match[1]! : trimmed).trim();
  if (!agent || agent === '@') throw new AppError('VALIDATION', `--agent: "${spec}" names no agent.`, { hint: 'Give an agent’s name or id, optionally with @revision, e.g. --agent Support@3.' });
  if (trimmed.endsWith('@')) throw new AppError('VALIDATION', `--agent: "${spec}" has no revision number after @.`, { hint: 'Write e.g. --agent Support@3.' });
  return { agent, ...(match ? { revision: Number(match[2]) } : {}), ...(model ? { model } : {}) };
}

/** `--fail-under`: a rate 0..1, or a percentage (`80%`). */
export function parseFailUnder(value: string): number {
  const text = value.trim();
  const percent = text.endsWith('%');
  const number = (percent ? text.slice(0, -1) : text).trim();
  const n = Number(number);
  const rate = percent ? n / 100 : n;
  if (!/^\d*\.?\d+$/.test(number) || rate > 1) {
    throw new AppError('VALIDATION', `--fail-under: "${value}" is not a rate from 0 to 1.`, { hint: 'Give e.g. --fail-under 0.9 or --fail-under 90%.' });
  }
  return rate;
}

/** A whole number option within bounds. */
export function parseCount(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < min || n > max) {
    throw new AppError('VALIDATION', `${flag}: "${value}" is not a whole number from ${min} to ${max}.`, { hint: `Give e.g. ${flag} ${min}.` });
  }
  return n;
}

/** `--tags t1,t2` (repeatable) → the tags. */
export function parseTags(values: string[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  const tags = [...new Set(values.flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean))];
  if (!tags.length) throw new AppError('VALIDATION', '--tags names no tag.', { hint: 'Give e.g. --tags smoke,billing.' });
  return tags;
}

/** A pass rate as a percentage with one decimal. */
export const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
