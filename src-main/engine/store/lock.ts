import { createHash, randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@shared/errors';
import { recordedProcessState, selfIdentity, type ProcessIdentity } from '../system/proc';

/** What a lock file holds. Written whole to a temporary file, then linked into place. */
export interface LockRecord extends ProcessIdentity {
  host: string;
  createdAt: string;
  /** Unique per acquisition: tells this lock from an older one of the same process. */
  nonce: string;
}

export type LockVerdict = 'live' | 'stale';

/** The nonces of the locks this process holds now. */
const held = new Set<string>();

/** Parses a lock file; undefined when it is not a lock this or an older version wrote. */
export function parseLock(text: string): (Partial<LockRecord> & { pid: number }) | undefined {
  try {
    const info = JSON.parse(text) as Partial<LockRecord>;
    if (typeof info.pid !== 'number' || !Number.isInteger(info.pid) || info.pid <= 0)
      return undefined;
    return {
      ...info,
      pid: info.pid,
      startTime: typeof info.startTime === 'string' ? info.startTime : undefined,
      bootId: typeof info.bootId === 'string' ? info.bootId : undefined,
    };
  } catch {
    return undefined;
  }
}

/**
 * Whether the holder of a lock still runs. Unreadable → stale (a lock is linked into place whole,
 * so it is never seen half written). Same pid as ours but another start time → stale (a container's
 * pid 1 finds its previous life's lock). Otherwise pid, start time and boot id
 * decide; the host name is not looked at (a container gets a new name each run, on the same kernel).
 */
export function judgeLock(
  holder: ReturnType<typeof parseLock>,
  state: (identity: ProcessIdentity) => ReturnType<typeof recordedProcessState>,
  heldNonces: ReadonlySet<string> = held,
): LockVerdict {
  if (!holder) return 'stale';
  const s = state(holder);
  if (s === 'self') {
    // Same pid and start time: this process (perhaps another thread of it) holds it. Without a
    // start time (an older version's lock, or not Linux), only a lock this thread took is ours.
    if (holder.startTime) return 'live';
    return holder.nonce !== undefined && heldNonces.has(holder.nonce) ? 'live' : 'stale';
  }
  return s === 'alive' ? 'live' : 'stale';
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}

/** A takeover claim older than this was left by a process that died mid-takeover. */
const CLAIM_STALE_MS = 10_000;

/**
 * Removes a lock judged stale, race-free among any number of processes doing the same: the
 * current lock file is hard-linked to a claim named after the stale content. Only one process
 * can create that claim (link fails with EEXIST), and it checks that what it linked really is the
 * stale lock (another process may have taken over meanwhile); only then is the lock removed. Since
 * nobody else removes a stale lock without the claim, the lock is still the stale one.
 */
function removeStale(path: string, staleText: string): void {
  const claim = `${path}.takeover-${createHash('sha256').update(staleText).digest('hex').slice(0, 16)}`;
  try {
    linkSync(path, claim);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      // Another process is taking over; a claim left by one that died is cleared after a while.
      try {
        if (Date.now() - statSync(claim).ctimeMs > CLAIM_STALE_MS) unlinkQuiet(claim);
      } catch {
        // removed meanwhile
      }
      return;
    }
    if (code === 'ENOENT') return; // the lock is gone already
    throw error;
  }
  try {
    if (readText(claim) === staleText) unlinkQuiet(path);
  } finally {
    unlinkQuiet(claim);
  }
}

const wait = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * An exclusive, crash-safe lock file. The record (pid, start time, boot id, host, nonce) is
 * written whole to a temporary file and linked into place, which fails when a lock exists:
 * acquisition is one atomic step. A lock whose holder is gone (crash, SIGKILL, a reboot, a reused
 * pid, a container restarted as pid 1 under a new host name) is taken over; a live holder gets a
 * CONFLICT naming it.
 */
export function acquireLock(path: string, what: string): () => void {
  const record: LockRecord = {
    ...selfIdentity(),
    host: hostname(),
    createdAt: new Date().toISOString(),
    nonce: randomUUID(),
  };
  const text = JSON.stringify(record);
  const tmp = `${path}.${process.pid}.${record.nonce.slice(0, 8)}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        linkSync(tmp, path);
        held.add(record.nonce);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          held.delete(record.nonce);
          // Only ever our own lock: a live lock is never taken over, so it is still ours.
          if (readText(path) === text) unlinkQuiet(path);
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readText(path);
      if (current === undefined) continue; // released meanwhile: try again
      const holder = parseLock(current);
      if (judgeLock(holder, recordedProcessState) === 'live') {
        const host = holder?.host && holder.host !== hostname() ? ` on ${holder.host}` : '';
        throw new AppError(
          'CONFLICT',
          `${what} is already open in another process (pid ${holder!.pid}${host}).`,
          {
            hint: 'Close the other Agent Factory window or `serve` process, or use a different --data-dir.',
          },
        );
      }
      removeStale(path, current);
      if (attempt > 2) wait(Math.min(5 * attempt, 50)); // another process is mid-takeover
    }
  } finally {
    unlinkQuiet(tmp);
  }
  throw new AppError('STORAGE', `Could not lock ${what} (${path}).`, {
    hint: 'Check that the data folder is writable, or delete the lock file if no Agent Factory runs.',
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
