/**
 * Line and column (1-based) of a character offset. Lines end at \n, \r\n or a lone \r; a column
 * counts characters (a tab is one), as editors' "go to line:column" and JSON.parse do.
 */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
