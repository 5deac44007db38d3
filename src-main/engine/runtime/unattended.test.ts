import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reply } from '../../../tests/fakes/index';
import { createTestMcp, packageBin, type TestMcp } from '../../../tests/mcp/helpers';
import { McpToolSource } from '../mcp/tool-source';
import { openStore } from '../store/index';
import type { Store } from '../store/types';
import { ofType, startHarness, type Harness } from './runtime.testkit';
import type { RuntimeTool } from './tools/types';
import { describeDuration, entryMatches, unattendedVerdict } from './unattended';

let store: Store;
let h: Harness;
let t: TestMcp;
let everything: string;
const calls: Record<string, number> = { guarded: 0, other: 0 };

beforeAll(async () => {
  store = await openStore({ kind: 'pglite-memory' });
  h = await startHarness({ kind: 'openai', store });
  for (const name of ['guarded', 'other'] as const) {
    h.builtins.register({
      name,
      description: 'Needs approval',
      args: z.object({ what: z.string() }).strict(),
      approval: 'ask',
      async run({ what }) {
        calls[name]!++;
        return `${name} did ${what}`;
      },
    });
  }
  h.builtins.register({ name: 'free', description: 'Runs without asking', args: z.object({}).strict(), run: async () => 'free ran' });
  t = await createTestMcp();
  const view = await t.service.create({
    name: 'everything',
    transport: { type: 'stdio', command: process.execPath, args: [packageBin('@modelcontextprotocol/server-everything')] },
    approval: { default: 'ask', tools: {} },
  });
  everything = view.server.id;
  h.runs.addToolSource(new McpToolSource(t.manager));
}, 60_000);

afterAll(async () => {
  await h?.close();
  await t?.close();
  await store?.close();
});

const builtin = (name: string) => ({ kind: 'builtin' as const, name });
const toolMessages = async (runId: string) =>
  (await h.runs.messages(runId)).flatMap((m) => (m.message.role === 'tool' ? [m.message] : []));

