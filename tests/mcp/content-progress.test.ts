import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { methods, type MethodInput, type MethodName, type MethodOutput } from '@shared/api/index';
import { AppError } from '@shared/errors';
import { mcpHandlers } from '../../src-main/engine/mcp/handlers';
import { McpToolSource } from '../../src-main/engine/mcp/tool-source';
import { ofType, startHarness, type Harness } from '../../src-main/engine/runtime/runtime.testkit';
import { openStore } from '../../src-main/engine/store/index';
import type { Store } from '../../src-main/engine/store/types';
import { reply } from '../fakes/index';
import { createTestMcp, packageBin, until, type TestMcp } from './helpers';

/**
 * The real `server-everything`: its long-running tool's progress in a run's trace and extending the
 * call's timeout, cancellation of a run's in-flight call, logging/setLevel, and the resources,
 * templates, subscriptions, prompts and completions of a managed server through the API handlers.
 */
let store: Store;
let h: Harness;
let t: TestMcp;
let handlers: ReturnType<typeof mcpHandlers>;
let everything: string;
const updates: Array<{ serverId: string; uri: string }> = [];
const logs: string[] = [];

async function api<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const parsed = methods[method].input.parse(input);
  const handler = (handlers as unknown as Record<string, (i: unknown, ctx: object) => Promise<unknown>>)[method]!;
  return methods[method].output.parse(await handler(parsed, {})) as MethodOutput<M>;
}

beforeAll(async () => {
  store = await openStore({ kind: 'pglite-memory' });
  h = await startHarness({ kind: 'openai', store });
  t = await createTestMcp();
  handlers = mcpHandlers({ manager: t.manager, service: t.service });
  const view = await t.service.create({
    name: 'everything',
    transport: { type: 'stdio', command: process.execPath, args: [packageBin('@modelcontextprotocol/server-everything')] },
    approval: { default: 'allow', tools: {} },
  });
  everything = view.server.id;
  t.bus.subscribe('mcp.resource.updated', (e) => updates.push(e));
  t.bus.subscribe('mcp.server.log', ({ entries }) => logs.push(...entries.map((e) => e.text)));
  h.runs.addToolSource(new McpToolSource(t.manager));
  await t.manager.start(everything);
}, 60_000);

afterAll(async () => {
  await h?.close();
  await t?.close();
  await store?.close();
});

describe('progress and cancellation', () => {
  it('progress reaches the trace of a run calling the long-running tool, stored and live', async () => {
    const agentId = await h.agent('Progress', [{ kind: 'mcp-tool', serverId: everything, tool: 'trigger-long-running-operation' }]);
    h.fake.script(
      reply.toolCalls([{ name: 'everything__trigger-long-running-operation', arguments: { duration: 1.5, steps: 3 } }]),
      reply.text('Done'),
    );
    const run = await h.run(agentId, 'Run the long operation');
    expect(run.status).toBe('succeeded');
    const live = ofType(h.liveOf(run.id), 'tool.progress');
    expect(live.map((e) => [e.name, e.progress, e.total])).toEqual([
      ['everything__trigger-long-running-operation', 1, 3],
      ['everything__trigger-long-running-operation', 2, 3],
      ['everything__trigger-long-running-operation', 3, 3],
    ]);
    const [requested] = ofType(h.liveOf(run.id), 'tool.call.requested');
    expect(live.every((e) => e.callId === requested!.callId)).toBe(true);
    const stored = (await h.runs.trace(run.id)).events.filter((e) => e.type === 'tool.progress');
    expect(stored).toHaveLength(3);
    expect(ofType(h.liveOf(run.id), 'tool.result')[0]?.output).toMatch(/Long running operation completed/);
  }, 60_000);

  it('progress restarts the timeout: a 1.6 s call with a 600 ms timeout succeeds while it reports, fails when it does not', async () => {
    const seen: number[] = [];
    const done = await t.manager.callTool(
      everything,
      'trigger-long-running-operation',
      { duration: 1.6, steps: 8 },
      { timeoutMs: 600, onProgress: (p) => seen.push(p.progress) },
    );
    expect(JSON.stringify(done.content)).toContain('Long running operation completed');
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // One step of 1.6 s: no progress within 600 ms, so the same timeout ends it.
    const silent = await t.manager
      .callTool(everything, 'trigger-long-running-operation', { duration: 1.6, steps: 1 }, { timeoutMs: 600 })
      .catch((e: unknown) => e);
    expect((silent as AppError).code).toBe('TIMEOUT');
  }, 30_000);

  it('every call carries a progress token; cancelling the run sends notifications/cancelled for its call', async () => {
    const { connection } = t.manager.live(everything);
    const sent: JSONRPCMessage[] = [];
    const transport = connection.transport;
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      sent.push(message);
      return send(message, options);
    };
    try {
      const agentId = await h.agent('Cancel', [{ kind: 'mcp-server', serverId: everything }]);
      h.fake.script(
        reply.toolCalls([{ name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }]),
        reply.text('never'),
      );
      const started = await h.runs.start(agentId, 'Run it long');
      await until(async () => ofType(h.liveOf(started.id), 'tool.progress').length > 0, 20_000);
      const before = performance.now();
      await h.runs.cancel(started.id);
      const ended = await h.runs.waitFor(started.id);
      expect(ended.status).toBe('cancelled');
      expect(performance.now() - before).toBeLessThan(10_000);
      const call = sent.find(
        (m) => 'method' in m && m.method === 'tools/call' && (m.params as { name?: string }).name === 'trigger-long-running-operation',
      ) as { id: number; params: { _meta?: { progressToken?: unknown } } } | undefined;
      expect(call?.params._meta?.progressToken).toBeDefined();
      await until(
        async () =>
          sent.some(
            (m) => 'method' in m && m.method === 'notifications/cancelled' && (m.params as { requestId?: unknown }).requestId === call!.id,
          ),
        5_000,
      );
    } finally {
      transport.send = send;
    }
    expect(JSON.stringify((await t.manager.callTool(everything, 'echo', { message: 'still here' })).content)).toContain('still here');
  }, 60_000);
});

