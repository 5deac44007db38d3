import type { ErrorShape } from '@shared/errors';
import { AppError } from '@shared/errors';
import type { JsonObject } from '@shared/entities/llm';
import {
  isFinalRunStatus,
  type Run,
  type RunStatus,
  type Trace,
  type TraceEvent,
  type TraceEventBody,
} from '@shared/entities/run';
import { LibraryTestApi } from '../agents/test-api';
import { groupByRun } from './merge';
import { EventStamper, makeRun } from './trace-fixture';

/**
 * The in-memory API with runs, for component and store tests. `runs.start` creates a run and
 * traces `run.started`; the test then plays the engine's part with `stream`, `requestTool`,
 * `toolResult` and `finish`, which store each event (for `runs.trace`) and publish it live
 * (`run.event`, `run.status`), as the runtime does. Cancel and approve behave like the engine's.
 */
export class RunsTestApi extends LibraryTestApi {
  readonly runs = new Map<string, Run>();
  readonly events = new Map<string, TraceEvent[]>();
  /** Called after `runs.start` has answered (the engine starts the run then). */
  onStart: ((run: Run) => void) | null = null;
  private readonly stampers = new Map<string, EventStamper>();
  private runIds = 1;
  private time = Date.UTC(2026, 2, 1, 9);

  constructor() {
    super();
    this.extend({
      'runs.start': async ({ agent: ref, input }) => {
        const agent = [...this.agents.values()].find((a) => a.id === ref || a.name === ref);
        if (!agent) throw new AppError('NOT_FOUND', `No agent "${ref}".`);
        const run = this.addRun({
          agentId: agent.id,
          agentName: agent.name,
          model: agent.model,
          input,
        });
        this.emitEvent(run.id, {
          type: 'run.started',
          agentId: agent.id,
          agentName: agent.name,
          model: agent.model,
          input,
          depth: 0,
          tools: [],
        });
        setTimeout(() => this.onStart?.(run), 0);
        return run;
      },
      'runs.cancel': ({ runId }) => {
        const run = this.run(runId);
        if (isFinalRunStatus(run.status)) return run;
        return this.finish(runId, 'cancelled', {
          error: { code: 'CANCELLED', message: 'The run was cancelled.' },
        });
      },
      'runs.approve': ({ runId, callId, decision }) => {
        const run = this.run(runId);
        if (!run.pendingApprovals.some((p) => p.callId === callId)) {
          throw new AppError(
            'NOT_FOUND',
            `No tool call ${callId} is waiting for approval in this run.`,
          );
        }
        const pendingApprovals = run.pendingApprovals.filter((p) => p.callId !== callId);
        this.emitEvent(
          runId,
          decision === 'deny'
            ? { type: 'tool.call.denied', callId, reason: 'Denied by the user' }
            : { type: 'tool.call.approved', callId, decision },
        );
        return this.update(runId, {
          pendingApprovals,
          status: pendingApprovals.length ? 'waiting_approval' : 'running',
        });
      },
      'runs.get': ({ runId }) => this.run(runId),
      'runs.list': ({ agentId, status, parentRunId, limit, before }) =>
        [...this.runs.values()]
          .filter(
            (r) =>
              (!agentId || r.agentId === agentId) &&
              (!status || r.status === status) &&
              (parentRunId === undefined || r.parentRunId === parentRunId) &&
              (!before || r.createdAt < before),
          )
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .slice(0, limit),
      'runs.trace': ({ runId, includeChildren }) => this.trace(runId, includeChildren),
      'runs.messages': () => [],
      'runs.builtinTools': () => [],
    });
  }

  private tick(): string {
    return new Date((this.time += 250)).toISOString();
  }

  run(runId: string): Run {
    const run = this.runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', `No run with id ${runId}.`);
    return run;
  }

  /** Stores a run (as if started earlier) without publishing anything. */
  addRun(overrides: Partial<Run> = {}): Run {
    const id = overrides.id ?? `run-${this.runIds++}`;
    const at = this.tick();
    const parent = overrides.parentRunId ? this.run(overrides.parentRunId) : undefined;
    const run = makeRun({
      rootRunId: parent?.rootRunId ?? id,
      depth: parent ? parent.depth + 1 : 0,
      createdAt: at,
      updatedAt: at,
      ...overrides,
      id,
    });
    this.runs.set(id, run);
    this.stampers.set(id, new EventStamper(id, run.parentRunId, () => this.tick()));
    this.emit('run.status', run);
    return run;
  }

