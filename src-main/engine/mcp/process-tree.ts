import { spawnSync } from 'node:child_process';
import { isAlive } from '../system/process-alive';
import { killMarkedSync } from './process-sweep';

export { isAlive };

/**
 * Server processes run in their own process group (POSIX), so that a signal reaches every process
 * a server forked. Windows has no groups: `taskkill /T` walks the tree instead.
 */
export function signalTree(pid: number, signal: 'SIGTERM' | 'SIGKILL'): void {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])], {
      windowsHide: true,
      stdio: 'ignore',
    });
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone (ESRCH) or already reaped.
  }
}

/** True when any process of the group led by pid still exists (POSIX). */
export function isGroupAlive(pid: number): boolean {
  if (process.platform === 'win32') return isAlive(pid);
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Running server trees: leader pid → the mark its descendants carry (see process-sweep.ts). */
const live = new Map<number, string | undefined>();
let hooked = false;

/**
 * Kills every registered tree synchronously: each process group, then every process carrying a
 * registered mark (those that left the group). Runs on process exit so no server outlives the app.
 */
export function killAllRegistered(): void {
  const marks = new Set<string>();
  for (const [pid, mark] of live) {
    signalTree(pid, 'SIGKILL');
    if (mark) marks.add(mark);
  }
  live.clear();
  if (marks.size) killMarkedSync({ marks });
}

/** Remembers a server process tree until it is released, and kills it if the app exits first. */
export function registerTree(pid: number, mark?: string): void {
  live.set(pid, mark);
  if (!hooked) {
    hooked = true;
    process.once('exit', killAllRegistered);
  }
}

export function releaseTree(pid: number): void {
  live.delete(pid);
}
