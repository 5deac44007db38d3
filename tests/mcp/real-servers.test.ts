import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { methods, type MethodInput, type MethodName, type MethodOutput } from '@shared/api/index';
import type { McpServerState } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import { mcpHandlers } from '../../src-main/engine/mcp/handlers';
import { isAlive } from '../../src-main/engine/mcp/process-tree';
import { McpToolSource } from '../../src-main/engine/mcp/tool-source';
import type { ToolContext } from '../../src-main/engine/runtime/tools/types';
import { createTestMcp, packageBin, until, type TestMcp } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'af-mcp-'));
const filesA = join(dir, 'a');
const filesB = join(dir, 'b');
mkdirSync(filesA);
mkdirSync(filesB);
const pids = new Set<number>();
const states: Array<[string, McpServerState]> = [];
const logEvents: Array<{ serverId: string; text: string }> = [];
let t: TestMcp;
let mcp: {
  manager: TestMcp['manager'];
  handlers: ReturnType<typeof mcpHandlers>;
  tools: McpToolSource;
};
const ids: Record<string, string> = {};

const node = (pkg: string, args: string[] = [], env: Record<string, string> = {}) => ({
  type: 'stdio' as const,
  command: process.execPath,
  args: [packageBin(pkg), ...args],
  env,
});

beforeAll(async () => {
  t = await createTestMcp({
    options: { graceMs: 1000, termMs: 1000 },
    handlers: {
      sampling: async (params, ctx) => ({
        role: 'assistant',
        model: 'stand-in-model',
        content: {
          type: 'text',
          text: `sampled for ${ctx.serverName}: ${params.messages.length} message(s)`,
        },
      }),
      elicitation: async (params) => ({
        action: 'accept',
        content: { name: 'Ada', check: true, message: params.message.length },
      }),
    },
  });
  mcp = {
    manager: t.manager,
    handlers: mcpHandlers({ manager: t.manager, service: t.service }),
    tools: new McpToolSource(t.manager),
  };
  t.bus.subscribe('mcp.server.log', ({ serverId, entries }) =>
    logEvents.push(...entries.map((e) => ({ serverId, text: e.text }))),
  );
  t.bus.subscribe('mcp.server.state', (s) => {
    states.push([s.serverId, s.state]);
    if (s.pid) pids.add(s.pid);
  });
  const create = async (name: string, transport: ReturnType<typeof node>, roots: string[] = []) =>
    (
      await api('mcp.servers.create', {
        name,
        transport,
        roots,
        approval: { default: 'allow', tools: {} },
      })
    ).server.id;
  ids.files = await create('files', node('@modelcontextprotocol/server-filesystem', [filesA]), [
    filesA,
  ]);
  ids.memory = await create(
    'memory',
    node('@modelcontextprotocol/server-memory', [], {
      MEMORY_FILE_PATH: join(dir, 'memory.jsonl'),
    }),
  );
  ids.thinking = await create('thinking', node('@modelcontextprotocol/server-sequential-thinking'));
  ids.everything = await create(
    'everything',
    node('@modelcontextprotocol/server-everything', [], { AF_OWN_VAR: 'mine' }),
  );
  process.env.AF_LEAK_CANARY = 'must-not-reach-servers';
  await mcp.manager.autoStart();
});

const ctx = { origin: 'internal' as const };
/** Calls a handler the way the router does: the input is validated (and defaulted) by the contract first. */
function api<M extends keyof ReturnType<typeof mcpHandlers> & MethodName>(
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const handler = mcp.handlers[method] as (
    input: unknown,
    c: typeof ctx,
  ) => Promise<MethodOutput<M>>;
  return handler(methods[method].input.parse(input), ctx);
}

afterAll(async () => {
  delete process.env.AF_LEAK_CANARY;
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
  for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
});

const text = (result: { content: Array<Record<string, unknown>> }) =>
  result.content.map((c) => String(c.text ?? '')).join('\n');
const call = (server: string, tool: string, args: Record<string, unknown> = {}) =>
  api('mcp.servers.callTool', { id: ids[server]!, tool, arguments: args });

