import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { bootId, processStartTime, selfIdentity } from '../system/proc';
import { acquireLock, judgeLock, parseLock } from './lock';

const ROOT = resolve(import.meta.dirname, '../../..');
const linux = process.platform === 'linux';

/** The pid of a process that has exited. */
const deadPid = () =>
  Number(
    spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString(),
  );

describe('lock verdicts', () => {
  const self = { pid: 100, startTime: '500', bootId: 'boot-a' };
  const state =
    (others: Record<number, string>) =>
    (id: { pid: number; startTime?: string | undefined; bootId?: string | undefined }) => {
      if (id.bootId && id.bootId !== self.bootId) return 'gone' as const;
      if (id.pid === self.pid)
        return id.startTime && id.startTime !== self.startTime
          ? ('gone' as const)
          : ('self' as const);
      const current = others[id.pid];
      return current === undefined || (id.startTime && id.startTime !== current)
        ? ('gone' as const)
        : ('alive' as const);
    };

  it('an unreadable lock is stale', () => {
    expect(judgeLock(parseLock('garbage'), state({}))).toBe('stale');
    expect(judgeLock(parseLock(''), state({}))).toBe('stale');
    expect(judgeLock(parseLock('{"pid":"7"}'), state({}))).toBe('stale');
  });

  it('our own pid holds it only with our start time, or as a lock this thread took', () => {
    const lock = parseLock(
      JSON.stringify({ pid: 100, startTime: '500', bootId: 'boot-a', nonce: 'n1' }),
    );
    expect(judgeLock(lock, state({}), new Set(['n1']))).toBe('live');
    // Same pid and start time: another thread of this process holds it.
    expect(judgeLock(lock, state({}), new Set())).toBe('live');
    // No start time (not Linux): ours only if this thread took it; an older version's lock of our pid is not.
    const bare = parseLock(JSON.stringify({ pid: 100, nonce: 'n2' }));
    expect(judgeLock(bare, state({}), new Set(['n2']))).toBe('live');
    expect(judgeLock(bare, state({}), new Set())).toBe('stale');
    expect(judgeLock(parseLock('{"pid":100,"host":"old"}'), state({}), new Set())).toBe('stale');
    // pid 1 in a container: same pid, another start time.
    expect(
      judgeLock(
        parseLock(JSON.stringify({ pid: 100, startTime: '7', nonce: 'n1' })),
        state({}),
        new Set(['n1']),
      ),
    ).toBe('stale');
  });

  it('a live holder keeps it whatever its host name; a reused pid, another boot or a dead pid do not', () => {
    const other = (o: object) =>
      parseLock(
        JSON.stringify({ pid: 200, startTime: '900', bootId: 'boot-a', host: 'elsewhere', ...o }),
      );
    expect(judgeLock(other({}), state({ 200: '900' }))).toBe('live');
    expect(judgeLock(other({}), state({ 200: '901' }))).toBe('stale');
    expect(judgeLock(other({}), state({}))).toBe('stale');
    expect(judgeLock(other({ bootId: 'boot-b' }), state({ 200: '900' }))).toBe('stale');
    // An older version's lock (pid and host only): the pid decides.
    expect(judgeLock(parseLock('{"pid":200,"host":"x"}'), state({ 200: '1' }))).toBe('live');
    expect(judgeLock(parseLock('{"pid":200,"host":"x"}'), state({}))).toBe('stale');
  });
});

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
    // No temporary or claim file is left behind.
    expect(readdirSync(dir).filter((f) => f.startsWith('a.lock'))).toEqual([]);
  });

  it('records pid, start time, boot id and host', () => {
    const path = join(dir, 'r.lock');
    const release = acquireLock(path, 'R');
    const record = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ pid: process.pid, host: hostname() });
    if (linux)
      expect(record).toMatchObject({ startTime: processStartTime(process.pid), bootId: bootId() });
    release();
  });

  it('takes over a lock whose owner died (crash or SIGKILL)', () => {
    const path = join(dir, 'b.lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname() }));
    acquireLock(path, 'B')();
  });

  it('takes over a dead lock written under another host name (a container)', () => {
    const path = join(dir, 'h.lock');
    writeFileSync(
      path,
      JSON.stringify({ ...selfIdentity(), pid: deadPid(), host: 'container-1234', nonce: 'x' }),
    );
    acquireLock(path, 'H')();
  });

  it.runIf(linux)(
    'takes over a lock with our own pid but another start time (pid 1 in a container)',
    () => {
      const path = join(dir, 'p.lock');
      const self = selfIdentity();
      writeFileSync(
        path,
        JSON.stringify({
          ...self,
          startTime: String(Number(self.startTime) - 1),
          host: 'old-container',
          nonce: 'y',
        }),
      );
      acquireLock(path, 'P')();
    },
  );

  it('refuses a live holder, naming it', () => {
    const path = join(dir, 'l.lock');
    const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
    });
    try {
      const pid = sleeper.pid!;
      writeFileSync(
        path,
        JSON.stringify({
          pid,
          startTime: processStartTime(pid),
          bootId: bootId(),
          host: 'other-host',
          nonce: 'z',
        }),
      );
      expect(() => acquireLock(path, 'L')).toThrow(
        `L is already open in another process (pid ${pid} on other-host).`,
      );
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid });
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('takes over an unreadable lock file', () => {
    const path = join(dir, 'c.lock');
    writeFileSync(path, 'garbage');
    acquireLock(path, 'C')();
  });
});

