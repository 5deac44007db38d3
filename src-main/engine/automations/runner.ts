import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AutomationRun, AutomationRunStatus } from '@shared/entities/automation';
import type { Run } from '@shared/entities/run';
import { AppError } from '@shared/errors';
import type { Bus } from '../bus/bus';
import type { RunService } from '../runtime/service';
import { type AutomationRepository, type AutomationRunRow, type StoredAutomation, toAutomationRun } from './repository';
import type { Fire, RunResult, Scheduler, SchedulerRecord } from './scheduler';
import { fireVariables, renderInput } from './template';

/** Statuses a record ends with. */
const FINAL: readonly AutomationRunStatus[] = ['succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted', 'skipped_overlap', 'skipped_condition', 'missed', 'coalesced'];

/** Error codes of runs worth retrying (the provider was busy or unreachable). */
const TRANSIENT_CODES = new Set(['RATE_LIMITED', 'PROVIDER_ERROR', 'UNAVAILABLE']);

/** What a run's end means for its automation. */
export function resultOf(run: Run): RunResult {
  switch (run.status) {
    case 'succeeded':
      return { status: 'succeeded' };
    case 'cancelled':
      return { status: 'cancelled', reason: run.error?.message ?? 'Stopped' };
    case 'interrupted':
      return { status: 'interrupted', reason: run.error?.message ?? 'The engine stopped during the run' };
    case 'max_steps':
      return { status: 'failed', reason: 'Stopped at the step limit before the agent answered (raise the budget’s steps)' };
    default: {
      const code = run.error?.code;
      if (code === 'TIMEOUT') return { status: 'timed_out', reason: run.error?.message ?? 'Timed out' };
      return { status: 'failed', reason: run.error?.message ?? 'Failed', transient: code !== undefined && TRANSIENT_CODES.has(code) };
    }
  }
}

/** A claim key: the same fire of the same trigger has the same key on every engine. */
export function claimKey(automationId: string, record: Pick<SchedulerRecord, 'trigger' | 'scheduledFor' | 'attempt' | 'status'>): string | null {
  // Event fires (a file, a webhook, by hand) arrive at one engine; they need no claim.
  if (!/^t\d+$/.test(record.trigger.key)) return null;
  const fire = `${automationId}/${record.trigger.key}@${record.scheduledFor}`;
  return record.status === 'missed' || record.status === 'coalesced' ? `${fire}:${record.status}` : `${fire}#${record.attempt}`;
}

export interface RunnerDeps {
  repo: AutomationRepository;
  bus: Bus;
  runs: RunService;
  logger: Logger;
  engineId: string;
  /** The automation as last loaded (the service keeps them). */
  automation(id: string): StoredAutomation | undefined;
  scheduler(): Scheduler;
  /** Runs of automations going on at once, all automations together (read at each start: settings may change). */
  maxConcurrent(): number;
  /** A fire's record was written (live history, deliveries of ended runs). */
  onRecord(record: AutomationRun, row: AutomationRunRow, output: string | null): void;
  /** The thread that holds the automation's runs (made with its first run). */
  onThread(automationId: string, threadId: string): void;
}

interface Tracked {
  rowId: string;
  fire: Fire;
  runId: string | null;
  output: string | null;
}

/**
 * Between the scheduler and the world: writes each fire's record before its run is dispatched (a
 * unique claim key makes one engine of several run it), keeps the global limit of runs at once,
 * starts unattended runs and reports their end back to the scheduler.
 */
