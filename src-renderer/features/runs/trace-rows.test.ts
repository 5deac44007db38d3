import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '@shared/entities/run';
import { chatItems } from './conversation';
import { groupByRun } from './merge';
import { EventStamper, generateTrace, makeRun } from './trace-fixture';
import { groupRunEvents } from './trace-model';
import { buildTraceRows, countCategories, traceOf, type TraceCategory } from './trace-rows';

let time = Date.UTC(2026, 0, 1);
const clock = () => new Date((time += 100)).toISOString();

/** A run that streams, calls a tool after approval, delegates to a child run, and finishes. */
function sampleTrace() {
  const root = new EventStamper('root', null, clock);
  const child = new EventStamper('child', 'root', clock);
  const model = { provider: 'ollama' as const, model: 'llama3.2' };
  const events: TraceEvent[] = [
    root.stamp({
      type: 'run.started',
      agentId: 'a',
      agentName: 'Boss',
      model,
      input: 'Go',
      depth: 0,
      tools: ['search', 'delegate_to_agent'],
    }),
    root.stamp({
      type: 'model.request',
      step: 1,
      provider: 'ollama',
      model: 'llama3.2',
      messageCount: 2,
      toolCount: 2,
    }),
    root.stamp({ type: 'text.delta', step: 1, text: 'Let me' }),
    root.stamp({ type: 'text.delta', step: 1, text: ' look.' }),
    root.stamp({
      type: 'model.response',
      step: 1,
      inputTokens: 10,
      outputTokens: 3,
      latencyMs: 250,
      finishReason: 'tool_calls',
      text: 'Let me look.',
      toolCalls: [],
    }),
    root.stamp({
      type: 'tool.call.requested',
      step: 1,
      callId: 'c1',
      name: 'search',
      arguments: { q: 'x' },
      source: 'builtin',
      approval: 'required',
    }),
    root.stamp({ type: 'tool.call.approved', callId: 'c1', decision: 'allow' }),
    root.stamp({
      type: 'tool.result',
      callId: 'c1',
      name: 'search',
      output: 'found',
      truncated: false,
      durationMs: 5,
    }),
    root.stamp({
      type: 'tool.call.requested',
      step: 1,
      callId: 'c2',
      name: 'delegate_to_agent',
      arguments: { agent: 'Helper', task: 'Sum up' },
      source: 'builtin',
      approval: 'auto',
    }),
    root.stamp({
      type: 'delegation.started',
      callId: 'c2',
      childRunId: 'child',
      agentId: 'h',
      agentName: 'Helper',
      task: 'Sum up',
    }),
    child.stamp({
      type: 'run.started',
      agentId: 'h',
      agentName: 'Helper',
      model,
      input: 'Sum up',
      depth: 1,
      tools: [],
    }),
    child.stamp({
      type: 'memory.recalled',
      query: 'Sum up',
      items: [{ id: 'm', text: 'A fact', score: 0.8 }],
    }),
    child.stamp({ type: 'text.delta', step: 1, text: 'Summary' }),
    child.stamp({
      type: 'run.finished',
      status: 'succeeded',
      output: 'Summary',
      error: null,
      usage: { inputTokens: 1, outputTokens: 1 },
      steps: 1,
      durationMs: 100,
    }),
    root.stamp({
      type: 'delegation.finished',
      callId: 'c2',
      childRunId: 'child',
      agentName: 'Helper',
      status: 'succeeded',
      output: 'Summary',
    }),
    root.stamp({
      type: 'tool.result',
      callId: 'c2',
      name: 'delegate_to_agent',
      output: 'Summary',
      truncated: false,
      durationMs: 120,
    }),
    root.stamp({
      type: 'model.retry',
      step: 2,
      attempt: 1,
      delayMs: 1000,
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Slow down',
    }),
    root.stamp({
      type: 'error',
      error: { code: 'PROVIDER_ERROR', message: 'Gone', hint: 'Start Ollama.' },
    }),
    root.stamp({
      type: 'run.finished',
      status: 'failed',
      output: null,
      error: { code: 'PROVIDER_ERROR', message: 'Gone', hint: 'Start Ollama.' },
      usage: { inputTokens: 10, outputTokens: 3 },
      steps: 2,
      durationMs: 900,
    }),
  ];
  return Object.fromEntries(groupByRun(events));
}

