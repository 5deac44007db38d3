import { diffLines } from 'diff';
import type { AgentSnapshot } from '@shared/entities/agent';

export interface DiffLine {
  kind: 'added' | 'removed' | 'same' | 'skipped';
  text: string;
}

/** Unchanged lines kept around each change. */
const CONTEXT = 2;

/**
 * The line diff of two revisions' snapshots as pretty JSON (top-level fields in name order), with long unchanged
 * stretches folded into one `skipped` line ("… 12 unchanged lines").
 */
export function revisionDiff(before: AgentSnapshot, after: AgentSnapshot): DiffLine[] {
  const ordered = (s: AgentSnapshot) =>
    `${JSON.stringify(Object.fromEntries(Object.entries(s).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`;
  const lines: DiffLine[] = [];
  for (const part of diffLines(ordered(before), ordered(after))) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    for (const line of part.value.replace(/\n$/, '').split('\n')) lines.push({ kind, text: line });
  }
  return fold(lines);
}

function fold(lines: DiffLine[]): DiffLine[] {
  const near = lines.map((_, i) => lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((l) => l.kind !== 'same'));
  const out: DiffLine[] = [];
  let skipped = 0;
  lines.forEach((line, i) => {
    if (line.kind !== 'same' || near[i]) {
      if (skipped) out.push({ kind: 'skipped', text: `… ${skipped} unchanged line${skipped === 1 ? '' : 's'}` });
      skipped = 0;
      out.push(line);
    } else skipped++;
  });
  if (skipped) out.push({ kind: 'skipped', text: `… ${skipped} unchanged line${skipped === 1 ? '' : 's'}` });
  return out;
}
