import type { Logger } from 'pino';
import type { Agent } from '@shared/entities/agent';
import type { ChatMessage, Usage } from '@shared/entities/llm';
import type { Run, TraceEventBody } from '@shared/entities/run';
import type { Bus } from '../bus/bus';
import { ApprovalGate } from './approvals';
import { withoutImageBytes } from './attachments';
import type { RunRepository } from './repository';
import type { UnattendedPolicy } from './unattended';
import { stripNul, TraceWriter } from './trace-writer';

export interface RunIo {
  bus: Bus;
  repo: RunRepository;
  logger: Logger;
}

/** The `run.finished` event of a run whose record holds its end. */
export function finishedEvent(run: Run): Extract<TraceEventBody, { type: 'run.finished' }> {
  return {
    type: 'run.finished',
    status: run.status,
    output: run.output,
    error: run.error,
    usage: run.usage,
    steps: run.steps,
    durationMs: Math.max(0, Date.parse(run.finishedAt ?? run.updatedAt) - Date.parse(run.createdAt)),
  };
}

/**
 * A run going on in this engine: its current record (published as `run.status` on each change and
 * stored in order), its trace, its pending approvals and its abort signal.
 */
export class ActiveRun {
  readonly controller = new AbortController();
  readonly writer: TraceWriter;
  readonly gate: ApprovalGate;
  /** Resolves with the ended run (trace and record stored). */
  done: Promise<Run> = Promise.resolve(undefined as never);
  private writes: Promise<void> = Promise.resolve();
  private messageSeq = 0;
  private unlinkParent = () => {};

  constructor(
    public run: Run,
    readonly agent: Agent,
    /** The agents of this run and the runs above it. */
    readonly agentChain: string[],
    private readonly io: RunIo,
    /** Set for runs started unattended (and the runs they delegate to). */
    readonly unattended?: UnattendedPolicy,
  ) {
    this.writer = new TraceWriter(run.id, run.parentRunId, io.bus, io.repo, io.logger);
    this.gate = new ApprovalGate((pending) => this.update({ pendingApprovals: pending, status: pending.length ? 'waiting_approval' : 'running' }));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops with the parent: the parent's abort reason becomes this run's. */
  follow(parent: AbortSignal): void {
    const onAbort = () => this.controller.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    this.unlinkParent = () => parent.removeEventListener('abort', onAbort);
  }

  emit = (event: TraceEventBody): void => {
    this.writer.emit(event);
  };

  update(patch: Partial<Run>): void {
    this.run = { ...this.run, ...patch, updatedAt: new Date().toISOString() };
    this.io.bus.publish('run.status', this.run);
    this.write(() => this.io.repo.save(this.run));
  }

  addUsage = (usage: Usage): void => {
    const { inputTokens, outputTokens } = this.run.usage;
    this.update({ usage: { inputTokens: inputTokens + usage.inputTokens, outputTokens: outputTokens + usage.outputTokens } });
  };

  /** Appends to the conversation and stores the message (images without their bytes: the text names them). */
  addMessage(messages: ChatMessage[], message: ChatMessage): void {
    const clean = stripNul(message);
    messages.push(clean);
    const seq = ++this.messageSeq;
    const stored = withoutImageBytes(clean);
    this.write(() => this.io.repo.addMessage(this.run.id, seq, stored));
  }

  /** Resolves once everything written so far is stored. */
  async flushed(): Promise<void> {
    await Promise.all([this.writer.drain(), this.writes]);
  }

  /** Records the end: the `run.finished` event, the stored record, then the final `run.status`. */
  async finish(end: Pick<Run, 'status' | 'output' | 'error'>): Promise<Run> {
    this.unlinkParent();
    const finishedAt = new Date().toISOString();
    this.run = { ...this.run, ...end, pendingApprovals: [], updatedAt: finishedAt, finishedAt };
    this.emit(finishedEvent(this.run));
    this.write(() => this.io.repo.save(this.run));
    await this.flushed();
    this.io.bus.publish('run.status', this.run);
    return this.run;
  }

  private write(fn: () => Promise<void>): void {
    this.writes = this.writes.then(fn).catch((error: unknown) => this.io.logger.error({ err: error, runId: this.run.id }, 'could not store run'));
  }
}
