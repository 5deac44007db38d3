import { like, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from '@shared/errors';

/** Ids listed in an "ambiguous prefix" error at most. */
export const PREFIX_CANDIDATES = 10;

/** `column LIKE 'prefix%'`, with LIKE's wildcards in the prefix taken literally. */
export function startsWith(column: AnyColumn, prefix: string): SQL {
  return like(column, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/**
 * The one id that starts with `ref` among `candidates` (at most PREFIX_CANDIDATES + 1 of them):
 * none is NOT_FOUND, several is a VALIDATION error that lists them.
 */
export function uniqueByPrefix(what: { one: string; many: string; list: string }, ref: string, candidates: string[]): string {
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new AppError('NOT_FOUND', `No ${what.one} with an id starting with "${ref}".`, { hint: `Run \`${what.list}\` to see their ids.` });
  const shown = candidates.slice(0, PREFIX_CANDIDATES);
  const more = candidates.length > PREFIX_CANDIDATES ? ', …' : '';
  throw new AppError('VALIDATION', `"${ref}" is the start of several ${what.many}' ids: ${shown.join(', ')}${more}.`, {
    hint: 'Give more characters of the id.',
  });
}
