import type { Run, Trace, TraceEvent, TraceEventBody } from '@shared/entities/run';

/** A run record with sensible defaults (tests, the in-memory API and the trace benchmark). */
export function makeRun(overrides: Partial<Run> & Pick<Run, 'id'>): Run {
  const createdAt = overrides.createdAt ?? new Date(Date.UTC(2026, 0, 1)).toISOString();
  return {
    agentId: 'agent-1',
    agentName: 'Researcher',
    model: { provider: 'ollama', model: 'llama3.2' },
    parentRunId: null,
    rootRunId: overrides.id,
    depth: 0,
    threadId: null,
    replacesRunId: null,
    agentRevision: null,
    status: 'running',
    input: 'Hello',
    output: null,
    error: null,
    usage: { inputTokens: 0, outputTokens: 0 },
    steps: 0,
    pendingApprovals: [],
    createdAt,
    updatedAt: createdAt,
    finishedAt: null,
    ...overrides,
  };
}

/** Stamps event bodies of one run with seq and time, as the runtime's trace writer does. */
export class EventStamper {
  private seq = 0;
  constructor(
    readonly runId: string,
    readonly parentRunId: string | null,
    private readonly clock: () => string,
  ) {}

  stamp(body: TraceEventBody): TraceEvent {
    return {
      ...body,
      runId: this.runId,
      parentRunId: this.parentRunId,
      seq: ++this.seq,
      at: this.clock(),
    } as TraceEvent;
  }
}

const WORDS = 'the agent reads the question then searches its notes and answers with care'.split(
  ' ',
);

/**
 * A deterministic trace of about `count` events shaped like a long real run: model calls with
 * streamed text, tool calls with results and some errors, memory recalls, retries, and now and
 * then a delegation to a child run with its own events.
 */
export function generateTrace(count: number, rootRunId = 'run-big'): Trace {
  let time = Date.UTC(2026, 0, 1, 12);
  const clock = () => new Date((time += 37)).toISOString();
  const events: TraceEvent[] = [];
  const runs: Run[] = [];
  const root = new EventStamper(rootRunId, null, clock);
  const started = new Date(time).toISOString();
  const push = (e: TraceEvent) => events.push(e);
  const model = { provider: 'ollama' as const, model: 'llama3.2' };

  const steps = (stamper: EventStamper, budget: number, depth: number) => {
    push(
      stamper.stamp({
        type: 'run.started',
        agentId: `agent-${depth}`,
        agentName: depth ? 'Helper' : 'Researcher',
        model,
        input: 'Find out',
        depth,
        tools: ['search', 'current_time'],
      }),
    );
    let step = 0;
    let used = 1;
    while (used < budget - 3) {
      step += 1;
      const before = events.length;
      push(
        stamper.stamp({
          type: 'model.request',
          step,
          provider: 'ollama',
          model: 'llama3.2',
          messageCount: step * 2 + 1,
          toolCount: 2,
        }),
      );
      if (step % 11 === 0)
        push(
          stamper.stamp({
            type: 'model.retry',
            step,
            attempt: 1,
            delayMs: 500,
            status: 429,
            code: 'RATE_LIMITED',
            message: 'Rate limit reached',
          }),
        );
      let text = '';
      for (let i = 0; i < 8; i++) {
        const word = `${i ? ' ' : ''}${WORDS[(step + i) % WORDS.length]}`;
        text += word;
        push(stamper.stamp({ type: 'text.delta', step, text: word }));
      }
      push(
        stamper.stamp({
          type: 'model.response',
          step,
          inputTokens: 120 + step * 40,
          outputTokens: 30,
          latencyMs: 400 + (step % 7) * 90,
          finishReason: 'tool_calls',
          text,
          toolCalls: [{ id: `c${step}`, name: 'search', arguments: { query: `q${step}` } }],
        }),
      );
      if (step % 7 === 0)
        push(
          stamper.stamp({
            type: 'memory.recalled',
            query: `q${step}`,
            items: [0.91, 0.77, 0.52].map((score, i) => ({
              id: `m${step}-${i}`,
              text: `Remembered fact ${i} about q${step}`,
              score,
            })),
          }),
        );
      const callId = `${stamper.runId}-c${step}`;
      push(
        stamper.stamp({
          type: 'tool.call.requested',
          step,
          callId,
          name: 'search',
          arguments: { query: `q${step}`, limit: 5 },
          source: 'builtin',
          approval: 'auto',
        }),
      );
      if (step % 13 === 0) {
        push(
          stamper.stamp({
            type: 'tool.error',
            callId,
            name: 'search',
            error: { code: 'TOOL_ERROR', message: 'The index is busy', hint: 'Try again.' },
            durationMs: 12,
          }),
        );
      } else {
        push(
          stamper.stamp({
            type: 'tool.result',
            callId,
            name: 'search',
            output: `Result ${step}: ${'lorem ipsum '.repeat((step % 5) + 1)}`,
            truncated: false,
            durationMs: 8 + (step % 9),
          }),
        );
      }
      if (depth === 0 && step % 25 === 0 && budget - used > 60) {
        const childId = `${rootRunId}-child-${step}`;
        push(
          stamper.stamp({
            type: 'delegation.started',
            callId,
            childRunId: childId,
            agentId: 'agent-1',
            agentName: 'Helper',
            task: `Look into q${step}`,
          }),
        );
        const child = new EventStamper(childId, stamper.runId, clock);
        const childStart = events.length;
        steps(child, 30, 1);
        runs.push(
          makeRun({
            id: childId,
            agentId: 'agent-1',
            agentName: 'Helper',
            parentRunId: rootRunId,
            rootRunId,
            depth: 1,
            status: 'succeeded',
            input: `Look into q${step}`,
            output: 'Done',
            createdAt: events[childStart]!.at,
            updatedAt: events.at(-1)!.at,
            finishedAt: events.at(-1)!.at,
          }),
        );
        push(
          stamper.stamp({
            type: 'delegation.finished',
            callId,
            childRunId: childId,
            agentName: 'Helper',
            status: 'succeeded',
            output: 'Done',
          }),
        );
      }
      used += events.length - before;
    }
    push(
      stamper.stamp({
        type: 'model.request',
        step: step + 1,
        provider: 'ollama',
        model: 'llama3.2',
        messageCount: step * 2 + 3,
        toolCount: 2,
      }),
    );
    push(
      stamper.stamp({
        type: 'model.response',
        step: step + 1,
        inputTokens: 900,
        outputTokens: 40,
        latencyMs: 700,
        finishReason: 'stop',
        text: 'All done.',
        toolCalls: [],
      }),
    );
    push(
      stamper.stamp({
        type: 'run.finished',
        status: 'succeeded',
        output: 'All done.',
        error: null,
        usage: { inputTokens: 9000, outputTokens: 2000 },
        steps: step + 1,
        durationMs: 60_000,
      }),
    );
  };

  steps(root, count, 0);
  const rootRun = makeRun({
    id: rootRunId,
    status: 'succeeded',
    input: 'Find out',
    output: 'All done.',
    createdAt: started,
    updatedAt: events.at(-1)!.at,
    finishedAt: events.at(-1)!.at,
  });
  return { runs: [rootRun, ...runs], events };
}
