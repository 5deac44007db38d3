import { readFileSync } from 'node:fs';

/** Linux counts process times in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on. */
const TICK_MS = 10;

/**
 * CPU time (user + system, milliseconds) a process has used, from /proc/<pid>/stat; undefined where
 * there is no /proc (macOS, Windows) or the process is gone. Under load, wall-clock time says
 * little about how much work a task did; CPU time does.
 */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime) are at 11 and 12 counted from field 3 (state).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * TICK_MS : undefined;
}
