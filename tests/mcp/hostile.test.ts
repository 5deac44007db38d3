import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '@shared/errors';
import { isAlive } from '../../src-main/engine/mcp/process-tree';
import { createTestMcp, HOSTILE_DIR, nodeServer, until, type TestMcp } from './helpers';

const script = (name: string) => join(HOSTILE_DIR, `${name}.mjs`);
const pids = new Set<number>();
let t: TestMcp;

async function add(name: string, args: string[] = [], extra = {}) {
  const view = await t.service.create(
    nodeServer(name, script(name), args, { approval: { default: 'allow', tools: {} }, ...extra }),
  );
  return view.server.id;
}

async function startTracked(id: string) {
  const status = await t.manager.start(id);
  if (status.pid) pids.add(status.pid);
  return status;
}

/** Runs fn while a 10 ms timer ticks; returns the ticks seen, proving the event loop stayed free. */
async function ticking<T>(fn: () => Promise<T>): Promise<{ ticks: number; outcome: T | AppError }> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 10);
  try {
    const outcome = await fn().catch((error: unknown) => {
      if (error instanceof AppError) return error;
      throw error;
    });
    return { ticks, outcome };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  t = await createTestMcp({
    options: {
      requestTimeoutMs: 2000,
      restartBaseMs: 50,
      maxRestarts: 2,
      graceMs: 300,
      termMs: 300,
    },
  });
});

afterAll(async () => {
  await t.close();
  // No server process and no process a server forked outlives the shutdown.
  for (const pid of pids) expect(isAlive(pid), `pid ${pid} still alive`).toBe(false);
});