const none = { hidden: new Set<TraceCategory>(), collapsed: new Set<string>() };
const kinds = (rows: ReturnType<typeof buildTraceRows>) =>
  rows.map((r) => `${r.depth}:${r.entry.kind === 'event' ? r.entry.event.type : r.entry.kind}`);

describe('trace rows', () => {
  it('groups deltas, model calls and tool calls, and nests the child run under its delegation', () => {
    const rows = buildTraceRows(sampleTrace(), 'root', none);
    expect(kinds(rows)).toEqual([
      '0:run.started',
      '0:model',
      '0:text',
      '0:tool',
      '0:tool',
      '0:delegation',
      '1:run.started',
      '1:memory.recalled',
      '1:text',
      '1:run.finished',
      '0:model.retry',
      '0:error',
      '0:run.finished',
    ]);
    const text = rows[2]!.entry;
    expect(text.kind === 'text' && [text.text, text.deltas, text.done]).toEqual([
      'Let me look.',
      2,
      true,
    ]);
    const tool = rows[3]!.entry;
    expect(tool.kind === 'tool' && [tool.state, tool.decision?.type, tool.result?.output]).toEqual([
      'succeeded',
      'tool.call.approved',
      'found',
    ]);
  });

  it('folds a delegation and hides filtered categories', () => {
    const byRun = sampleTrace();
    const folded = buildTraceRows(byRun, 'root', {
      ...none,
      collapsed: new Set(['delegation:root:child']),
    });
    expect(folded.filter((r) => r.depth > 0)).toEqual([]);
    expect(folded.find((r) => r.entry.kind === 'delegation')?.collapsed).toBe(true);

    const toolsOnly = buildTraceRows(byRun, 'root', {
      ...none,
      hidden: new Set<TraceCategory>(['run', 'model', 'text', 'delegation', 'memory', 'errors']),
    });
    expect(kinds(toolsOnly)).toEqual(['0:tool', '0:tool']);
    expect(countCategories(byRun, 'root')).toEqual({
      run: 4,
      model: 2,
      text: 2,
      tools: 2,
      delegation: 1,
      memory: 1,
      errors: 1,
    });
  });

  it('counts failed tool calls as errors, and shows them under "Errors" alone', () => {
    const s = new EventStamper('r', null, clock);
    const call = (callId: string) =>
      s.stamp({
        type: 'tool.call.requested',
        step: 1,
        callId,
        name: 'fetch',
        arguments: {},
        source: 'builtin',
        approval: 'auto',
      });
    const byRun = Object.fromEntries(
      groupByRun([
        call('ok'),
        s.stamp({
          type: 'tool.result',
          callId: 'ok',
          name: 'fetch',
          output: 'fine',
          truncated: false,
          durationMs: 1,
        }),
        call('bad'),
        s.stamp({
          type: 'tool.error',
          callId: 'bad',
          name: 'fetch',
          error: { code: 'TOOL_ERROR', message: 'HTTP 500' },
          durationMs: 2,
        }),
        s.stamp({ type: 'error', error: { code: 'INTERNAL', message: 'Model went away' } }),
      ]),
    );
    expect(countCategories(byRun, 'r')).toMatchObject({ tools: 2, errors: 2 });
    const errorsOnly = buildTraceRows(byRun, 'r', {
      ...none,
      hidden: new Set<TraceCategory>(['run', 'model', 'text', 'tools', 'delegation', 'memory']),
    });
    expect(
      errorsOnly.map((r) => (r.entry.kind === 'tool' ? `tool:${r.entry.callId}` : r.entry.kind)),
    ).toEqual(['tool:bad', 'event']);
    const noErrors = buildTraceRows(byRun, 'r', {
      ...none,
      hidden: new Set<TraceCategory>(['errors']),
    });
    expect(noErrors.map((r) => r.entry.kind)).toEqual(['tool', 'tool']);
  });

  it('marks calls and text left unfinished by the end of a run as stopped', () => {
    const s = new EventStamper('r', null, clock);
    const entries = groupRunEvents([
      s.stamp({ type: 'text.delta', step: 1, text: 'Half' }),
      s.stamp({
        type: 'tool.call.requested',
        step: 1,
        callId: 'c',
        name: 't',
        arguments: {},
        source: 'builtin',
        approval: 'required',
      }),
      s.stamp({
        type: 'run.finished',
        status: 'cancelled',
        output: null,
        error: null,
        usage: { inputTokens: 0, outputTokens: 0 },
        steps: 1,
        durationMs: 1,
      }),
    ]);
    expect(
      entries.map((e) => (e.kind === 'tool' ? e.state : e.kind === 'text' ? e.done : e.kind)),
    ).toEqual([true, 'stopped', 'event']);
  });

  it('places a child run whose delegation event is missing after its parent', () => {
    const byRun = sampleTrace();
    byRun.root = byRun.root!.filter((e) => e.type !== 'delegation.started');
    const rows = buildTraceRows(byRun, 'root', none);
    expect(kinds(rows).slice(-4)).toEqual([
      '1:run.started',
      '1:memory.recalled',
      '1:text',
      '1:run.finished',
    ]);
  });

  it('exports the trace as runs.trace answers it', () => {
    const byRun = sampleTrace();
    const runs = {
      root: makeRun({ id: 'root' }),
      child: makeRun({ id: 'child', parentRunId: 'root', rootRunId: 'root', depth: 1 }),
    };
    const trace = traceOf(byRun, runs, 'root');
    expect(trace.runs.map((r) => r.id)).toEqual(['root', 'child']);
    expect(trace.events).toHaveLength(19);
    expect(trace.events.map((e) => e.at)).toEqual([...trace.events.map((e) => e.at)].sort());
  });

  it('accounts for every tool call and delegation of a 10,000-event trace', () => {
    const trace = generateTrace(10_000);
    expect(trace.events.length).toBeGreaterThanOrEqual(9_900);
    const byRun = Object.fromEntries(groupByRun(trace.events));
    const rows = buildTraceRows(byRun, 'run-big', none);
    const count = (type: string) => trace.events.filter((e) => e.type === type).length;
    expect(rows.filter((r) => r.entry.kind === 'tool')).toHaveLength(count('tool.call.requested'));
    expect(rows.filter((r) => r.entry.kind === 'delegation')).toHaveLength(
      count('delegation.started'),
    );
    expect(rows.filter((r) => r.entry.kind === 'model')).toHaveLength(count('model.request'));
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});

describe('chat items', () => {
  it('shows text, tools and a delegation as one item, without repeating the final error', () => {
    const byRun = sampleTrace();
    const run = makeRun({
      id: 'root',
      status: 'failed',
      error: { code: 'PROVIDER_ERROR', message: 'Gone' },
    });
    const items = chatItems(byRun.root!, run);
    expect(items.map((i) => i.kind)).toEqual(['text', 'tool', 'delegation', 'note']);
    expect(items[3]).toMatchObject({ tone: 'warning' });
  });

  it('falls back to the run output when no text was traced', () => {
    const run = makeRun({ id: 'r', status: 'succeeded', output: 'Stored answer' });
    expect(chatItems([], run)).toEqual([
      { kind: 'text', key: 'output:r', text: 'Stored answer', streaming: false },
    ]);
  });
});
