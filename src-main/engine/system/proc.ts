import { readdirSync, readFileSync } from 'node:fs';
import { isAlive } from './process-alive';

/**
 * Process identity that survives pid reuse: a pid plus its start time (clock ticks since boot,
 * field 22 of `/proc/<pid>/stat`) plus the boot id. Linux only; elsewhere start time and boot id
 * are undefined and callers fall back to the pid alone (and never kill on a pid alone).
 */
export interface ProcessIdentity {
  pid: number;
  startTime?: string | undefined;
  bootId?: string | undefined;
}

export interface StatFields {
  pid: number;
  ppid: number;
  /** R, S, D, Z (zombie), T, ... */
  state: string;
  startTime: string;
}

/** Parses `/proc/<pid>/stat`; the command name (field 2) may hold spaces and parentheses. */
export function parseStat(text: string): StatFields | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // After the name: field 3 (state) is index 0, field 4 (ppid) index 1, field 22 (starttime) index 19.
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const ppid = Number(rest[1]);
  const startTime = rest[19];
  if (
    !Number.isInteger(pid) ||
    !Number.isInteger(ppid) ||
    !rest[0] ||
    !startTime ||
    !/^\d+$/.test(startTime)
  )
    return undefined;
  return { pid, ppid, state: rest[0], startTime };
}

const linux = () => process.platform === 'linux';

function readStat(pid: number): StatFields | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

let cachedBootId: string | undefined;
/** The kernel's boot id (changes at each boot; shared by the containers of one kernel). */
export function bootId(): string | undefined {
  if (!linux()) return undefined;
  try {
    cachedBootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
  return cachedBootId;
}

/** When a process started (clock ticks since boot), or undefined when gone, a zombie or not on Linux. */
export function processStartTime(pid: number): string | undefined {
  if (!linux()) return undefined;
  const stat = readStat(pid);
  return stat && stat.state !== 'Z' ? stat.startTime : undefined;
}

/** This process's identity, to record in lock files and process records. */
export function selfIdentity(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid), bootId: bootId() };
}

export type RecordedProcessState = 'self' | 'alive' | 'gone';

/**
 * Whether the process a record names still runs. 'gone' when the boot id differs (another boot:
 * every pid of then is dead), the pid is free, or the pid now belongs to a process started at
 * another time (reused pid; a container's pid 1 after a restart). A record of our own pid is
 * 'self' only when the start times agree (or cannot be known). Without start times (not Linux)
 * a live pid is 'alive': callers must not kill on that alone.
 */
export function judgeRecordedProcess(
  record: ProcessIdentity,
  now: {
    self: ProcessIdentity;
    isAlive: (pid: number) => boolean;
    startTimeOf: (pid: number) => string | undefined;
  },
): RecordedProcessState {
  const { self } = now;
  if (record.bootId && self.bootId && record.bootId !== self.bootId) return 'gone';
  if (record.pid === self.pid) {
    return record.startTime && self.startTime && record.startTime !== self.startTime
      ? 'gone'
      : 'self';
  }
  if (!now.isAlive(record.pid)) return 'gone';
  const current = now.startTimeOf(record.pid);
  if (record.startTime && current && record.startTime !== current) return 'gone';
  if (record.startTime && !current) return 'gone'; // a zombie, or gone meanwhile
  return 'alive';
}

/** judgeRecordedProcess against the live system. */
export function recordedProcessState(record: ProcessIdentity): RecordedProcessState {
  return judgeRecordedProcess(record, {
    self: selfIdentity(),
    isAlive,
    startTimeOf: processStartTime,
  });
}

export interface ProcEntry extends StatFields {
  /** The value of the environment variable asked for, when the process carries it (readable for our uid only). */
  mark?: string | undefined;
}

/** The value of `name` in a NUL-separated environment block (`/proc/<pid>/environ`). */
export function environValue(environ: Buffer | string, name: string): string | undefined {
  const text = typeof environ === 'string' ? environ : environ.toString('utf8');
  const prefix = `${name}=`;
  for (const entry of text.split('\0'))
    if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return undefined;
}

/**
 * Every process (Linux, from /proc) with its parent, state and start time, and the value of the
 * environment variable `markVar` when it carries one. Empty elsewhere. A zombie's environment is
 * empty: it carries no mark.
 */
export function listProcesses(markVar: string): ProcEntry[] {
  if (!linux()) return [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (!stat) continue;
    let mark: string | undefined;
    try {
      mark = environValue(readFileSync(`/proc/${name}/environ`), markVar);
    } catch {
      mark = undefined; // another user's process, or gone meanwhile
    }
    out.push({ ...stat, mark });
  }
  return out;
}
