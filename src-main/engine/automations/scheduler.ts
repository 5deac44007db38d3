import { DEFAULT_MAX_PARALLEL } from '@shared/entities/automation';
import type {
  AutomationPolicies,
  AutomationRunRecord,
  AutomationRunResultStatus,
  Trigger,
} from '@shared/entities/automation';
import { NO_FAILURES, recordResult, retryDelayMs, shouldRetry } from './failures';
import type { FailureState } from './failures';
import { onFire, onRunEnded } from './overlap';
import { dueFires, nextFire } from './schedule';

/**
 * Keeps the next fire of every automation and fires it through `dispatch`, applying the missed,
 * overlap and failure policies. Free of I/O: time comes from the injected clock, runs are started by
 * `dispatch` and reported back with `finish`, what became of each fire goes to `record`.
 */

export type TimerHandle = unknown;

export interface SchedulerClock {
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** Longest single timer: a later fire is reached by waking up and re-arming (setTimeout overflows past ~24.8 days). */
export const MAX_TIMER_MS = 6 * 3600_000;

/** Which trigger fired: its kind, a key naming it within the automation (`t0`, `t1`… for timed ones), and what it carried. */
export interface FireTrigger {
  kind: string;
  key: string;
  payload?: Record<string, unknown>;
}

export interface Fire {
  automationId: string;
  runId: string;
  /** The scheduled time of the fire, epoch ms. */
  scheduledFor: number;
  /** 0 for the first try, then 1, 2… for retries. */
  attempt: number;
  trigger: FireTrigger;
}

/** A record of what became of a fire, with the trigger that fired. */
export type SchedulerRecord = AutomationRunRecord & { trigger: FireTrigger };

export interface RunResult {
  status: AutomationRunResultStatus;
  reason?: string;
  /** A transient error (network, rate limit): retried with backoff within `maxRetries`. */
  transient?: boolean;
}

export interface SchedulerDeps {
  clock: SchedulerClock;
  /** Start a run for the fire; report its end with `finish(fire.runId, result)`. */
  dispatch(automationId: string, fire: Fire): void;
  /** Stop a run going on (overlap `replace`, pause, remove); it still reports its end with `finish`. */
  cancel(automationId: string, runId: string, reason: string): void;
  /** What became of a fire (or of many, counted). */
  record(record: SchedulerRecord): void;
  /** Conditions checked when a trigger fires (time window, power); a refused fire is recorded as `skipped_condition`. */
  admit?(automationId: string, fire: Fire): { ok: true } | { ok: false; reason: string };
  /** The system paused an automation (too many failures), with the reason for the user. */
  onPaused?(automationId: string, reason: string): void;
  /** Lateness still counted as on time (default ON_TIME_MS). */
  onTimeMs?: number;
}

export interface AutomationSpec {
  id: string;
  /** Its timed trigger (or use `triggers` for several; none: it fires only through `fireNow`). */
  trigger?: Trigger;
  triggers?: Trigger[];
  policies: AutomationPolicies;
  /** When it was (re-)enabled, epoch ms (default: now). Fires before it are never due. */
  enabledAt?: number;
  /** The latest fire already handled, from the store (null: never fired); one per trigger with `triggers`. */
  lastScheduled?: number | null | (number | null)[];
  /** Grid origin of `every` triggers (default: enabledAt). */
  anchor?: number;
  paused?: boolean;
}

export interface AutomationState {
  id: string;
  paused: boolean;
  pausedBy: 'user' | 'system' | null;
  pauseReason: string | null;
  /** The next fire, epoch ms, or null if none is due (paused, or an `at` that has passed). */
  next: number | null;
  /** The latest fire handled, of any trigger. */
  lastScheduled: number | null;
  /** The latest fire handled, per trigger. */
  lastScheduledByTrigger: (number | null)[];
  enabledAt: number;
  running: string[];
  queued: number;
  consecutiveFailures: number;
}

interface Slot {
  trigger: Trigger;
  lastScheduled: number | null;
  next: number | null;
}

function triggersOf(spec: AutomationSpec): Trigger[] {
  return spec.triggers ?? (spec.trigger ? [spec.trigger] : []);
}

function lastOf(spec: AutomationSpec, i: number): number | null | undefined {
  const l = spec.lastScheduled;
  if (l === undefined) return undefined;
  if (Array.isArray(l)) return l[i] ?? null;
  return i === 0 ? l : null;
}

function minNext(slots: Slot[]): number | null {
  let next: number | null = null;
  for (const s of slots) if (s.next !== null && (next === null || s.next < next)) next = s.next;
  return next;
}

interface Entry {
  spec: AutomationSpec;
  enabledAt: number;
  anchor: number;
  slots: Slot[];
  next: number | null;
  paused: boolean;
  pausedBy: 'user' | 'system' | null;
  pauseReason: string | null;
  timer: TimerHandle | null;
  running: Map<string, Fire>;
  queue: Fire[];
  retryTimers: Set<TimerHandle>;
  failures: FailureState;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  /** Runs no longer tracked (replaced, removed) whose end is still to be reported. */
  private readonly detached = new Map<string, Fire>();
  private seq = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  /**
   * Adds an automation, or updates its trigger and policies (keeping its runs, waiting fires and
   * failure count). A changed trigger starts afresh from now: nothing of the old schedule is due.
   */
  upsert(spec: AutomationSpec): void {
    const now = this.deps.clock.now();
    const existing = this.entries.get(spec.id);
    if (existing) {
      this.disarm(existing);
      this.clearRetries(existing);
    }
    const triggers = triggersOf(spec);
    const oldTriggers = existing ? triggersOf(existing.spec) : [];
    const sameTrigger = existing !== undefined && JSON.stringify(oldTriggers) === JSON.stringify(triggers);
    const enabledAt = spec.enabledAt ?? (sameTrigger ? existing.enabledAt : now);
    const paused = spec.paused ?? existing?.paused ?? false;
    const keepPause = paused && existing?.paused === true;
    const entry: Entry = {
      spec,
      enabledAt,
      anchor: spec.anchor ?? (sameTrigger ? existing.anchor : enabledAt),
      slots: triggers.map((trigger, i) => {
        const stored = lastOf(spec, i);
        const kept = existing && JSON.stringify(oldTriggers[i]) === JSON.stringify(trigger) ? (existing.slots[i]?.lastScheduled ?? null) : null;
        return { trigger, lastScheduled: stored !== undefined ? stored : sameTrigger ? kept : null, next: null };
      }),
      next: null,
      paused,
      pausedBy: keepPause ? existing.pausedBy : paused ? 'user' : null,
      pauseReason: keepPause ? existing.pauseReason : paused ? 'Paused by the user' : null,
      timer: null,
      running: existing?.running ?? new Map(),
      queue: existing?.queue ?? [],
      retryTimers: new Set(),
      failures: existing?.failures ?? NO_FAILURES,
    };
    this.entries.set(spec.id, entry);
    if (paused) this.dropQueue(entry, entry.pauseReason ?? 'Paused');
    else this.evaluate(entry);
  }

