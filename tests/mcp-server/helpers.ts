import { execFileSync } from 'node:child_process';

/**
 * The processes whose command line contains `marker` (a test's own temp folder), other than the
 * test runner itself: what a CLI command left running.
 */
export function processesWith(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes(marker) && Number(line.split(' ')[0]) !== process.pid);
}