  /** Changes a run and publishes `run.status`. */
  update(runId: string, patch: Partial<Run>): Run {
    const run = { ...this.run(runId), ...patch, updatedAt: this.tick() };
    this.runs.set(runId, run);
    this.emit('run.status', run);
    return run;
  }

  /** Traces one event of a run: stored for `runs.trace` and published as `run.event`. */
  emitEvent(runId: string, body: TraceEventBody): TraceEvent {
    const stamper = this.stampers.get(runId);
    if (!stamper) throw new Error(`No run ${runId} in the test API.`);
    const event = stamper.stamp(body);
    this.events.set(runId, [...(this.events.get(runId) ?? []), event]);
    this.emit('run.event', event);
    return event;
  }

  /** A model call that streams `text` word by word. */
  stream(
    runId: string,
    step: number,
    text: string,
    toolCalls: { id: string; name: string; arguments: JsonObject }[] = [],
  ): void {
    this.emitEvent(runId, {
      type: 'model.request',
      step,
      provider: 'ollama',
      model: 'llama3.2',
      messageCount: 2,
      toolCount: 1,
    });
    for (const word of text.match(/\s*\S+/g) ?? [])
      this.emitEvent(runId, { type: 'text.delta', step, text: word });
    this.emitEvent(runId, {
      type: 'model.response',
      step,
      inputTokens: 12,
      outputTokens: text.split(/\s+/).filter(Boolean).length,
      latencyMs: 320,
      finishReason: toolCalls.length ? 'tool_calls' : 'stop',
      text,
      toolCalls,
    });
    const run = this.run(runId);
    this.update(runId, {
      steps: step,
      usage: { inputTokens: run.usage.inputTokens + 12, outputTokens: run.usage.outputTokens + 3 },
    });
  }

  /** The model asks for a tool; with `approval: 'required'` the run waits for `runs.approve`. */
  requestTool(
    runId: string,
    step: number,
    callId: string,
    name: string,
    args: JsonObject,
    approval: 'auto' | 'required' = 'auto',
  ): void {
    this.emitEvent(runId, {
      type: 'tool.call.requested',
      step,
      callId,
      name,
      arguments: args,
      source: 'builtin',
      approval,
    });
    if (approval === 'required') {
      const run = this.run(runId);
      this.update(runId, {
        status: 'waiting_approval',
        pendingApprovals: [
          ...run.pendingApprovals,
          { callId, toolName: name, arguments: args, requestedAt: this.tick() },
        ],
      });
    }
  }

  toolResult(runId: string, callId: string, name: string, output: string): void {
    this.emitEvent(runId, {
      type: 'tool.result',
      callId,
      name,
      output,
      truncated: false,
      durationMs: 4,
    });
  }

  /** Ends a run: `run.finished` (and the error event of a failure), then its final record. */
  finish(runId: string, status: RunStatus, end: { output?: string; error?: ErrorShape } = {}): Run {
    const run = this.run(runId);
    if (end.error && status === 'failed')
      this.emitEvent(runId, { type: 'error', error: end.error });
    const finishedAt = this.tick();
    this.emitEvent(runId, {
      type: 'run.finished',
      status,
      output: end.output ?? null,
      error: end.error ?? null,
      usage: run.usage,
      steps: run.steps,
      durationMs: Date.parse(finishedAt) - Date.parse(run.createdAt),
    });
    return this.update(runId, {
      status,
      output: end.output ?? null,
      error: end.error ?? null,
      pendingApprovals: [],
      finishedAt,
    });
  }

  /** Stores a whole trace (e.g. `generateTrace`) as past runs. */
  addTrace(trace: Trace): void {
    for (const run of trace.runs) {
      this.runs.set(run.id, run);
      this.stampers.set(run.id, new EventStamper(run.id, run.parentRunId, () => this.tick()));
    }
    for (const [runId, list] of groupByRun(trace.events)) {
      this.events.set(runId, [...(this.events.get(runId) ?? []), ...list]);
    }
  }

  private trace(runId: string, includeChildren: boolean): Trace {
    const ids = [runId];
    if (includeChildren) {
      for (let i = 0; i < ids.length; i++) {
        for (const r of this.runs.values()) if (r.parentRunId === ids[i]) ids.push(r.id);
      }
    }
    const events = ids
      .flatMap((id) => this.events.get(id) ?? [])
      .sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
    return { runs: ids.map((id) => this.run(id)), events };
  }
}