  /** Stops firing (runs going on finish); waiting fires are dropped as cancelled. */
  pause(id: string, reason = 'Paused by the user'): void {
    const entry = this.entries.get(id);
    if (!entry || entry.paused) return;
    this.pauseEntry(entry, 'user', reason);
  }

  /** Fires again from now on: what fell due while paused is never fired (no backlog). Resets the failure count. */
  resume(id: string): void {
    const entry = this.entries.get(id);
    if (!entry || !entry.paused) return;
    entry.paused = false;
    entry.pausedBy = null;
    entry.pauseReason = null;
    entry.failures = NO_FAILURES;
    entry.enabledAt = this.deps.clock.now();
    if (entry.slots.some((s) => s.trigger.kind === 'every')) entry.anchor = entry.enabledAt;
    this.evaluate(entry);
  }

  /** Forgets the automation: cancels its runs and waiting fires. */
  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.disarm(entry);
    this.clearRetries(entry);
    this.dropQueue(entry, 'The automation was removed');
    this.entries.delete(id);
    for (const fire of entry.running.values()) {
      this.detached.set(fire.runId, fire);
      this.deps.cancel(id, fire.runId, 'The automation was removed');
    }
  }

  /** The clock moved (sleep/resume, wall clock changed): re-evaluate every automation now. */
  jump(): void {
    for (const entry of this.entries.values()) {
      if (entry.paused) continue;
      this.disarm(entry);
      this.evaluate(entry);
    }
  }

