import type { Run } from '@shared/entities/run';
import { formatTime } from '../../ui/format';

const integer = new Intl.NumberFormat('en-US');

/** Counts and token counts: "1,234" (one shared formatter: rows format many numbers). */
export function formatTokens(n: number): string {
  return integer.format(n);
}

/** Time since the run's start for a trace row: "+0.42 s", "+12.3 s", "+2m 05s". */
export function formatOffset(startIso: string | undefined, atIso: string): string {
  if (!startIso) return '';
  const ms = Date.parse(atIso) - Date.parse(startIso);
  if (!Number.isFinite(ms)) return '';
  if (ms < 60_000) return `+${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.floor(ms / 1000);
  return `+${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** When a run started, for lists: the time today, otherwise the date and time. */
export function formatWhen(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (date.toDateString() === now.toDateString()) return formatTime(iso).slice(0, 5);
  return `${date.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${formatTime(iso).slice(0, 5)}`;
}

/** How long a run took (or has been going on). */
export function runDuration(run: Run, now = Date.now()): number {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Math.max(0, end - Date.parse(run.createdAt));
}

/** "12 steps · 1,234 in / 567 out tokens". */
export function runTotals(run: Run): string {
  return `${run.steps} step${run.steps === 1 ? '' : 's'} · ${formatTokens(run.usage.inputTokens)} in / ${formatTokens(run.usage.outputTokens)} out tokens`;
}
