import { randomUUID } from 'node:crypto';
import { listProcesses, type ProcEntry } from '../system/proc';

/**
 * Every process descended from an MCP server stops with it, whatever it did to its session or
 * process group: each spawn gets a unique mark in its environment, which every descendant inherits
 * (unless it deliberately clears its environment), and a stop sweeps the processes carrying it.
 *
 * Linux: marks are found by reading `/proc/<pid>/environ` (readable for our own uid), plus the
 * parent links of `/proc/<pid>/stat` for descendants that cleared their environment but were not
 * reparented yet.
 * macOS: not implemented (no /proc; `ps -E` shows environments but its output is ambiguous); a
 * server's process group is killed, so forks die with it, but a process that calls setsid escapes.
 * Windows: `taskkill /T` kills the tree by parent links; a process whose parent already exited
 * escapes. The nearest equivalent would be a Job Object with KILL_ON_JOB_CLOSE (needs native code).
 * Neither was tested here.
 */
export const MARK_VAR = 'AGENT_FACTORY_MCP_MARK';

export const newMark = () => `af-${randomUUID()}`;

/**
 * The value a server gets: its own mark after those the engine itself carries (an engine running
 * as another Agent Factory's MCP server), so a process is swept with any of its ancestors' servers.
 */
export const markValue = (mark: string, inherited = process.env[MARK_VAR]) =>
  inherited ? `${inherited},${mark}` : mark;

/**
 * The processes to stop: those carrying one of the marks, the live roots, and every process
 * descended from either (by parent links), never ourselves nor pid 1. Zombies are already dead.
 */
export function selectTargets(
  procs: readonly ProcEntry[],
  wanted: {
    marks: ReadonlySet<string>;
    roots?: readonly { pid: number; startTime?: string | undefined }[];
    self: number;
  },
): number[] {
  const children = new Map<number, ProcEntry[]>();
  for (const p of procs) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const picked = new Set<number>();
  const stack: ProcEntry[] = procs.filter((p) =>
    p.mark?.split(',').some((mark) => wanted.marks.has(mark)),
  );
  for (const root of wanted.roots ?? []) {
    const p = byPid.get(root.pid);
    // A root recorded with a start time must still be the same process (pids are reused).
    if (p && (!root.startTime || root.startTime === p.startTime)) stack.push(p);
  }
  while (stack.length) {
    const p = stack.pop()!;
    if (picked.has(p.pid)) continue;
    picked.add(p.pid);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return [...picked].filter(
    (pid) => pid !== wanted.self && pid > 1 && byPid.get(pid)?.state !== 'Z',
  );
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // exited meanwhile
    }
  }
}

export interface SweepTarget {
  marks: ReadonlySet<string>;
  roots?: readonly { pid: number; startTime?: string | undefined }[];
}

/** The marked processes (and the roots' descendants) alive now. Empty when not on Linux. */
export function findMarked(target: SweepTarget): number[] {
  if (target.marks.size === 0 && !target.roots?.length) return [];
  return selectTargets(listProcesses(MARK_VAR), { ...target, self: process.pid });
}

/** Sends a signal to every marked process alive now. */
export function signalMarked(target: SweepTarget, sig: NodeJS.Signals): number {
  const pids = findMarked(target);
  signal(pids, sig);
  return pids.length;
}

/**
 * SIGKILLs the marked processes until none is left (a process may fork while it is being killed;
 * its child inherits the mark and is found by the next scan). Synchronous: runs at process exit.
 */
export function killMarkedSync(target: SweepTarget, rounds = 20): number {
  let killed = 0;
  for (let round = 0; round < rounds; round++) {
    const pids = findMarked(target);
    if (pids.length === 0) break;
    // Stop first, so nothing forks between the scan and the kill; then kill.
    signal(pids, 'SIGSTOP');
    const again = findMarked(target);
    signal(again, 'SIGKILL');
    killed += again.length;
  }
  return killed;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Stops the marked processes: SIGTERM, up to termMs for them to exit, then SIGKILL until none is
 * left. Resolves with the number of processes that had to be signalled.
 */
export async function sweepMarked(target: SweepTarget, termMs: number): Promise<number> {
  const first = findMarked(target);
  if (first.length === 0) return 0;
  signal(first, 'SIGTERM');
  for (let waited = 0; waited < termMs; waited += 25) {
    await wait(25);
    if (findMarked(target).length === 0) return first.length;
  }
  killMarkedSync(target);
  return first.length;
}