  /**
   * Fires an automation now, outside its schedule (an event trigger: a file, a webhook, startup, another
   * automation, or by hand). Conditions and the overlap policy apply. Returns the fire's run id, or
   * null if the automation is unknown, or paused (unless `force`: by hand).
   */
  fireNow(id: string, trigger: FireTrigger, scheduledFor = this.deps.clock.now(), options: { force?: boolean } = {}): string | null {
    const entry = this.entries.get(id);
    if (!entry || (entry.paused && !options.force)) return null;
    return this.fire(entry, scheduledFor, 0, trigger);
  }

  /**
   * Forgets a started fire without recording anything: another engine on the same database had
   * claimed it. Waiting fires may start.
   */
  abandon(runId: string): void {
    const entry = [...this.entries.values()].find((e) => e.running.has(runId));
    if (!entry) return;
    entry.running.delete(runId);
    this.drain(entry);
  }

  /** The ids of the automations it knows. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** A run's end, as reported by whoever ran it. Returns false for a run it does not know. */
  finish(runId: string, result: RunResult): boolean {
    const now = this.deps.clock.now();
    const detached = this.detached.get(runId);
    if (detached) {
      this.detached.delete(runId);
      this.emit(detached, result.status, now, result.reason);
      return true;
    }
    const entry = [...this.entries.values()].find((e) => e.running.has(runId));
    const fire = entry?.running.get(runId);
    if (!entry || !fire) return false;
    entry.running.delete(runId);
    this.emit(fire, result.status, now, result.reason);

    const failures = entry.spec.policies.failures;
    if (!entry.paused && shouldRetry(result, fire.attempt, failures)) {
      const handle = this.deps.clock.setTimer(retryDelayMs(fire.attempt + 1, failures), () => {
        entry.retryTimers.delete(handle);
        if (!entry.paused && this.entries.get(entry.spec.id) === entry)
          this.fire(entry, fire.scheduledFor, fire.attempt + 1, fire.trigger);
      });
      entry.retryTimers.add(handle);
    } else {
      const step = recordResult(entry.failures, result, failures.pauseAfter);
      entry.failures = step.state;
      if (step.pause && !entry.paused) {
        this.pauseEntry(entry, 'system', step.pause.reason);
        this.deps.onPaused?.(entry.spec.id, step.pause.reason);
      }
    }
    this.drain(entry);
    return true;
  }

  state(id: string): AutomationState | null {
    const e = this.entries.get(id);
    if (!e) return null;
    return {
      id,
      paused: e.paused,
      pausedBy: e.pausedBy,
      pauseReason: e.pauseReason,
      next: e.paused ? null : e.next,
      lastScheduled: e.slots.reduce<number | null>((max, s) => (s.lastScheduled !== null && (max === null || s.lastScheduled > max) ? s.lastScheduled : max), null),
      lastScheduledByTrigger: e.slots.map((s) => s.lastScheduled),
      enabledAt: e.enabledAt,
      running: [...e.running.keys()],
      queued: e.queue.length,
      consecutiveFailures: e.failures.consecutive,
    };
  }

  /** Stops all timers (the engine is shutting down); runs and state are left as they are. */
  stop(): void {
    for (const entry of this.entries.values()) {
      this.disarm(entry);
      this.clearRetries(entry);
    }
  }

  private evaluate(entry: Entry): void {
    const now = this.deps.clock.now();
    const runs: { at: number; trigger: FireTrigger }[] = [];
    entry.slots.forEach((slot, i) => {
      const trigger: FireTrigger = { kind: slot.trigger.kind, key: `t${i}` };
      const plan = dueFires(slot.trigger, {
        lastScheduled: slot.lastScheduled,
        enabledAt: entry.enabledAt,
        now,
        missed: entry.spec.policies.missed,
        anchor: entry.anchor,
        ...(this.deps.onTimeMs === undefined ? {} : { onTimeMs: this.deps.onTimeMs }),
      });
      slot.lastScheduled = plan.lastScheduled;
      slot.next = plan.next;
      for (const r of plan.records) {
        this.deps.record({
          automationId: entry.spec.id,
          status: r.status,
          scheduledFor: r.scheduledFor,
          firstScheduledFor: r.firstScheduledFor,
          count: r.count,
          attempt: 0,
          at: now,
          reason: r.capped ? `${r.reason} (at least ${r.count} fires)` : r.reason,
          trigger,
        });
      }
      if (plan.run !== null) runs.push({ at: plan.run, trigger });
    });
    entry.next = minNext(entry.slots);
    for (const run of runs.sort((a, b) => a.at - b.at)) this.fire(entry, run.at, 0, run.trigger);
    if (!entry.paused) this.arm(entry);
  }

