// Sampling and elicitation with the real server-everything: the engine's ServerRequests decides
// (policy, attended or not), the user answers through the API handlers. The LLM layer is a
// stand-in here (the sampler's model choice is unit-tested in sampler.test.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CreateMessageRequest } from '@modelcontextprotocol/sdk/types.js';
import type { McpElicitationRequest, McpSamplingRequest } from '@shared/entities/mcp-server-requests';
import { mcpHandlers } from '../../src-main/engine/mcp/handlers';
import { ServerRequests, type Sampler } from '../../src-main/engine/mcp/server-requests';
import { createTestMcp, packageBin, type TestMcp } from './helpers';

let t: TestMcp;
let requests: ServerRequests;
let handlers: ReturnType<typeof mcpHandlers>;
let attended = true;
let policy: 'ask' | 'allow' | 'deny' = 'ask';
const sampled: Array<{ params: CreateMessageRequest['params']; model: string | undefined }> = [];
const asked: { sampling: McpSamplingRequest[]; elicitation: McpElicitationRequest[] } = { sampling: [], elicitation: [] };
let answerSampling: (request: McpSamplingRequest) => void = () => undefined;
let answerForm: (request: McpElicitationRequest) => void = () => undefined;
let id = '';

const sample: Sampler = async (params, context) => {
  sampled.push({ params, model: context.model });
  return { role: 'assistant', model: context.model ?? 'stand-in', content: { type: 'text', text: `answer to ${params.messages.length} message(s)` } };
};
const api = ((name: string, input: unknown) =>
  (handlers as Record<string, (input: unknown, ctx: object) => Promise<unknown>>)[name]!(input, {})) as (
  name: keyof typeof handlers,
  input: unknown,
) => Promise<unknown>;

beforeAll(async () => {
  // The handlers exist before the manager: the server sees both capabilities at initialize.
  const lazyBus = {
    publish: (event: never, payload: never) => t.bus.publish(event, payload),
    subscribe: (event: never, listener: never) => t.bus.subscribe(event, listener),
  } as unknown as TestMcp['bus'];
  requests = new ServerRequests({ bus: lazyBus, attended: () => attended, samplingPolicy: () => policy, sample });
  t = await createTestMcp({ handlers: requests.handlers() });
  handlers = mcpHandlers({ manager: t.manager, service: t.service, requests });
  t.bus.subscribe('mcp.sampling.requested', (r) => {
    asked.sampling.push(r);
    setImmediate(() => answerSampling(r));
  });
  t.bus.subscribe('mcp.elicitation.requested', (r) => {
    asked.elicitation.push(r);
    setImmediate(() => answerForm(r));
  });
  const view = await t.service.create({
    name: 'everything',
    transport: { type: 'stdio', command: process.execPath, args: [packageBin('@modelcontextprotocol/server-everything')] },
    approval: { default: 'allow', tools: {} },
  });
  id = view.server.id;
  await t.manager.start(id);
}, 60_000);

afterAll(() => t?.close());

const text = (result: { content: Array<{ type: string; text?: unknown }> }) =>
  result.content.map((c) => (typeof c.text === 'string' ? c.text : '')).join('\n');

describe('sampling with server-everything', () => {
  test('the server offers its sampling and elicitation tools (the capabilities are declared)', async () => {
    const names = (await t.manager.tools(id)).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['trigger-sampling-request', 'trigger-elicitation-request']));
  });

  test('ask: the request waits for the user, who edits it and picks a model through mcp.sampling.respond', async () => {
    attended = true;
    policy = 'ask';
    sampled.length = 0;
    answerSampling = (r) =>
      void api('mcp.sampling.respond', { requestId: r.id, decision: 'allow', maxTokens: 7, model: 'ollama:llama3.2' });
    const result = await t.manager.callTool(id, 'trigger-sampling-request', { prompt: 'Say hi', maxTokens: 50 });
    expect(asked.sampling.at(-1)).toMatchObject({ serverId: id, serverName: 'everything' });
    expect((asked.sampling.at(-1)!.params as { systemPrompt?: string }).systemPrompt).toBe('You are a helpful test server.');
    expect(sampled).toHaveLength(1);
    expect(sampled[0]!.params.maxTokens).toBe(7);
    expect(sampled[0]!.model).toBe('ollama:llama3.2');
    expect(text(result)).toContain('answer to 1 message(s)');
    expect(await api('mcp.sampling.pending', {})).toEqual([]);
  });

  test('ask: the user denies; the model is not called', async () => {
    sampled.length = 0;
    answerSampling = (r) => void api('mcp.sampling.respond', { requestId: r.id, decision: 'deny' });
    const outcome = await t.manager.callTool(id, 'trigger-sampling-request', { prompt: 'Say hi' }).then(text, (e: Error) => e.message);
    expect(outcome).toMatch(/denied by the user/);
    expect(sampled).toHaveLength(0);
  });

  test('unattended: ask becomes deny without asking; allow calls the model without asking; deny refuses', async () => {
    attended = false;
    const before = asked.sampling.length;
    sampled.length = 0;
    policy = 'ask';
    const denied = await t.manager.callTool(id, 'trigger-sampling-request', { prompt: 'x' }).then(text, (e: Error) => e.message);
    expect(denied).toMatch(/nobody can approve it/);
    policy = 'deny';
    const refused = await t.manager.callTool(id, 'trigger-sampling-request', { prompt: 'x' }).then(text, (e: Error) => e.message);
    expect(refused).toMatch(/denied by the server’s policy/);
    expect(sampled).toHaveLength(0);
    policy = 'allow';
    const allowed = await t.manager.callTool(id, 'trigger-sampling-request', { prompt: 'x' });
    expect(text(allowed)).toContain('answer to 1 message(s)');
    expect(sampled).toHaveLength(1);
    expect(asked.sampling.length).toBe(before);
  });
});

describe('elicitation with server-everything', () => {
  test('attended: the form reaches the user, who accepts it through mcp.elicitation.respond; omitted fields take the defaults', async () => {
    attended = true;
    answerForm = (r) => void api('mcp.elicitation.respond', { requestId: r.id, action: 'accept', content: { name: 'Ada' } });
    const result = text(await t.manager.callTool(id, 'trigger-elicitation-request', {}));
    const form = asked.elicitation.at(-1)!;
    expect(form.serverName).toBe('everything');
    expect((form.requestedSchema as { required?: string[] }).required).toEqual(['name']);
    expect(result).toContain('User provided the requested information');
    expect(result).toContain('Ada');
    // SEP-1034: the SDK fills in the schema's defaults the user left out.
    expect(result).toContain('It was a dark and stormy night.');
  });

  test('attended: decline and cancel are passed on', async () => {
    answerForm = (r) => void api('mcp.elicitation.respond', { requestId: r.id, action: 'decline' });
    expect(text(await t.manager.callTool(id, 'trigger-elicitation-request', {}))).toContain('declined');
    answerForm = (r) => void api('mcp.elicitation.respond', { requestId: r.id, action: 'cancel' });
    expect(text(await t.manager.callTool(id, 'trigger-elicitation-request', {}))).toContain('cancelled');
  });

  test('unattended: the form is declined without asking', async () => {
    attended = false;
    const before = asked.elicitation.length;
    expect(text(await t.manager.callTool(id, 'trigger-elicitation-request', {}))).toContain('declined');
    expect(asked.elicitation.length).toBe(before);
  });

  test('an answer to a request that is no longer waiting is NOT_FOUND', async () => {
    await expect(api('mcp.elicitation.respond', { requestId: 'gone', action: 'accept' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
