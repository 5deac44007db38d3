import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, test } from 'vitest';
import { createEngine } from '../../src-main/engine/engine';
import { isAlive } from '../../src-main/engine/mcp/process-tree';
import { bootId, processStartTime } from '../../src-main/engine/system/proc';
import {
  createTestMcp,
  HOSTILE_DIR,
  nodeServer,
  taggedProcesses,
  until,
  type TestMcp,
} from './helpers';

const ROOT = resolve(import.meta.dirname, '../..');
const ESCAPES = join(HOSTILE_DIR, 'escapes.mjs');
const dirs: string[] = [];
const strays = new Set<number>();
const tags: string[] = [];

/** A tag of this test's own for its servers (see taggedProcesses). */
function newTag(): string {
  const tag = randomUUID();
  tags.push(tag);
  return tag;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'af-escapes-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  // Whatever a failing test left: never leave stubborn processes on the machine.
  for (const pid of strays) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const tag of tags) for (const pid of taggedProcesses(tag)) process.kill(pid, 'SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function withMcp<T>(
  init: Parameters<typeof createTestMcp>[0],
  fn: (t: TestMcp) => Promise<T>,
): Promise<T> {
  const t = await createTestMcp(init);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

function stubborn(name: string, tag: string, args: string[]) {
  return nodeServer(name, ESCAPES, args, {
    approval: { default: 'allow', tools: {} },
    autoStart: false,
    transport: {
      type: 'stdio',
      command: process.execPath,
      args: [ESCAPES, ...args],
      env: { HOSTILE_TAG: tag },
    },
  });
}

async function descendantsOf(
  t: TestMcp,
  id: string,
): Promise<{ pid: number; descendants: number[] }> {
  const result = await t.manager.callTool(id, 'pids', {});
  const info = JSON.parse(String(result.content[0]?.text)) as {
    pid: number;
    descendants: number[];
  };
  for (const pid of [info.pid, ...info.descendants]) strays.add(pid);
  return info;
}

describe.runIf(process.platform === 'linux')('no MCP process escapes', () => {
  test('a setsid grandchild and a double-forked grandchild (both ignoring SIGTERM) stop with their server', async () => {
    const tag = newTag();
    await withMcp({ options: { graceMs: 200, termMs: 300 } }, async (t) => {
      const { server } = await t.service.create(
        stubborn('escapist', tag, ['--setsid', '--double-fork']),
      );
      await t.manager.start(server.id);
      const info = await descendantsOf(t, server.id);
      expect(info.descendants).toHaveLength(2);
      // The server and both grandchildren carry the tag (the double fork's middle process has exited).
      expect(taggedProcesses(tag).sort()).toEqual([info.pid, ...info.descendants].sort());
      await t.manager.stop(server.id);
      expect(taggedProcesses(tag)).toEqual([]);
    });
  });

  test('a server that exits leaving a setsid child, restarted 5 times, leaks nothing', async () => {
    const tag = newTag();
    await withMcp(
      { options: { graceMs: 200, termMs: 300, restartBaseMs: 20, maxRestarts: 5 } },
      async (t) => {
        const { server } = await t.service.create(
          stubborn('leaky', tag, ['--setsid', '--exit-after', '400']),
        );
        await t.manager.start(server.id).catch(() => undefined);
        await until(
          () =>
            /Gave up after 5 automatic restarts/.test(
              t.manager.status(server.id).error?.message ?? '',
            ),
          60_000,
          'the restarts to give up',
        );
        expect(t.manager.logs(server.id).filter((e) => /^started \d+$/.test(e.text))).toHaveLength(
          6,
        );
        expect(taggedProcesses(tag)).toEqual([]);
      },
    );
  });

  test('a server ignoring stdin EOF and SIGTERM, whose engine was SIGKILLed, is stopped at the next start', async () => {
    const tag = newTag();
    const dataDir = tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests/mcp/engine-with-stubborn-server.ts'), dataDir, tag],
      {
        cwd: ROOT,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) =>
      child.once('exit', (_code, signal) => r(signal)),
    );
    const line = await new Promise<string>((res, rej) => {
      createInterface({ input: child.stdout }).once('line', res);
      child.once('exit', (code) =>
        rej(new Error(`the engine exited (${code}) before starting its server:\n${stderr}`)),
      );
    });
    const info = JSON.parse(line) as { pid: number; descendants: number[] };
    for (const pid of [info.pid, ...info.descendants]) strays.add(pid);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The server and its grandchildren outlive the engine.
    expect(taggedProcesses(tag).sort()).toEqual([info.pid, ...info.descendants].sort());
    expect(readdirSync(join(dataDir, 'mcp-processes'))).toHaveLength(1);

    const engine = await createEngine({ dataDir, mode: 'cli', version: 'test' });
    try {
      expect(taggedProcesses(tag)).toEqual([]);
      expect(readdirSync(join(dataDir, 'mcp-processes'))).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  test('at start, a recorded pid now used by another process is not killed; a live engine’s servers are left alone', async () => {
    const dataDir = tempDir();
    const sleep = () => {
      const p = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      strays.add(p.pid!);
      return p.pid!;
    };
    const [reused, leftover, otherEngine, otherServer] = [sleep(), sleep(), sleep(), sleep()];
    await until(
      () =>
        [reused, leftover, otherEngine, otherServer].every(
          (p) => processStartTime(p) !== undefined,
        ),
      5000,
      'sleepers',
    );
    const boot = bootId();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    const record = (owner: object, servers: object[]) => JSON.stringify({ owner, servers });
    const dir = join(dataDir, 'mcp-processes');
    mkdirSync(dir, { recursive: true });
    // A crashed engine's record: one pid since reused by an unrelated process (another start time),
    // one server still running as recorded.
    writeFileSync(
      join(dir, `${dead.pid}-1.json`),
      record({ pid: dead.pid, startTime: '1', bootId: boot }, [
        {
          pid: reused,
          startTime: String(Number(processStartTime(reused)) - 1),
          bootId: boot,
          mark: 'af-gone-1',
          serverId: 'a',
        },
        {
          pid: leftover,
          startTime: processStartTime(leftover),
          bootId: boot,
          mark: 'af-gone-2',
          serverId: 'b',
        },
      ]),
    );
    // A live engine sharing the folder (Postgres-backed engines take no data-folder lock).
    writeFileSync(
      join(dir, `${otherEngine}-x.json`),
      record({ pid: otherEngine, startTime: processStartTime(otherEngine), bootId: boot }, [
        {
          pid: otherServer,
          startTime: processStartTime(otherServer),
          bootId: boot,
          mark: 'af-live',
          serverId: 'c',
        },
      ]),
    );
    await withMcp({ dataDir, options: { termMs: 300 } }, async () => {
      // Killed (a zombie at most: a container's init may not reap it).
      expect(processStartTime(leftover)).toBeUndefined();
      expect(processStartTime(reused)).toBeDefined();
      expect(processStartTime(otherEngine)).toBeDefined();
      expect(processStartTime(otherServer)).toBeDefined();
      expect(readdirSync(dir)).toEqual([`${otherEngine}-x.json`]);
    });
    for (const pid of [reused, otherEngine, otherServer]) process.kill(pid, 'SIGKILL');
  });

  test('a clean stop removes the record; a running server is recorded with its start time', async () => {
    const tag = newTag();
    const dataDir = tempDir();
    await withMcp({ dataDir, options: { graceMs: 200, termMs: 300 } }, async (t) => {
      const { server } = await t.service.create(stubborn('recorded', tag, []));
      const status = await t.manager.start(server.id);
      strays.add(status.pid!);
      const files = readdirSync(join(dataDir, 'mcp-processes'));
      expect(files).toHaveLength(1);
      const content = JSON.parse(
        readFileSync(join(dataDir, 'mcp-processes', files[0]!), 'utf8'),
      ) as {
        owner: { pid: number };
        servers: { pid: number; startTime: string; serverId: string }[];
      };
      expect(content.owner.pid).toBe(process.pid);
      expect(content.servers).toEqual([
        expect.objectContaining({
          pid: status.pid,
          startTime: processStartTime(status.pid!),
          serverId: server.id,
        }),
      ]);
      await t.manager.stop(server.id);
      expect(existsSync(join(dataDir, 'mcp-processes', files[0]!))).toBe(false);
      expect(taggedProcesses(tag)).toEqual([]);
    });
  });
});
