/**
 * SQL for the keys a link target is matched on (see `rag/graph/resolve.ts`, whose `stemKey` and
 * `nameKey` compute the same in TypeScript). The expressions are constant so that an expression
 * index on them is used; backslashes are literal in standard SQL strings.
 */

/** A path without its extension, and without a trailing `index` / `__init__` file name. */
export const stemSql = (column: string): string =>
  `regexp_replace(regexp_replace(${column}, '([^/\\\\])\\.[^./\\\\]*$', '\\1'), '[/\\\\](index|__init__)$', '')`;

/** A file's name without its folder and extension, in lower case. */
export const nameSql = (column: string): string =>
  `lower(regexp_replace(${column}, '^.*[/\\\\]|\\.[^./\\\\]*$', '', 'g'))`;