export class AutomationRunner {
  /** Fires by the scheduler's fire id. */
  private readonly fires = new Map<string, Tracked>();
  /** Fires claimed and waiting for a free slot (global limit). */
  private readonly waiting: Tracked[] = [];
  private active = 0;
  /** Fires another engine claimed first (several engines on one database). */
  lostClaims = 0;
  /** Writes happen one after another, in the order the scheduler made them. */
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: RunnerDeps) {}

  /** Runs of automations going on in this engine. */
  get running(): number {
    return this.active;
  }

  /** Resolves when every write made so far is done. */
  idle(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  private queue<T>(write: () => Promise<T>): Promise<T | undefined> {
    const next = this.chain.then(write).catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'automation record could not be written');
      return undefined;
    });
    this.chain = next;
    return next;
  }

  /** The scheduler's `record`: returns the write (the caller may wait for the row). */
  record(record: SchedulerRecord): Promise<AutomationRunRow | undefined> {
    return this.queue(async () => {
      const { repo } = this.deps;
      if (/^t\d+$/.test(record.trigger.key)) await repo.markScheduled(record.automationId, record.trigger.key, record.scheduledFor);
      const tracked = record.runId ? this.fires.get(record.runId) : undefined;
      // 'running' is written by dispatch (the claim comes first).
      if (record.status === 'running') return undefined;
      if (tracked) {
        const done = FINAL.includes(record.status);
        const row = await repo.updateRun(tracked.rowId, {
          status: record.status,
          reason: record.reason ?? null,
          ...(done ? { finishedAt: new Date(record.at) } : {}),
        });
        if (done) this.fires.delete(tracked.fire.runId);
        if (row) this.deps.onRecord(toAutomationRun(row), row, done ? tracked.output : null);
        return row;
      }
      const row = await this.insert(record, record.status);
      if (row && record.status === 'scheduled' && record.runId) {
        const fire: Fire = { automationId: record.automationId, runId: record.runId, scheduledFor: record.scheduledFor, attempt: record.attempt, trigger: record.trigger };
        this.fires.set(record.runId, { rowId: row.id, fire, runId: null, output: null });
      }
      if (row) this.deps.onRecord(toAutomationRun(row), row, null);
      return row;
    });
  }

  private async insert(record: SchedulerRecord, status: AutomationRunStatus): Promise<AutomationRunRow | undefined> {
    const automation = this.deps.automation(record.automationId);
    return this.deps.repo.claim({
      id: randomUUID(),
      automationId: record.automationId,
      automationName: automation?.name ?? record.automationId,
      status,
      triggerKind: record.trigger.kind,
      triggerPayload: record.trigger.payload ?? {},
      scheduledFor: new Date(record.scheduledFor),
      firstScheduledFor: record.firstScheduledFor !== undefined ? new Date(record.firstScheduledFor) : null,
      count: record.count,
      attempt: record.attempt,
      reason: record.reason ?? null,
      claimKey: claimKey(record.automationId, record),
      engineId: this.deps.engineId,
      startedAt: null,
      finishedAt: FINAL.includes(status) ? new Date(record.at) : null,
    });
  }

  /** The scheduler's `dispatch`: claims the fire, then starts its run when a slot is free. */
  dispatch(fire: Fire, inputOverride?: string): Promise<AutomationRunRow | undefined> {
    return this.queue(async () => {
      const known = this.fires.get(fire.runId);
      let row: AutomationRunRow | undefined;
      if (known) {
        row = await this.deps.repo.updateRun(known.rowId, { status: 'scheduled', reason: null });
      } else {
        row = await this.insert({ ...fire, status: 'scheduled', count: 1, at: Date.now() }, 'scheduled');
        if (!row) {
          // Another engine on this database claimed this fire: it runs it.
          this.lostClaims += 1;
          this.deps.scheduler().abandon(fire.runId);
          return undefined;
        }
        this.fires.set(fire.runId, { rowId: row.id, fire, runId: null, output: null });
      }
      const tracked = this.fires.get(fire.runId);
      if (!row || !tracked) return row;
      if (inputOverride) tracked.fire.trigger.payload = { ...tracked.fire.trigger.payload, input: inputOverride };
      if (this.active < this.deps.maxConcurrent()) {
        this.active += 1;
        return (await this.start(tracked)) ?? row;
      }
      this.waiting.push(tracked);
      const waitingRow = await this.deps.repo.updateRun(row.id, { reason: `Waiting for a free slot (${this.deps.maxConcurrent()} automation runs at once)` });
      if (waitingRow) this.deps.onRecord(toAutomationRun(waitingRow), waitingRow, null);
      return waitingRow ?? row;
    });
  }

  /** Starts the run of a claimed fire (inside the write chain), in a slot already taken. */
  private async start(tracked: Tracked): Promise<AutomationRunRow | undefined> {
    const { fire } = tracked;
    const automation = this.deps.automation(fire.automationId);
    if (!automation || this.closed) {
      this.release();
      this.finishLater(fire, { status: 'cancelled', reason: automation ? 'The engine is stopping' : 'The automation was removed' });
      return undefined;
    }
    try {
      const payload = fire.trigger.payload ?? {};
      const input = typeof payload.input === 'string' ? payload.input : renderInput(automation.input, variables(automation, fire));
      const { budget, permissions } = automation;
      const options = {
        history: false,
        ...(automation.agentRevision !== null ? { agentRevision: automation.agentRevision } : {}),
        maxSteps: budget.maxSteps,
        // Waiting for a person (permissions: queue) does not eat the run's wall time.
        timeoutMs: Math.min(24 * 3600_000, budget.timeoutMs + (permissions.approval === 'queue' ? permissions.queueTimeoutMs : 0)),
        ...(budget.maxTokens ? { maxTokens: budget.maxTokens } : {}),
        unattended: { approval: permissions.approval, allowTools: permissions.allowTools, queueTimeoutMs: permissions.queueTimeoutMs },
      };
      const run = await this.deps.runs
        .start(automation.agentId, input, { ...options, ...(automation.threadId ? { threadId: automation.threadId } : { newThread: true }) })
        // The user deleted the automation's thread: its runs go into a new one.
        .catch((error: unknown) => {
          if (automation.threadId && error instanceof AppError && error.code === 'NOT_FOUND' && /thread/i.test(error.message)) {
            return this.deps.runs.start(automation.agentId, input, { ...options, newThread: true });
          }
          throw error;
        });
      tracked.runId = run.id;
      if (run.threadId && run.threadId !== automation.threadId) this.deps.onThread(automation.id, run.threadId);
      const row = await this.deps.repo.updateRun(tracked.rowId, { status: 'running', reason: null, runId: run.id, threadId: run.threadId, startedAt: new Date() });
      if (row) this.deps.onRecord(toAutomationRun(row), row, null);
      void this.deps.runs.waitFor(run.id).then((ended) => this.ended(tracked, ended));
      return row;
    } catch (error) {
      this.release();
      const reason = error instanceof Error ? error.message : String(error);
      this.finishLater(fire, { status: 'failed', reason: `The run could not start: ${reason}` });
      return undefined;
    }
  }

  private async ended(tracked: Tracked, run: Run): Promise<void> {
    tracked.output = run.output;
    await this.queue(() => this.deps.repo.updateRun(tracked.rowId, { usage: run.usage }));
    this.release();
    this.deps.scheduler().finish(tracked.fire.runId, resultOf(run));
  }

  /** Frees a slot and starts the next waiting fire. */
  private release(): void {
    this.active -= 1;
    this.pump();
  }

  /** Reports an end outside the write chain (the scheduler's `finish` writes through `record`). */
  private finishLater(fire: Fire, result: RunResult): void {
    queueMicrotask(() => {
      if (!this.deps.scheduler().finish(fire.runId, result)) this.fires.delete(fire.runId);
    });
  }

  /** Starts waiting fires while slots are free (also when the limit was raised). */
  pump(): void {
    while (!this.closed && this.active < this.deps.maxConcurrent() && this.waiting.length) {
      const next = this.waiting.shift()!;
      this.active += 1;
      void this.queue(() => this.start(next));
    }
  }

  /** The scheduler's `cancel`: stops a run, or drops a fire still waiting for a slot. */
  cancel(fireId: string, reason: string): void {
    const tracked = this.fires.get(fireId);
    if (!tracked) return;
    const waitingAt = this.waiting.indexOf(tracked);
    if (waitingAt >= 0) {
      this.waiting.splice(waitingAt, 1);
      this.finishLater(tracked.fire, { status: 'cancelled', reason });
      return;
    }
    if (tracked.runId) void this.deps.runs.cancel(tracked.runId).catch(() => undefined);
  }

  /** The automation run record a run belongs to (for approvals and notifications). */
  fireOfRun(runId: string): Fire | undefined {
    for (const t of this.fires.values()) if (t.runId === runId) return t.fire;
    return undefined;
  }

  /** Stops starting runs; waiting fires end cancelled (runs going on end with the runtime). */
  async close(): Promise<void> {
    this.closed = true;
    for (const tracked of this.waiting.splice(0)) {
      await this.queue(() => this.deps.repo.updateRun(tracked.rowId, { status: 'interrupted', reason: 'The engine stopped before the run could start', finishedAt: new Date() }));
    }
    await this.idle();
  }
}

/** The variables of an automation's input template for one fire. */
export function variables(automation: StoredAutomation, fire: Fire): Record<string, string | undefined> {
  const p = fire.trigger.payload ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const zone = automation.triggers.find((t) => t.kind === 'cron')?.timezone;
  return fireVariables({
    now: new Date(),
    automationName: automation.name,
    ...(zone ? { timeZone: zone } : {}),
    trigger: {
      kind: fire.trigger.kind,
      scheduledFor: new Date(fire.scheduledFor),
      ...(str(p.file) ? { file: str(p.file) } : {}),
      ...(str(p.event) ? { event: str(p.event) } : {}),
      ...(str(p.body) ? { body: str(p.body) } : {}),
      ...(str(p.afterOutput) !== undefined ? { afterOutput: str(p.afterOutput) } : {}),
      ...(str(p.afterStatus) ? { afterStatus: str(p.afterStatus) } : {}),
    },
  });
}
