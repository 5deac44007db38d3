import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { AppError } from '@shared/errors';
import { isAlive } from '../system/process-alive';

interface LockInfo {
  pid: number;
  host: string;
}


function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' ? { pid: info.pid, host: String(info.host ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An exclusive, crash-safe lock file: it records the owner's pid, and a lock whose owner process
 * is gone (after a crash or SIGKILL) is taken over at once instead of blocking the next start.
 */
export function acquireLock(path: string, what: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLock(path);
      const stale = !owner || (owner.host === hostname() && !isAlive(owner.pid));
      if (!stale) {
        throw new AppError('CONFLICT', `${what} is already open in another process (pid ${owner.pid}).`, {
          hint: 'Close the other Agent Factory window or `serve` process, or use a different --data-dir.',
        });
      }
      rmSync(path, { force: true });
    }
  }
  throw new AppError('STORAGE', `Could not lock ${what} (${path}).`, {
    hint: 'Check that the data folder is writable.',
  });
}

/**
 * Locks an embedded database's data folder (created if missing): `dbDir` is where PGlite keeps
 * its files. Without a data folder (in memory) there is nothing to lock.
 */
export function lockDataDir(dataDir: string | undefined): { release: () => void; dbDir?: string } {
  if (!dataDir) return { release: () => {} };
  mkdirSync(dataDir, { recursive: true });
  return {
    release: acquireLock(join(dataDir, 'db.lock'), `The database in ${dataDir}`),
    dbDir: join(dataDir, 'db'),
  };
}