describe('unattended runs: deny', () => {
  it('denies a call that needs approval without ever waiting, tells the model, and ends with its answer', async () => {
    const before = calls.guarded;
    const agentId = await h.agent('Night shift', [builtin('guarded'), builtin('free')]);
    h.fake.script(
      reply.toolCalls([
        { name: 'guarded', arguments: { what: 'x' } },
        { name: 'free', arguments: {} },
      ]),
      reply.text('Done without it'),
    );
    const run = await h.run(agentId, 'Work', { unattended: { approval: 'deny' } });
    expect(run).toMatchObject({ status: 'succeeded', output: 'Done without it', pendingApprovals: [] });
    expect(calls.guarded).toBe(before);
    expect(h.statuses.filter((r) => r.id === run.id).map((r) => r.status)).not.toContain('waiting_approval');
    const live = h.liveOf(run.id);
    expect(ofType(live, 'tool.call.denied')).toEqual([expect.objectContaining({ reason: 'this run is unattended (automation policy: deny)' })]);
    expect(ofType(live, 'tool.result').map((e) => e.output)).toEqual(['free ran']);
    const [denied, free] = await toolMessages(run.id);
    expect(denied).toMatchObject({ toolName: 'guarded', isError: true, content: expect.stringContaining('not available in this unattended run') });
    expect(free).toMatchObject({ toolName: 'free', content: 'free ran' });
    // The model saw the denial in its next request.
    expect(JSON.stringify(h.fake.chats.at(-1))).toContain('not available in this unattended run');
  });

  it('a delegated run inherits the policy of the unattended run above it', async () => {
    const before = calls.guarded;
    const helper = await h.agent('Helper', [builtin('guarded')]);
    const boss = await h.agent('Boss', [builtin('delegate_to_agent')]);
    const helperName = (await h.agents.get(helper)).name;
    h.fake.script(
      reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: helperName, task: 'Use guarded' } }]),
      reply.toolCalls([{ name: 'guarded', arguments: { what: 'y' } }]),
      reply.text('Helper gave up on it'),
      reply.text('Boss is done'),
    );
    const run = await h.run(boss, 'Delegate', { unattended: { approval: 'deny' } });
    expect(run).toMatchObject({ status: 'succeeded', output: 'Boss is done' });
    const child = ofType(h.liveOf(run.id), 'delegation.started')[0]!.childRunId;
    expect(ofType(h.liveOf(child), 'tool.call.denied')[0]?.reason).toContain('automation policy: deny');
    expect(h.statuses.filter((r) => r.id === child).map((r) => r.status)).not.toContain('waiting_approval');
    expect(calls.guarded).toBe(before);
  });

  it('an interactive run still asks', async () => {
    const agentId = await h.agent('Daytime', [builtin('guarded')]);
    h.fake.script(reply.toolCalls([{ name: 'guarded', arguments: { what: 'z' } }]), reply.text('ok'));
    const run = await h.runs.start(agentId, 'Work');
    const requested = await h.nextEvent('tool.call.requested', run.id);
    expect(requested.approval).toBe('required');
    expect((await h.runs.get(run.id)).status).toBe('waiting_approval');
    h.runs.approve(run.id, requested.callId, 'allow');
    expect(await h.runs.waitFor(run.id)).toMatchObject({ status: 'succeeded', output: 'ok' });
  });

  it('refuses a malformed policy before creating the run', async () => {
    const agentId = await h.agent('Bad policy');
    await expect(h.runs.start(agentId, 'x', { unattended: { approval: 'sometimes' as never } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(h.runs.start(agentId, 'x', { maxTokens: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('unattended runs: allow-listed', () => {
  it('runs a listed built-in without asking and denies an unlisted one, saying how to allow it', async () => {
    const before = { ...calls };
    const agentId = await h.agent('Listed', [builtin('guarded'), builtin('other')]);
    h.fake.script(
      reply.toolCalls([
        { name: 'guarded', arguments: { what: 'a' } },
        { name: 'other', arguments: { what: 'b' } },
      ]),
      reply.text('Half done'),
    );
    const run = await h.run(agentId, 'Work', { unattended: { approval: 'allow-listed', allowTools: ['guarded'] } });
    expect(run).toMatchObject({ status: 'succeeded', output: 'Half done' });
    expect(calls).toEqual({ guarded: before.guarded! + 1, other: before.other });
    expect(h.statuses.filter((r) => r.id === run.id).map((r) => r.status)).not.toContain('waiting_approval');
    const live = h.liveOf(run.id);
    expect(ofType(live, 'tool.call.requested').map((e) => [e.name, e.approval])).toEqual([
      ['guarded', 'auto'],
      ['other', 'required'],
    ]);
    expect(ofType(live, 'tool.call.approved')).toEqual([expect.objectContaining({ decision: 'auto', reason: expect.stringContaining('allowed tools') })]);
    const [denied] = ofType(live, 'tool.call.denied');
    expect(denied?.reason).toContain('automation policy: allow-listed');
    expect(denied?.reason).toContain('add it to the automation’s allowed tools ("other")');
    expect(ofType(live, 'tool.result').map((e) => e.output)).toEqual(['guarded did a']);
  });

  it("matches MCP tools by 'server:tool', 'server:*' and the namespaced name", async () => {
    const agentId = await h.agent('Mcp user', [{ kind: 'mcp-server', serverId: everything }]);
    const script = () =>
      h.fake.script(
        reply.toolCalls([
          { name: 'everything__echo', arguments: { message: 'hi' } },
          { name: 'everything__get-sum', arguments: { a: 2, b: 3 } },
        ]),
        reply.text('Finished'),
      );
    const outcome = async (allowTools: string[]) => {
      script();
      const run = await h.run(agentId, 'Use the tools', { unattended: { approval: 'allow-listed', allowTools } });
      expect(run.status).toBe('succeeded');
      const live = h.liveOf(run.id);
      const byCall = new Map(ofType(live, 'tool.call.requested').map((e) => [e.callId, e.name]));
      return {
        ran: ofType(live, 'tool.result').map((e) => e.name).sort(),
        denied: ofType(live, 'tool.call.denied').map((e) => [byCall.get(e.callId), e.reason]),
      };
    };
    const one = await outcome(['everything:echo']);
    expect(one.ran).toEqual(['everything__echo']);
    expect(one.denied).toEqual([['everything__get-sum', expect.stringContaining('("everything:get-sum")')]]);
    expect((await outcome(['everything:*'])).ran).toEqual(['everything__echo', 'everything__get-sum']);
    const namespaced = await outcome(['everything__get-sum']);
    expect(namespaced.ran).toEqual(['everything__get-sum']);
    expect(namespaced.denied.map(([name]) => name)).toEqual(['everything__echo']);
    // Allowed calls ran without the MCP layer asking a person either.
    expect(t.requests.filter((r) => r.kind === 'tool-call')).toEqual([]);
  }, 60_000);
});

describe('unattended runs: queue', () => {
  it('waits for a person like an interactive run, and goes on once approved', async () => {
    const agentId = await h.agent('Queued', [builtin('guarded')]);
    h.fake.script(reply.toolCalls([{ name: 'guarded', arguments: { what: 'q' } }]), reply.text('Approved and done'));
    const run = await h.runs.start(agentId, 'Work', { unattended: { approval: 'queue' } });
    const requested = await h.nextEvent('tool.call.requested', run.id);
    expect(requested.approval).toBe('required');
    await expect.poll(async () => (await h.runs.get(run.id)).status).toBe('waiting_approval');
    expect((await h.runs.get(run.id)).pendingApprovals).toEqual([expect.objectContaining({ callId: requested.callId, toolName: 'guarded' })]);
    h.runs.approve(run.id, requested.callId, 'allow');
    expect(await h.runs.waitFor(run.id)).toMatchObject({ status: 'succeeded', output: 'Approved and done' });
    expect(ofType(h.liveOf(run.id), 'tool.result')[0]?.output).toBe('guarded did q');
  });

  it('denies the call when no one answers within queueTimeoutMs', async () => {
    const before = calls.guarded;
    const agentId = await h.agent('Forgotten', [builtin('guarded')]);
    h.fake.script(reply.toolCalls([{ name: 'guarded', arguments: { what: 'late' } }]), reply.text('Went on without it'));
    const run = await h.runs.start(agentId, 'Work', { unattended: { approval: 'queue', queueTimeoutMs: 300 } });
    await expect.poll(async () => (await h.runs.get(run.id)).status).toBe('waiting_approval');
    const done = await h.runs.waitFor(run.id);
    expect(done).toMatchObject({ status: 'succeeded', output: 'Went on without it', pendingApprovals: [] });
    expect(calls.guarded).toBe(before);
    expect(ofType(h.liveOf(run.id), 'tool.call.denied')[0]?.reason).toBe('No one answered within 300 ms (automation policy: queue)');
    expect((await toolMessages(run.id))[0]).toMatchObject({ isError: true, content: expect.stringContaining('No one approved this tool call in time') });
    expect(() => h.runs.approve(run.id, 'any', 'allow')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});

describe('token budget', () => {
  it('stops the run after the step that used up its budget, without running that step’s tools', async () => {
    const before = calls.guarded;
    const agentId = await h.agent('Spender', [builtin('free'), builtin('guarded')]);
    h.fake.script(
      reply.toolCalls([{ name: 'free', arguments: {} }], { usage: { input: 40, output: 10 } }),
      reply.toolCalls([{ name: 'guarded', arguments: { what: 'more' } }], { usage: { input: 60, output: 15 } }),
    );
    const sent = h.fake.requests.length;
    const run = await h.run(agentId, 'Spend', { maxTokens: 100, unattended: { approval: 'allow-listed', allowTools: ['guarded'] } });
    expect(run).toMatchObject({
      status: 'failed',
      steps: 2,
      usage: { inputTokens: 100, outputTokens: 25 },
      error: { code: 'CONFLICT', message: 'Stopped after 125 tokens: the budget of this run is 100 tokens.', hint: expect.stringContaining('budget') },
    });
    expect(h.fake.requests.length - sent).toBe(2);
    expect(calls.guarded).toBe(before);
    expect(ofType(h.liveOf(run.id), 'run.finished')[0]).toMatchObject({ status: 'failed' });
  });

  it('a final answer within the step that crosses the budget still succeeds', async () => {
    const agentId = await h.agent('Frugal');
    h.fake.script(reply.text('Short answer', { usage: { input: 500, output: 500 } }));
    expect(await h.run(agentId, 'Hi', { maxTokens: 10 })).toMatchObject({ status: 'succeeded', output: 'Short answer' });
  });
});

describe('unattended policy (pure)', () => {
  const mcpTool: RuntimeTool = {
    spec: { name: 'files__read_file', description: '', inputSchema: {} },
    source: 'srv-id',
    key: 'srv-id:read_file',
    mcp: { serverName: 'files', tool: 'read_file' },
    approval: 'ask',
    call: async () => '',
  };
  it('matches the documented entry forms only', () => {
    for (const entry of ['files:read_file', 'files:*', 'files__read_file', 'srv-id:read_file', 'srv-id:*', ' files:read_file ']) {
      expect(entryMatches(entry, mcpTool), entry).toBe(true);
    }
    for (const entry of ['files:write_file', 'other:*', 'read_file', '*', 'files']) expect(entryMatches(entry, mcpTool), entry).toBe(false);
  });
  it('a listed tool whose definition must be reviewed again is still denied', () => {
    const verdict = unattendedVerdict({ approval: 'allow-listed', allowTools: ['files:*'] }, { ...mcpTool, mustAsk: true });
    expect(verdict).toMatchObject({ action: 'deny', reason: expect.stringContaining('definition changed') });
  });
  it('queue waits an hour by default', () => {
    expect(unattendedVerdict({ approval: 'queue' }, mcpTool)).toEqual({ action: 'queue', timeoutMs: 3_600_000 });
    expect([describeDuration(3_600_000), describeDuration(120_000), describeDuration(1500), describeDuration(250)]).toEqual(['1 hour', '2 minutes', '2 s', '250 ms']);
  });
});
