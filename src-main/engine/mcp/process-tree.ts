import { spawnSync } from 'node:child_process';
import { isAlive } from '../system/process-alive';

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

const live = new Set<number>();
let hooked = false;

/** Kills every registered tree synchronously; runs on process exit so no server outlives the app. */
export function killAllRegistered(): void {
  for (const pid of live) signalTree(pid, 'SIGKILL');
  live.clear();
}

/** Remembers a server process tree until it is released, and kills it if the app exits first. */
export function registerTree(pid: number): void {
  live.add(pid);
  if (!hooked) {
    hooked = true;
    process.once('exit', killAllRegistered);
  }
}

export function releaseTree(pid: number): void {
  live.delete(pid);
}