describe('hostile MCP servers', () => {
  test('a server that never answers a call: the call ends with TIMEOUT and the engine stays responsive', async () => {
    const id = await add('never-answers');
    await startTracked(id);
    const { ticks, outcome } = await ticking(() =>
      t.manager.callTool(id, 'wait', {}, { timeoutMs: 400 }),
    );
    expect(outcome).toBeInstanceOf(AppError);
    expect((outcome as AppError).code).toBe('TIMEOUT');
    expect((outcome as AppError).message).toMatch(/did not answer within 400 ms/);
    expect(ticks).toBeGreaterThan(5);
    expect(t.manager.status(id).state).toBe('ready');
    // The server is told the request is abandoned.
    await until(
      () => t.manager.logs(id).some((e) => /^cancelled request \d+: .*timed out/i.test(e.text)),
      5000,
      'cancel notice',
    );

    // An abort ends the call at once with CANCELLED, and sends notifications/cancelled too.
    const abort = new AbortController();
    setTimeout(() => abort.abort('user pressed stop'), 50);
    const cancelled = await t.manager
      .callTool(id, 'wait', {}, { signal: abort.signal })
      .catch((e: unknown) => e);
    expect((cancelled as AppError).code).toBe('CANCELLED');
    await until(
      () =>
        t.manager.logs(id).some((e) => /^cancelled request \d+: user pressed stop$/.test(e.text)),
      5000,
      'abort notice',
    );
  });

  test('a server that never answers initialize: start fails with TIMEOUT and its process is ended', async () => {
    const id = await add('silent', [], {
      transport: {
        type: 'stdio',
        command: process.execPath,
        args: [script('never-answers'), '--silent'],
      },
    });
    const error = await t.manager.start(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('TIMEOUT');
    expect(t.manager.status(id).state).toBe('crashed');
    await t.manager.stop(id);
    expect(t.manager.status(id).state).toBe('stopped');
  });

  test('garbage on stdout is logged and skipped; the real answers still arrive', async () => {
    const id = await add('garbage-stdout');
    await startTracked(id);
    const result = await t.manager.callTool(id, 'echo', { text: 'hello' });
    expect(result.content).toEqual([{ type: 'text', text: 'echo hello' }]);
    const logs = t.manager.logs(id);
    expect(
      logs.some(
        (entry) =>
          entry.stream === 'stdout' && /not JSON-RPC: \{"this is": not json/.test(entry.text),
      ),
    ).toBe(true);
  });

  test('a crash mid-call fails the call with UNAVAILABLE at once, then the server is restarted', async () => {
    const id = await add('crash-mid-call');
    const first = await startTracked(id);
    const states: string[] = [];
    const off = t.bus.subscribe(
      'mcp.server.state',
      (s) => s.serverId === id && states.push(s.state),
    );
    const error = await t.manager
      .callTool(id, 'crash', {}, { timeoutMs: 20_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNAVAILABLE');
    await until(() => t.manager.status(id).state === 'ready', 10_000, 'restart');
    off();
    expect(states).toEqual(expect.arrayContaining(['crashed', 'starting', 'ready']));
    const crashed = t.manager
      .logs(id)
      .find((e) => e.level === 'error' && /exited with code 3/.test(e.text));
    expect(crashed?.text).toMatch(/segmentation fault \(simulated\)/);
    const second = t.manager.status(id);
    expect(second.restarts).toBe(1);
    expect(second.pid).not.toBe(first.pid);
    pids.add(second.pid!);
    expect(isAlive(first.pid!)).toBe(false);
    const alive = await t.manager.callTool(id, 'ok', {});
    expect(alive.content[0]).toEqual({ type: 'text', text: `alive ${second.pid}` });
  });

  test('a 50 MB result is refused with a typed error, without stalling the engine; the server stays usable', async () => {
    const id = await add('huge-result');
    await startTracked(id);
    const { ticks, outcome } = await ticking(() =>
      t.manager.callTool(id, 'big', { mb: 50 }, { timeoutMs: 60_000 }),
    );
    expect(outcome).toBeInstanceOf(AppError);
    expect((outcome as AppError).code).toBe('TOOL_ERROR');
    expect((outcome as AppError).message).toMatch(
      /returned too much data: Message of 50\.0 MB exceeds the 16\.0 MB limit/,
    );
    expect(ticks).toBeGreaterThan(3);
    const small = await t.manager.callTool(id, 'big', { mb: 1 });
    expect(small.truncated).toBe(true);
    expect(small.originalBytes).toBe(1024 * 1024);
    const text = String(small.content[0]?.text);
    expect(text.startsWith('x'.repeat(1000))).toBe(true);
    expect(text).toMatch(
      /\[TRUNCATED: the tool returned 1024 KB; only the first 256 KB are shown\.\]$/,
    );
    expect(Buffer.byteLength(text)).toBeLessThan(256 * 1024 + 200);
  });

  test('a server that ignores SIGTERM and forks: stop kills the whole tree', async () => {
    const id = await add('ignores-sigterm');
    await startTracked(id);
    const result = await t.manager.callTool(id, 'pids', {});
    const { pid, child } = JSON.parse(String(result.content[0]?.text)) as {
      pid: number;
      child: number;
    };
    pids.add(pid).add(child);
    expect(isAlive(pid) && isAlive(child)).toBe(true);
    await t.manager.stop(id);
    expect(t.manager.status(id).state).toBe('stopped');
    await until(() => !isAlive(pid) && !isAlive(child), 5000, 'tree gone');
    expect(t.manager.logs(id).some((e) => e.text === 'ignoring SIGTERM')).toBe(true);
  });

  test('a tool whose description changes after approval needs consent again', async () => {
    const id = await add('rug-pull', [], { approval: { default: 'ask', tools: {} } });
    await startTracked(id);
    const before = t.requests.length;
    t.decide = (request) => (request.kind === 'tool-call' ? 'allow-always' : 'allow-always');
    expect((await t.manager.callTool(id, 'weather', { city: 'Paris' })).content[0]?.text).toBe(
      'sunny (call 1)',
    );
    const first = t.requests.slice(before);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      kind: 'tool-call',
      tool: 'weather',
      reason: 'policy',
      input: { city: 'Paris' },
    });

    // After allow-always the next call of the same definition runs without asking...
    await until(
      async () => (await t.manager.tools(id)).some((tool) => tool.changedSinceConsent),
      5000,
      'list_changed',
    );
    // ...but the definition changed (list_changed): consent is asked again, and a refusal blocks the call.
    t.decide = () => 'deny';
    const denied = await t.manager
      .callTool(id, 'weather', { city: 'Paris' })
      .catch((e: unknown) => e);
    expect((denied as AppError).code).toBe('FORBIDDEN');
    const changed = t.requests.at(-1);
    expect(changed).toMatchObject({ kind: 'tool-call', reason: 'definition-changed' });
    expect(changed?.kind === 'tool-call' && changed.description).toMatch(/id_rsa/);

    t.decide = () => 'allow-always';
    await t.manager.callTool(id, 'weather', { city: 'Paris' });
    const asked = t.requests.length;
    await t.manager.callTool(id, 'weather', { city: 'Lyon' });
    expect(t.requests.length).toBe(asked);
    expect((await t.manager.tools(id))[0]?.changedSinceConsent).toBe(false);
  });

  test('a server that stops answering pings turns degraded, then is restarted', async () => {
    const health = await createTestMcp({
      options: {
        healthIntervalMs: 100,
        pingTimeoutMs: 100,
        unhealthyAfter: 2,
        restartBaseMs: 50,
        graceMs: 100,
        termMs: 100,
      },
    });
    try {
      const { server } = await health.service.create(
        nodeServer('deaf', script('never-answers'), ['--deaf']),
      );
      const seen: string[] = [];
      health.bus.subscribe('mcp.server.state', (s) => {
        seen.push(s.state);
        if (s.pid) pids.add(s.pid);
      });
      await health.manager.start(server.id);
      await until(
        () => seen.filter((s) => s === 'ready').length >= 2,
        10_000,
        'restart after failed pings',
      );
      expect(seen.slice(0, 6)).toEqual([
        'starting',
        'ready',
        'degraded',
        'crashed',
        'starting',
        'ready',
      ]);
      expect(
        health.manager.logs(server.id).some((e) => /stopped answering pings/.test(e.text)),
      ).toBe(true);
    } finally {
      await health.close();
    }
  });

  test('a server that crashes at every start is restarted a bounded number of times, then left crashed', async () => {
    const id = await add('crash-loop', [], {
      transport: {
        type: 'stdio',
        command: process.execPath,
        args: [script('crash-mid-call'), '--at-start'],
      },
    });
    const error = await t.manager.start(id).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('UNAVAILABLE');
    await until(
      () => /Gave up after 2 automatic restarts/.test(t.manager.status(id).error?.message ?? ''),
      10_000,
      'give up',
    );
    expect(t.manager.status(id)).toMatchObject({ state: 'crashed', restarts: 2 });
    expect(t.manager.status(id).nextRestartAt).toBeUndefined();
    expect(t.manager.logs(id).filter((e) => e.text === 'cannot open config')).toHaveLength(3);
  });
});