/**
 * N processes try to take the same lock at the same instant (each spins until a shared start time),
 * over 100 rounds: exactly one holds it each round. Every third round starts from a stale lock (a
 * dead pid), so takeovers race too. The workers are reused across rounds.
 */
describe('lock race', () => {
  const N = 4;
  const ROUNDS = 100;
  const dir = mkdtempSync(join(tmpdir(), 'af-lock-race-'));
  const lockPath = join(dir, 'race.lock');
  const workers: {
    child: ChildProcessWithoutNullStreams;
    lines: Interface;
    next(): Promise<string>;
  }[] = [];
  afterAll(() => {
    for (const w of workers) w.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const workerCode = `
    import { createInterface } from 'node:readline';
    import { acquireLock } from ${JSON.stringify(join(ROOT, 'src-main/engine/store/lock.ts'))};
    let release;
    process.stdout.write('ready\\n');
    for await (const line of createInterface({ input: process.stdin })) {
      const [cmd, at] = line.split(' ');
      if (cmd === 'release') { release?.(); release = undefined; process.stdout.write('released\\n'); continue; }
      while (Date.now() < Number(at)) {}
      try { release = acquireLock(${JSON.stringify(lockPath)}, 'race'); process.stdout.write('held\\n'); }
      catch (e) { process.stdout.write((e.code ?? 'ERR') + '\\n'); }
    }`;

  it(`exactly one of ${N} simultaneous processes holds the lock, over ${ROUNDS} rounds`, async () => {
    for (let i = 0; i < N; i++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', workerCode],
        {
          cwd: ROOT,
          env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json') },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const lines = createInterface({ input: child.stdout });
      const queue: string[] = [];
      const waiters: ((line: string) => void)[] = [];
      lines.on('line', (line) => (waiters.length ? waiters.shift()!(line) : queue.push(line)));
      child.once('exit', (code) =>
        waiters.splice(0).forEach((w) => w(`exited ${code}: ${stderr}`)),
      );
      workers.push({
        child,
        lines,
        next: () =>
          queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiters.push(r)),
      });
    }
    expect(await Promise.all(workers.map((w) => w.next()))).toEqual(Array(N).fill('ready'));

    const holders: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 3 === 2)
        writeFileSync(
          lockPath,
          JSON.stringify({
            ...selfIdentity(),
            pid: deadPid(),
            host: hostname(),
            nonce: `dead-${round}`,
          }),
        );
      const at = Date.now() + 40;
      for (const w of workers) w.child.stdin.write(`take ${at}\n`);
      const answers = await Promise.all(workers.map((w) => w.next()));
      expect(
        answers.every((a) => a === 'held' || a === 'CONFLICT'),
        answers.join(', '),
      ).toBe(true);
      const held = answers.filter((a) => a === 'held').length;
      holders.push(held);
      expect(held, `round ${round}: ${answers.join(', ')}`).toBe(1);
      for (const w of workers) w.child.stdin.write('release\n');
      await Promise.all(workers.map((w) => w.next()));
      expect(existsSync(lockPath)).toBe(false);
    }
    expect(holders).toEqual(Array(ROUNDS).fill(1));
    expect(readdirSync(dir)).toEqual([]);
  });
});