describe('logging', () => {
  it('logging/setLevel reaches the server and its log messages land in the server log', async () => {
    expect(await api('mcp.servers.setLogLevel', { id: everything, level: 'debug' })).toEqual({ level: 'debug' });
    await t.manager.callTool(everything, 'toggle-simulated-logging', {});
    await until(async () => logs.some((text) => /-level message/i.test(text)), 20_000);
    await t.manager.callTool(everything, 'toggle-simulated-logging', {});
    expect(logs).toContain('Log level set to debug.');
  }, 30_000);
});

describe('resources', () => {
  it('lists resources and templates; reads text and binary (base64 with its type)', async () => {
    const list = await api('mcp.resources.list', { serverId: everything, refresh: true });
    expect(list.resources.length).toBeGreaterThan(0);
    expect(list.templates.map((tpl) => tpl.uriTemplate)).toEqual(
      expect.arrayContaining(['demo://resource/dynamic/text/{resourceId}', 'demo://resource/dynamic/blob/{resourceId}']),
    );
    expect(list.subscribe).toBe(true);

    const doc = list.resources[0]!;
    const text = await api('mcp.resources.read', { serverId: everything, uri: doc.uri });
    expect(text.contents[0]).toMatchObject({ uri: doc.uri, truncated: false });
    expect(text.contents[0]!.text!.length).toBeGreaterThan(0);
    expect(text.contents[0]!.bytes).toBe(Buffer.byteLength(text.contents[0]!.text!, 'utf8'));

    const blob = await api('mcp.resources.read', { serverId: everything, uri: 'demo://resource/dynamic/blob/7' });
    const part = blob.contents[0]!;
    expect(part.text).toBeUndefined();
    expect(part.mimeType).toBeTruthy();
    expect(Buffer.from(part.blob!, 'base64').length).toBe(part.bytes);
    expect(part.bytes).toBeGreaterThan(0);

    const missing = await api('mcp.resources.read', { serverId: everything, uri: 'demo://nothing/here' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).message).toContain('demo://nothing/here');
  }, 30_000);

  it('subscribes to a resource: its updates arrive as mcp.resource.updated until unsubscribed', async () => {
    const uri = 'demo://resource/dynamic/text/1';
    expect((await api('mcp.resources.subscribe', { serverId: everything, uri })).subscribed).toEqual([uri]);
    expect((await api('mcp.resources.list', { serverId: everything })).subscribed).toEqual([uri]);
    await t.manager.callTool(everything, 'toggle-subscriber-updates', {});
    try {
      await until(async () => updates.some((u) => u.serverId === everything && u.uri === uri), 20_000);
    } finally {
      await t.manager.callTool(everything, 'toggle-subscriber-updates', {});
    }
    expect((await api('mcp.resources.unsubscribe', { serverId: everything, uri })).subscribed).toEqual([]);
  }, 30_000);
});

describe('prompts and completion', () => {
  it('lists prompts with their arguments, gets one with arguments, and completes an argument', async () => {
    const prompts = await api('mcp.prompts.list', { serverId: everything, refresh: true });
    const args = prompts.find((p) => p.name === 'args-prompt');
    expect(args?.arguments.map((a) => [a.name, !!a.required])).toEqual([
      ['city', true],
      ['state', false],
    ]);
    const got = await api('mcp.prompts.get', { serverId: everything, name: 'args-prompt', arguments: { city: 'Paris' } });
    expect(got.messages[0]?.role).toBe('user');
    expect(JSON.stringify(got.messages[0]?.content)).toContain('Paris');

    const missing = await api('mcp.prompts.get', { serverId: everything, name: 'args-prompt', arguments: {} }).catch((e: unknown) => e);
    expect((missing as AppError).code).toBe('VALIDATION');
    expect((missing as AppError).message).toContain('city');

    const completion = await api('mcp.complete', {
      serverId: everything,
      ref: { type: 'ref/prompt', name: 'completable-prompt' },
      argument: { name: 'department', value: 'Eng' },
    });
    expect(completion.values).toContain('Engineering');
    const names = await api('mcp.complete', {
      serverId: everything,
      ref: { type: 'ref/prompt', name: 'completable-prompt' },
      argument: { name: 'name', value: '' },
      context: { department: 'Engineering' },
    });
    expect(names.values.length).toBeGreaterThan(0);
  }, 30_000);
});