describe('real MCP servers over stdio', () => {
  test('autoStart brings all four up, publishing stopped → starting → ready', async () => {
    const views = await api('mcp.servers.list', {});
    expect(views.map((v) => [v.server.name, v.status.state])).toEqual([
      ['everything', 'ready'],
      ['files', 'ready'],
      ['memory', 'ready'],
      ['thinking', 'ready'],
    ]);
    const seq = states.filter(([id]) => id === ids.files).map(([, s]) => s);
    expect(seq).toEqual(['stopped', 'starting', 'ready']);
    // Launch consent was stored as a pin with the server.
    const stored = await api('mcp.servers.get', { id: ids.files! });
    expect(stored.server.consent.launch).toMatch(/^[0-9a-f]{64}$/);
  });

  test('filesystem: namespaced tools, write and read a file, roots follow the settings', async () => {
    const tools = await api('mcp.servers.tools', { id: ids.files!, refresh: false });
    expect(tools.map((t) => t.namespacedName)).toEqual(
      expect.arrayContaining(['files__read_text_file', 'files__write_file']),
    );
    await call('files', 'write_file', {
      path: join(filesA, 'note.txt'),
      content: 'hello from the test',
    });
    expect(readFileSync(join(filesA, 'note.txt'), 'utf8')).toBe('hello from the test');
    expect(text(await call('files', 'read_text_file', { path: join(filesA, 'note.txt') }))).toBe(
      'hello from the test',
    );
    const outside = await call('files', 'read_text_file', { path: join(filesB, 'x.txt') }).catch(
      (e: unknown) => e,
    );
    expect((outside as AppError).code).toBe('TOOL_ERROR');
    expect((outside as AppError).message).toMatch(/outside allowed directories|Access denied/i);

    await api('mcp.servers.update', { id: ids.files!, patch: { roots: [filesB] } });
    await until(
      async () => text(await call('files', 'list_allowed_directories')).includes(filesB),
      10_000,
      'roots update',
    );
    writeFileSync(join(filesB, 'x.txt'), 'in b');
    expect(text(await call('files', 'read_text_file', { path: join(filesB, 'x.txt') }))).toBe(
      'in b',
    );
  });

  test('memory and sequential-thinking answer their tools', async () => {
    await call('memory', 'create_entities', {
      entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }],
    });
    const graph = await call('memory', 'read_graph');
    expect(graph.structuredContent).toMatchObject({
      entities: [{ name: 'Ada', entityType: 'person' }],
    });
    const thought = await call('thinking', 'sequentialthinking', {
      thought: 'First step',
      nextThoughtNeeded: false,
      thoughtNumber: 1,
      totalThoughts: 1,
    });
    expect(text(thought)).toMatch(/"thoughtNumber": 1/);
  });

  test('everything: structured output is checked against the outputSchema; isError becomes TOOL_ERROR', async () => {
    const weather = await call('everything', 'get-structured-content', { location: 'Chicago' });
    expect(weather.structuredContent).toEqual({
      temperature: 36,
      conditions: 'Light rain / drizzle',
      humidity: 82,
    });
    const bad = await call('everything', 'get-sum', { a: 'one', b: 2 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).code).toBe('TOOL_ERROR');
    expect((bad as AppError).message).toMatch(/get-sum: .*(Invalid|expected number)/i);
  });

  test('everything: resources, resource templates and prompts are listed too; stderr reaches the log events', async () => {
    const lists = await mcp.manager.capabilities(ids.everything!, true);
    expect(lists.resources.length).toBeGreaterThan(0);
    expect(lists.resourceTemplates.length).toBeGreaterThan(0);
    expect(lists.prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['simple-prompt']));
    expect(
      logEvents.some(
        (e) => e.serverId === ids.everything && e.text === 'Starting default (STDIO) server...',
      ),
    ).toBe(true);
  });

  test('everything: the server gets only allowlisted variables plus its own', async () => {
    const env = JSON.parse(text(await call('everything', 'get-env'))) as Record<string, string>;
    expect(env.AF_OWN_VAR).toBe('mine');
    expect(env.AF_LEAK_CANARY).toBeUndefined();
    expect(env.PATH).toBe(process.env.PATH);
    expect(
      Object.keys(env).filter((key) =>
        ![
          'PATH',
          'HOME',
          'USER',
          'LOGNAME',
          'SHELL',
          'TERM',
          'LANG',
          'LC_ALL',
          'LC_CTYPE',
          'TMPDIR',
          'TZ',
          'AF_OWN_VAR',
          // The marker every process of the server inherits, so that none escapes a stop.
          'AGENT_FACTORY_MCP_MARK',
        ].includes(key),
      ),
    ).toEqual([]);
  });

  test('everything: progress reaches the callback; an abort cancels the long-running operation', async () => {
    const progress: number[] = [];
    const done = await mcp.manager.callTool(
      ids.everything!,
      'trigger-long-running-operation',
      { duration: 0.5, steps: 5 },
      {
        onProgress: (p) => progress.push(p.progress),
      },
    );
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(text(done)).toMatch(/Long running operation completed/);

    const abort = new AbortController();
    const seen: number[] = [];
    const cancelled = await mcp.manager
      .callTool(
        ids.everything!,
        'trigger-long-running-operation',
        { duration: 30, steps: 30 },
        {
          signal: abort.signal,
          onProgress: (p) => {
            seen.push(p.progress);
            abort.abort('stop');
          },
        },
      )
      .catch((e: unknown) => e);
    expect((cancelled as AppError).code).toBe('CANCELLED');
    expect(seen).toEqual([1]);
    // The server is still fine afterwards.
    expect(text(await call('everything', 'echo', { message: 'still here' }))).toBe(
      'Echo: still here',
    );
  });

  test('everything: roots, sampling and elicitation go through the engine handlers', async () => {
    await until(
      async () =>
        (await mcp.manager.tools(ids.everything!)).some(
          (t) => t.name === 'trigger-sampling-request',
        ),
      10_000,
      'conditional tools',
    );
    const sampled = await call('everything', 'trigger-sampling-request', {
      prompt: 'hi',
      maxTokens: 5,
    });
    expect(text(sampled)).toMatch(/sampled for everything: 1 message\(s\)/);
    const elicited = await call('everything', 'trigger-elicitation-request');
    expect(text(elicited)).toMatch(/Ada/);
    await api('mcp.servers.update', { id: ids.everything!, patch: { roots: [filesA] } });
    await until(
      async () => text(await call('everything', 'get-roots-list')).includes(filesA),
      10_000,
      'roots',
    );
  });

  test('the tool source offers namespaced tools to the runtime and calls them', async () => {
    const tools = await mcp.tools.resolve([
      { kind: 'mcp-server', serverId: ids.thinking! },
      { kind: 'mcp-tool', serverId: ids.everything!, tool: 'echo' },
    ]);
    expect(tools.map((t) => t.spec.name).sort()).toEqual([
      'everything__echo',
      'thinking__sequentialthinking',
    ]);
    expect(
      tools.every((t) => /^[a-zA-Z0-9_-]{1,64}$/.test(t.spec.name) && t.approval === 'auto'),
    ).toBe(true);
    const echo = tools.find((t) => t.spec.name === 'everything__echo')!;
    const runCtx = {
      runId: 'run-1',
      rootRunId: 'run-1',
      signal: new AbortController().signal,
    } as unknown as ToolContext;
    expect(await echo.call({ message: 'via runtime' }, runCtx)).toBe('Echo: via runtime');
    expect(text(await mcp.tools.callTool('everything__echo', { message: 'by name' }))).toBe(
      'Echo: by name',
    );
  });

  test('metrics count calls and errors per server and tool, with latency percentiles', async () => {
    const [metrics] = await api('mcp.servers.metrics', { id: ids.everything! });
    const echo = metrics!.tools.find((t) => t.tool === 'echo')!;
    expect(echo.calls).toBe(3);
    expect(echo.errors).toBe(0);
    expect(echo.p50Ms).toBeGreaterThan(0);
    expect(echo.p95Ms).toBeGreaterThanOrEqual(echo.p50Ms!);
    const sum = metrics!.tools.find((t) => t.tool === 'get-sum')!;
    expect(sum).toMatchObject({ calls: 1, errors: 1, lastError: { code: 'TOOL_ERROR' } });
    expect(metrics!.calls).toBeGreaterThanOrEqual(10);
  });

  test('stop and start publish the transitions and give a new process', async () => {
    const before = (await api('mcp.servers.get', { id: ids.thinking! })).status.pid!;
    const stopped = await api('mcp.servers.stop', { id: ids.thinking! });
    expect(stopped.state).toBe('stopped');
    expect(isAlive(before)).toBe(false);
    const started = await api('mcp.servers.restart', { id: ids.thinking! });
    expect(started.state).toBe('ready');
    expect(started.pid).not.toBe(before);
  });
});
