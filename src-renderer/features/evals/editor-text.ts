/** The offset in `text` of a 1-based line and column (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  const lineEnd = end < 0 ? text.length : end;
  return Math.min(offset + Math.max(0, column - 1), lineEnd);
}

/** YAML or JSON, told apart by the first character that is not blank (as the engine does). */
export function formatOf(text: string, fileName?: string): 'yaml' | 'json' {
  if (fileName) {
    if (/\.json$/i.test(fileName)) return 'json';
    if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  }
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

/** What the editor starts with for a new suite. */
export const NEW_SUITE = `name: My suite
description: What this suite checks
kind: agent
trials: 1
cases:
  - id: greets
    input: Say hello
    assert:
      - type: icontains
        value: hello
`;
