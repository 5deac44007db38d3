// Sampling through an agent run in an unattended engine (mode cli: nobody can approve), with the
// real server-everything and the engine's real sampler: the model that answers is the fake LLM
// (tests/fakes), reached through the LLM layer. Policy allow: the server's request is answered
// by the model without asking; policy ask or deny: refused, and the model is not asked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '@shared/api/index';
import { unwrapResult } from '@shared/wire';
import { createEngine, type Engine } from '../../src-main/engine/engine';
import { createRouter, type Router } from '../../src-main/transport/router';
import { reply, startFakeOllama, type FakeLlm } from '../fakes/index';
import { packageBin } from './helpers';

const dataDir = mkdtempSync(join(tmpdir(), 'af-sampling-run-'));
let fake: FakeLlm;
let engine: Engine;
let router: Router;
let serverId = '';
const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
  unwrapResult(await router.dispatch(method, input, { origin: 'internal' }));

beforeAll(async () => {
  fake = await startFakeOllama();
  engine = await createEngine({ dataDir, mode: 'cli', version: 'test', store: { kind: 'pglite-memory' }, env: { OLLAMA_HOST: fake.url } });
  router = createRouter(engine.handlers);
  // Starting a local server needs the user's consent to its command: given here, as the user would.
  engine.bus.subscribe('mcp.approval.requested', (r) => void call('approvals.respond', { id: r.id, decision: 'allow-always' }));
  const view = await call('mcp.servers.create', {
    name: 'everything',
    transport: { type: 'stdio', command: process.execPath, args: [packageBin('@modelcontextprotocol/server-everything')] },
    approval: { default: 'allow', tools: {}, sampling: 'allow' },
    autoStart: false,
  });
  serverId = view.server.id;
  await call('agents.create', {
    name: 'Sampler',
    model: { provider: 'ollama', model: 'test-model' },
    tools: [{ kind: 'mcp-tool', serverId, tool: 'trigger-sampling-request' }],
  });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

let lastRunId = '';

async function runOnce(): Promise<string> {
  const started = await call('runs.start', { agent: 'Sampler', input: 'Ask the server to sample.' });
  lastRunId = started.id;
  await expect.poll(async () => (await call('runs.get', { runId: started.id })).status, { timeout: 30_000 }).not.toBe('running');
  const messages = await call('runs.messages', { runId: started.id });
  const tool = messages.map((m) => m.message).find((m) => m.role === 'tool');
  return tool && 'content' in tool ? String(tool.content) : '';
}

describe('sampling in an unattended run', () => {
  test('policy allow: the server’s request goes to the model (the agent’s) without asking', async () => {
    const asked: string[] = [];
    engine.bus.subscribe('mcp.sampling.requested', (r) => asked.push(r.id));
    fake.script(
      reply.toolCalls([{ name: 'everything__trigger-sampling-request', arguments: { prompt: 'Name a colour' } }]),
      reply.text('Teal, from the model'),
      reply.text('Done.'),
    );
    const result = await runOnce();
    expect(result).toContain('Teal, from the model');
    expect(result).toContain('ollama:test-model');
    expect(fake.chats.some((c) => JSON.stringify(c).includes('Resource trigger-sampling-request context: Name a colour'))).toBe(true);
    expect(asked).toEqual([]);
    // Traced like a model call, in the tool call that caused it.
    const { events } = await call('runs.trace', { runId: lastRunId });
    const call_ = events.find((e) => e.type === 'tool.call.requested');
    const sampled = events.find((e) => e.type === 'tool.sampling');
    expect(sampled).toMatchObject({ callId: call_ && 'callId' in call_ ? call_.callId : '', provider: 'ollama', model: 'test-model', text: 'Teal, from the model', approvedBy: 'policy' });
  }, 60_000);

  test.each(['ask', 'deny'] as const)('policy %s: refused without asking; the model is not called for it', async (sampling) => {
    await call('mcp.servers.update', { id: serverId, patch: { approval: { default: 'allow', tools: {}, sampling } } });
    const chatsBefore = fake.chats.length;
    fake.script(reply.toolCalls([{ name: 'everything__trigger-sampling-request', arguments: { prompt: 'Name a colour' } }]), reply.text('Done.'));
    const result = await runOnce();
    expect(result).toMatch(sampling === 'ask' ? /nobody can approve it/ : /denied by the server’s policy/);
    // Two chats: the tool call and the final answer; none for sampling.
    expect(fake.chats.length - chatsBefore).toBe(2);
  }, 60_000);
});

describe('sampling in a desktop/serve engine (someone can answer)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'af-sampling-attended-'));
  let llm: FakeLlm;
  let attended: Engine;
  let api: Router;
  let id = '';
  const invoke = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    unwrapResult(await api.dispatch(method, input, { origin: 'internal' }));

  beforeAll(async () => {
    llm = await startFakeOllama();
    attended = await createEngine({ dataDir: dir, mode: 'headless', version: 'test', store: { kind: 'pglite-memory' }, env: { OLLAMA_HOST: llm.url } });
    api = createRouter(attended.handlers);
    attended.bus.subscribe('mcp.approval.requested', (r) => void invoke('approvals.respond', { id: r.id, decision: 'allow-always' }));
    const view = await invoke('mcp.servers.create', {
      name: 'everything',
      transport: { type: 'stdio', command: process.execPath, args: [packageBin('@modelcontextprotocol/server-everything')] },
      approval: { default: 'allow', tools: {} },
      autoStart: false,
    });
    id = view.server.id;
    await invoke('agents.create', {
      name: 'Sampler',
      model: { provider: 'ollama', model: 'test-model' },
      tools: [{ kind: 'mcp-tool', serverId: id, tool: 'trigger-sampling-request' }],
    });
  }, 60_000);
  afterAll(async () => {
    await attended?.close();
    await llm?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function toolResult(runId: string): Promise<string> {
    await expect.poll(async () => (await invoke('runs.get', { runId })).status, { timeout: 30_000 }).not.toBe('running');
    const tool = (await invoke('runs.messages', { runId })).map((m) => m.message).find((m) => m.role === 'tool');
    return tool && 'content' in tool ? String(tool.content) : '';
  }

  test('an interactive run: policy ask puts the request before the user, approved through mcp.sampling.respond', async () => {
    const off = attended.bus.subscribe('mcp.sampling.requested', (r) => {
      void invoke('mcp.sampling.respond', { requestId: r.id, decision: 'allow', systemPrompt: 'Answer in one word.' });
    });
    llm.script(
      reply.toolCalls([{ name: 'everything__trigger-sampling-request', arguments: { prompt: 'Name a colour' } }]),
      reply.text('Crimson'),
      reply.text('Done.'),
    );
    const run = await invoke('runs.start', { agent: 'Sampler', input: 'Sample, please.' });
    const result = await toolResult(run.id);
    off();
    expect(result).toContain('Crimson');
    expect(JSON.stringify(llm.chats.at(-2))).toContain('Answer in one word.');
    expect((await invoke('runs.trace', { runId: run.id })).events.find((e) => e.type === 'tool.sampling')).toMatchObject({ text: 'Crimson', approvedBy: 'user' });
  }, 60_000);

  test('an unattended run (automations) in the same engine: policy ask is refused without asking', async () => {
    const asked: string[] = [];
    const off = attended.bus.subscribe('mcp.sampling.requested', (r) => asked.push(r.id));
    llm.script(reply.toolCalls([{ name: 'everything__trigger-sampling-request', arguments: { prompt: 'Name a colour' } }]), reply.text('Done.'));
    const run = await attended.runs.start('Sampler', 'Sample, please.', { unattended: { approval: 'allow' } });
    const result = await toolResult(run.id);
    off();
    expect(result).toMatch(/nobody can approve it/);
    expect(asked).toEqual([]);
  }, 60_000);
});