  private arm(entry: Entry): void {
    this.disarm(entry);
    if (entry.next === null) return;
    const delay = Math.min(Math.max(0, entry.next - this.deps.clock.now()), MAX_TIMER_MS);
    entry.timer = this.deps.clock.setTimer(delay, () => {
      entry.timer = null;
      if (!entry.paused && this.entries.get(entry.spec.id) === entry) this.evaluate(entry);
    });
  }

  private disarm(entry: Entry): void {
    if (entry.timer !== null) this.deps.clock.clearTimer(entry.timer);
    entry.timer = null;
  }

  private clearRetries(entry: Entry): void {
    for (const handle of entry.retryTimers) this.deps.clock.clearTimer(handle);
    entry.retryTimers.clear();
  }

  private fire(entry: Entry, scheduledFor: number, attempt: number, trigger: FireTrigger): string | null {
    const id = entry.spec.id;
    const fire: Fire = { automationId: id, runId: `${id}:${++this.seq}`, scheduledFor, attempt, trigger };
    const now = this.deps.clock.now();
    const admitted = this.deps.admit?.(id, fire) ?? { ok: true };
    if (!admitted.ok) {
      this.emit({ ...fire, runId: '' }, 'skipped_condition', now, admitted.reason);
      return null;
    }
    const decision = onFire(entry.spec.policies.overlap, {
      running: entry.running.size,
      queued: entry.queue.length,
      maxParallel: entry.spec.policies.maxParallel ?? DEFAULT_MAX_PARALLEL,
    });
    switch (decision.action) {
      case 'start':
        this.start(entry, fire);
        return fire.runId;
      case 'queue':
        entry.queue.push(fire);
        this.emit(fire, 'scheduled', now, 'Waiting for the run going on to end');
        return fire.runId;
      case 'skip':
      case 'coalesce':
        this.emit({ ...fire, runId: '' }, decision.status, now, decision.reason);
        return null;
      case 'replace':
        for (const running of entry.running.values()) {
          this.detached.set(running.runId, running);
          this.deps.cancel(id, running.runId, decision.reason);
        }
        entry.running.clear();
        this.start(entry, fire);
        return fire.runId;
    }
  }

  private start(entry: Entry, fire: Fire): void {
    entry.running.set(fire.runId, fire);
    this.emit(fire, 'running', this.deps.clock.now());
    this.deps.dispatch(entry.spec.id, fire);
  }

  private drain(entry: Entry): void {
    while (
      !entry.paused &&
      onRunEnded(entry.spec.policies.overlap, {
        running: entry.running.size,
        queued: entry.queue.length,
        maxParallel: entry.spec.policies.maxParallel ?? DEFAULT_MAX_PARALLEL,
      }) === 'start-queued'
    ) {
      const fire = entry.queue.shift();
      if (!fire) return;
      this.start(entry, fire);
    }
  }

  private pauseEntry(entry: Entry, by: 'user' | 'system', reason: string): void {
    entry.paused = true;
    entry.pausedBy = by;
    entry.pauseReason = reason;
    entry.next = null;
    this.disarm(entry);
    this.clearRetries(entry);
    this.dropQueue(entry, reason);
  }

  private dropQueue(entry: Entry, reason: string): void {
    const now = this.deps.clock.now();
    for (const fire of entry.queue.splice(0)) this.emit(fire, 'cancelled', now, reason);
  }

  private emit(
    fire: Fire,
    status: AutomationRunRecord['status'],
    at: number,
    reason?: string,
  ): void {
    this.deps.record({
      automationId: fire.automationId,
      ...(fire.runId ? { runId: fire.runId } : {}),
      status,
      scheduledFor: fire.scheduledFor,
      count: 1,
      attempt: fire.attempt,
      at,
      ...(reason ? { reason } : {}),
      trigger: fire.trigger,
    });
  }
}

/** The next `n` fires of a trigger after `after` (for previews: "next runs at …"). */
export function previewFires(trigger: Trigger, after: Date, n: number): Date[] {
  const out: Date[] = [];
  let cursor: Date | null = after;
  while (out.length < n && cursor) {
    cursor = nextFire(trigger, cursor, after);
    if (cursor) out.push(cursor);
  }
  return out;
}
