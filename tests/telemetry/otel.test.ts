import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/api/index';
import { reply } from '../fakes/index';
import { useEngineHarness } from '../helpers/engine-harness';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';

const INTERNAL = 1;
const CLIENT = 3;
const ERROR = 2;

/**
 * Runs exported as OTLP traces to a real OTLP/HTTP endpoint started here, configured through the
 * settings: nothing while off, then a span tree per the GenAI conventions (a delegated run nested
 * under the tool call that started it), and prompts and answers only with content capture on.
 */
describe('OpenTelemetry traces of runs', () => {
  let receiver: OtlpReceiver;
  // Started before the engine and closed after it: the engine may export spans until it closes.
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  const harness = useEngineHarness({ prefix: 'af-otel-', engine: { version: '1.2.3-test' } });
  const { call } = harness;

  /** Starts a run and waits for it (and what it delegated) to finish. */
  async function runToEnd(agent: string, input: string): Promise<string> {
    const done = new Set<string>();
    const off = harness.engine.bus.subscribe('run.status', (r: EventPayload<'run.status'>) => {
      if (r.status !== 'running' && r.status !== 'waiting_approval') done.add(r.id);
    });
    try {
      const run = await call('runs.start', { agent, input });
      await expect.poll(() => done.has(run.id), { timeout: 30_000 }).toBe(true);
      return run.id;
    } finally {
      off();
    }
  }

  const otlp = (patch: Partial<{ enabled: boolean; endpoint: string; headers: Record<string, string>; headersSecret: string; captureContent: boolean }>) =>
    call('settings.update', { patch: { telemetry: { otlp: { enabled: false, headers: {}, captureContent: false, ...patch } } } });

  let helperId = '';
  let offRunId = '';

  it('exports nothing while off (the default, and with an endpoint but not enabled)', async () => {
    expect(harness.engine.tracing.config).toBeUndefined();
    const helper = await call('agents.create', { name: 'Helper', model: { provider: 'ollama', model: 'fake-model' } });
    helperId = helper.id;
    await call('agents.create', { name: 'Boss', model: { provider: 'ollama', model: 'fake-model' }, tools: [{ kind: 'builtin', name: 'current_time' }], delegateIds: [helper.id] });
    harness.fake.script(reply.text('Nothing to see'));
    offRunId = await runToEnd('Helper', 'A quiet question');
    await otlp({ enabled: false, endpoint: receiver.url });
    harness.fake.script(reply.text('Still nothing'));
    await runToEnd('Helper', 'Another quiet question');
    await harness.engine.tracing.flush();
    expect(harness.engine.tracing.config).toBeUndefined();
    expect(receiver.bodies).toEqual([]);
  });

  it('exports a run tree: invoke_agent, chat and execute_tool spans, the delegated run under its tool call', async () => {
    await harness.engine.secrets.set('otlp.headers', 'authorization=Bearer%20k-123');
    await otlp({ enabled: true, endpoint: receiver.url, headers: { 'x-tenant': 't1' }, headersSecret: 'otlp.headers' });
    await expect.poll(() => harness.engine.tracing.config?.url).toBe(`${receiver.url}/v1/traces`);
    harness.fake.script(
      reply.toolCalls([
        { id: 'call-time', name: 'current_time', arguments: {} },
        { id: 'call-helper', name: 'delegate_to_agent', arguments: { agent: 'Helper', task: 'PRIVATE-TASK name the dog' } },
        { id: 'call-nobody', name: 'delegate_to_agent', arguments: { agent: 'Nobody', task: 'x' } },
      ]),
      reply.text('PRIVATE-ANSWER the dog is Rex', { usage: { input: 11, output: 7 } }),
      reply.text('All done', { usage: { input: 30, output: 2 } }),
    );
    const runId = await runToEnd('Boss', 'PRIVATE-PROMPT what time is it and who is the dog?');
    await harness.engine.tracing.flush();

    expect(receiver.headers.at(-1)).toMatchObject({ 'x-tenant': 't1', authorization: 'Bearer k-123' });
    const spans = receiver.spans;
    const byName = (name: string) => spans.filter((s) => s.name === name);
    const childrenOf = (span: ReceivedSpan) => spans.filter((s) => s.parentSpanId === span.spanId);
    const attr = (span: ReceivedSpan | undefined, key: string) => span?.attributes[key];

    const [boss] = byName('invoke_agent Boss');
    expect(boss).toBeDefined();
    expect(boss!.parentSpanId).toBeUndefined();
    expect(boss!.kind).toBe(INTERNAL);
    expect(boss!.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'Boss',
      'gen_ai.provider.name': 'ollama',
      'gen_ai.request.model': 'fake-model',
      'agent_factory.run.id': runId,
      'agent_factory.run.status': 'succeeded',
    });
    expect(boss!.resource).toMatchObject({ 'service.name': 'agent-factory', 'service.version': '1.2.3-test' });
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    // The run that ran while export was off is not there.
    expect(spans.some((s) => s.attributes['agent_factory.run.id'] === offRunId)).toBe(false);

    const under = childrenOf(boss!);
    const chats = under.filter((s) => s.name === 'chat fake-model');
    expect(chats.map((c) => c.kind)).toEqual([CLIENT, CLIENT]);
    expect(chats.map((c) => attr(c, 'gen_ai.response.finish_reasons'))).toEqual([['tool_calls'], ['stop']]);
    expect(chats[1]!.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 30, 'gen_ai.usage.output_tokens': 2, 'gen_ai.request.model': 'fake-model' });

    const tools = under.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
    expect(tools.map((t) => [t.name, attr(t, 'gen_ai.tool.call.id'), attr(t, 'agent_factory.tool.outcome')]).sort()).toEqual([
      ['execute_tool current_time', 'call-time', 'ok'],
      ['execute_tool delegate_to_agent', 'call-helper', 'ok'],
      ['execute_tool delegate_to_agent', 'call-nobody', 'error'],
    ]);
    const refused = tools.find((t) => attr(t, 'gen_ai.tool.call.id') === 'call-nobody')!;
    expect(refused.attributes).toMatchObject({ 'error.type': 'FORBIDDEN', 'gen_ai.tool.name': 'delegate_to_agent' });
    expect(refused.statusCode).toBe(ERROR);
    expect(tools.find((t) => attr(t, 'gen_ai.tool.call.id') === 'call-time')!.attributes).toMatchObject({ 'gen_ai.tool.type': 'function', 'agent_factory.tool.source': 'builtin' });

    // The delegated run nests under the tool call that started it, with its own model call.
    const delegating = tools.find((t) => attr(t, 'gen_ai.tool.call.id') === 'call-helper')!;
    const [helper] = childrenOf(delegating);
    expect(helper).toMatchObject({ name: 'invoke_agent Helper', kind: INTERNAL });
    expect(helper!.attributes).toMatchObject({ 'gen_ai.agent.id': helperId, 'agent_factory.run.depth': 1 });
    expect(childrenOf(helper!).map((s) => [s.name, attr(s, 'gen_ai.usage.input_tokens'), attr(s, 'gen_ai.usage.output_tokens')])).toEqual([['chat fake-model', 11, 7]]);

    // Times nest: every span within its parent.
    for (const span of spans) {
      expect(span.endNs >= span.startNs).toBe(true);
      const parent = spans.find((s) => s.spanId === span.parentSpanId);
      if (parent) expect(span.startNs >= parent.startNs && span.endNs <= parent.endNs, `${span.name} within ${parent.name}`).toBe(true);
    }
    // No content without capture.
    const sent = receiver.bodies.join('\n');
    for (const secret of ['PRIVATE-PROMPT', 'PRIVATE-TASK', 'PRIVATE-ANSWER', 'All done']) expect(sent).not.toContain(secret);
    expect(spans.some((s) => Object.keys(s.attributes).some((k) => /messages|arguments|result/.test(k)))).toBe(false);
  });

  it('adds prompts, answers and tool arguments only with content capture on', async () => {
    await otlp({ enabled: true, endpoint: receiver.url, captureContent: true });
    await expect.poll(() => harness.engine.tracing.config?.captureContent).toBe(true);
    const before = receiver.spans.length;
    harness.fake.script(reply.toolCalls([{ id: 'c1', name: 'current_time', arguments: {} }]), reply.text('CAPTURED-ANSWER it is noon'));
    await runToEnd('Boss', 'CAPTURED-PROMPT what time is it?');
    await harness.engine.tracing.flush();
    const spans = receiver.spans.slice(before);
    const boss = spans.find((s) => s.name === 'invoke_agent Boss')!;
    expect(JSON.parse(boss.attributes['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'CAPTURED-PROMPT what time is it?' }] }]);
    expect(JSON.parse(boss.attributes['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'CAPTURED-ANSWER it is noon' }] }]);
    const chats = spans.filter((s) => s.name === 'chat fake-model');
    expect(JSON.parse(chats[0]!.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'current_time', arguments: {} }], finish_reason: 'tool_calls' },
    ]);
    const tool = spans.find((s) => s.name === 'execute_tool current_time')!;
    expect(tool.attributes['gen_ai.tool.call.arguments']).toBe('{}');
    expect(typeof tool.attributes['gen_ai.tool.call.result']).toBe('string');
  });
});
