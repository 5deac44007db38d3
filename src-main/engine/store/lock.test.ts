import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock } from './lock';

describe('lock file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'af-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is exclusive while held and free after release', () => {
    const path = join(dir, 'a.lock');
    const release = acquireLock(path, 'A');
    expect(() => acquireLock(path, 'A')).toThrow(/already open in another process/);
    release();
    expect(existsSync(path)).toBe(false);
    acquireLock(path, 'A')();
  });

  it('takes over a lock whose owner died (crash or SIGKILL)', () => {
    const path = join(dir, 'b.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(path, JSON.stringify({ pid: Number(dead), host: hostname() }));
    const release = acquireLock(path, 'B');
    release();
  });

  it('takes over an unreadable lock file', () => {
    const path = join(dir, 'c.lock');
    writeFileSync(path, 'garbage');
    acquireLock(path, 'C')();
  });
});
