import { describe, expect, it } from 'vitest';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { EventPayload } from '@shared/api/index';
import { emitRunSpans } from './run-spans';

type E = EventPayload<'run.event'>;
const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

function memoryTracer() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracer: provider.getTracer('test') };
}

describe('run spans from trace events', () => {
  it('ends what was left open as interrupted when the events stop (the engine closing)', () => {
    const { exporter, tracer } = memoryTracer();
    const events: E[] = [
      { runId: 'r1', parentRunId: null, seq: 1, at: t(0), type: 'run.started', agentId: 'a', agentName: 'Long', model: { provider: 'anthropic', model: 'claude-x' }, input: 'go', depth: 0, tools: [] },
      { runId: 'r1', parentRunId: null, seq: 2, at: t(1), type: 'model.request', step: 1, provider: 'anthropic', model: 'claude-x', messageCount: 1, toolCount: 0 },
      { runId: 'r1', parentRunId: null, seq: 3, at: t(2), type: 'model.retry', step: 1, attempt: 1, delayMs: 1000, status: 429, code: 'RATE_LIMITED', message: 'slow down' },
    ];
    emitRunSpans(tracer, events, { captureContent: false, now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, 9)) });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['chat claude-x', 'invoke_agent Long']);
    const [chat, run] = spans;
    expect(chat!.attributes).toMatchObject({ 'error.type': 'interrupted', 'gen_ai.provider.name': 'anthropic' });
    expect(chat!.events.map((e) => [e.name, e.attributes?.['error.type']])).toEqual([['retry', 'RATE_LIMITED']]);
    expect(run!.attributes).toMatchObject({ 'agent_factory.run.status': 'interrupted', 'error.type': 'interrupted' });
    expect(run!.status.code).toBe(2);
    expect(run!.endTime[0] - run!.startTime[0]).toBe(9);
    expect(chat!.parentSpanContext?.spanId).toBe(run!.spanContext().spanId);
  });

  it('marks a failed run with its error code, and a cancelled one without an error status', () => {
    const { exporter, tracer } = memoryTracer();
    const started = (runId: string): E => ({ runId, parentRunId: null, seq: 1, at: t(0), type: 'run.started', agentId: 'a', agentName: runId, model: { provider: 'openai-compatible', model: 'm' }, input: 'x', depth: 0, tools: [] });
    const finished = (runId: string, status: 'failed' | 'cancelled'): E => ({
      runId, parentRunId: null, seq: 2, at: t(1), type: 'run.finished', status, output: null,
      error: status === 'failed' ? { code: 'PROVIDER_ERROR', message: 'boom' } : null, usage: { inputTokens: 0, outputTokens: 0 }, steps: 0, durationMs: 1000,
    });
    emitRunSpans(tracer, [started('f'), finished('f', 'failed')], { captureContent: false });
    emitRunSpans(tracer, [started('c'), finished('c', 'cancelled')], { captureContent: false });
    const [failed, cancelled] = exporter.getFinishedSpans();
    expect(failed!.attributes).toMatchObject({ 'error.type': 'PROVIDER_ERROR', 'gen_ai.provider.name': 'openai', 'agent_factory.provider': 'openai-compatible' });
    expect(failed!.status.code).toBe(2);
    expect(cancelled!.attributes['error.type']).toBe('cancelled');
    expect(cancelled!.status.code).toBe(0);
  });
});
