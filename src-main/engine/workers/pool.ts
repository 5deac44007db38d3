import type { Transferable } from 'node:worker_threads';
import { AppError } from '@shared/errors';
import { WorkerProgress, WorkerResponse, type WorkerErrorShape } from './protocol';
import { spawnWorker, type SpawnOptions, type WorkerHandle, type WorkerScript } from './spawn';

/** How a task failed for reasons of the worker rather than of the task's own code. */
export type WorkerFailureKind = 'timeout' | 'out_of_memory' | 'crashed' | 'cancelled' | 'closed';

export class WorkerTaskError extends Error {
  constructor(
    readonly kind: WorkerFailureKind,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'WorkerTaskError';
  }
}

export interface WorkerPoolOptions {
  script: WorkerScript;
  /** Most workers alive at once. */
  size: number;
  /** Threads, or child processes for untrusted input (see `SpawnOptions.isolation`). */
  isolation: SpawnOptions['isolation'];
  /** Heap cap per worker, in MB. */
  memoryMb?: number;
  /** Passed to every worker at start. */
  data?: unknown;
  /** An idle worker is stopped after this long (default 30 s). */
  idleMs?: number;
  /** Turns an error a worker reported into the error the caller sees (default: an AppError). */
  mapError?: (shape: WorkerErrorShape) => Error;
}

/** How long a task (or one phase of it) may take. */
export interface TaskBudget {
  /** Wall-clock limit: the worker is terminated when the task runs longer. */
  timeoutMs: number;
  /**
   * CPU-time limit, where the worker's CPU time can be measured (a process on Linux): on a loaded
   * machine a task may take far longer than the work it does. Elsewhere `timeoutMs` alone applies.
   */
  cpuTimeMs?: number;
}

export interface TaskOptions extends TaskBudget {
  signal?: AbortSignal;
  transfer?: Transferable[];
  /** The worker reported a new phase of the task: the budget it returns applies from now on. */
  onPhase?: (phase: string) => TaskBudget | undefined;
}

interface Task {
  payload: unknown;
  options: TaskOptions;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker?: WorkerHandle;
  task?: Task;
  taskId: number;
  timer?: NodeJS.Timeout;
  cpuWatch?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
  onAbort?: () => void;
}

export interface WorkerPoolStats {
  workers: number;
  busy: number;
  queued: number;
}

const defaultMapError = (shape: WorkerErrorShape) =>
  new AppError(shape.code, shape.message, shape.hint ? { hint: shape.hint } : {});

/**
 * A small pool of worker threads that run one task at a time each. A task that runs past its time
 * limit, is cancelled, or makes its worker crash or run out of memory ends that worker; the pool
 * starts a fresh one for the next task. Idle workers stop after `idleMs`.
 */
export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private readonly exits = new Set<Promise<unknown>>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  run(payload: unknown, options: TaskOptions): Promise<unknown> {
    if (this.closed) return Promise.reject(new WorkerTaskError('closed', 'The worker pool is closed'));
    if (options.signal?.aborted) return Promise.reject(new WorkerTaskError('cancelled', 'Cancelled'));
    return new Promise((resolve, reject) => {
      this.queue.push({ payload, options, resolve, reject });
      this.dispatch();
    });
  }

  stats(): WorkerPoolStats {
    let busy = 0;
    for (const slot of this.slots) if (slot.task) busy++;
    return { workers: this.slots.size, busy, queued: this.queue.length };
  }

  /** Rejects queued and running tasks, stops every worker and waits until they have exited. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new WorkerTaskError('closed', 'The worker pool closed'));
    for (const slot of [...this.slots]) this.retire(slot, new WorkerTaskError('closed', 'The worker pool closed'));
    while (this.exits.size > 0) await Promise.allSettled([...this.exits]);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => !s.task && s.worker);
      if (!slot) {
        if (this.slots.size >= this.options.size) return;
        slot = { taskId: 0 };
        this.slots.add(slot);
        this.start(slot);
      }
      const task = this.queue.shift();
      if (task) this.assign(slot, task);
    }
  }

  private start(slot: Slot): void {
    const spawning = spawnWorker(this.options.script, {
      isolation: this.options.isolation,
      data: this.options.data,
      ...(this.options.memoryMb ? { memoryMb: this.options.memoryMb } : {}),
    }).then(
      (worker) => {
        if (!this.slots.has(slot)) {
          this.track(worker.terminate());
          return;
        }
        slot.worker = worker;
        worker.onMessage((message) => this.onMessage(slot, message));
        worker.onEnd((end) => this.retire(slot, new WorkerTaskError(end.kind, end.message)));
        if (slot.task) this.send(slot);
      },
      (error: unknown) => this.retire(slot, new WorkerTaskError('crashed', `Could not start the worker: ${String(error)}`)),
    );
    this.track(spawning);
  }

  private assign(slot: Slot, task: Task): void {
    clearTimeout(slot.idleTimer);
    slot.task = task;
    slot.taskId = this.nextId++;
    this.budget(slot, task.options);
    const signal = task.options.signal;
    if (signal) {
      slot.onAbort = () => this.retire(slot, new WorkerTaskError('cancelled', 'Cancelled'));
      signal.addEventListener('abort', slot.onAbort, { once: true });
    }
    if (slot.worker) this.send(slot);
  }

  private send(slot: Slot): void {
    const { worker, task } = slot;
    if (!worker || !task) return;
    worker.ref(true);
    // CPU time is counted from here: a fresh worker's start-up is not the task's.
    if (task.options.cpuTimeMs !== undefined) this.watchCpu(slot, task.options.cpuTimeMs);
    worker.post({ id: slot.taskId, payload: task.payload }, task.options.transfer);
  }

  /** (Re)starts the task's wall-clock limit, and its CPU limit once the worker runs it. */
  private budget(slot: Slot, budget: TaskBudget): void {
    clearTimeout(slot.timer);
    clearInterval(slot.cpuWatch);
    slot.cpuWatch = undefined;
    slot.timer = setTimeout(
      () => this.retire(slot, new WorkerTaskError('timeout', `The task took longer than ${budget.timeoutMs} ms`)),
      budget.timeoutMs,
    );
    if (slot.worker && budget.cpuTimeMs !== undefined) this.watchCpu(slot, budget.cpuTimeMs);
  }

  /** Ends the task when the worker has spent `limitMs` of CPU time on it (where that can be measured). */
  private watchCpu(slot: Slot, limitMs: number): void {
    clearInterval(slot.cpuWatch);
    const start = slot.worker?.cpuTimeMs?.();
    if (start === undefined) return;
    slot.cpuWatch = setInterval(
      () => {
        const used = (slot.worker?.cpuTimeMs?.() ?? start) - start;
        if (used > limitMs) this.retire(slot, new WorkerTaskError('timeout', `The task used more than ${limitMs} ms of CPU time`));
      },
      Math.max(10, Math.min(250, limitMs / 4)),
    );
    slot.cpuWatch.unref();
  }

  private onMessage(slot: Slot, message: unknown): void {
    const progress = WorkerProgress.safeParse(message);
    if (progress.success && progress.data.id === slot.taskId && slot.task) {
      const next = slot.task.options.onPhase?.(progress.data.phase);
      if (next) this.budget(slot, next);
      return;
    }
    const parsed = WorkerResponse.safeParse(message);
    const task = slot.task;
    if (!task || !parsed.success || parsed.data.id !== slot.taskId) return;
    this.finish(slot);
    if (parsed.data.ok) task.resolve(parsed.data.result);
    else task.reject((this.options.mapError ?? defaultMapError)(parsed.data.error));
    if (this.closed) return;
    this.dispatch();
    if (!slot.task && slot.worker) {
      slot.worker.ref(false);
      slot.idleTimer = setTimeout(() => this.retire(slot), this.options.idleMs ?? 30_000);
      slot.idleTimer.unref();
    }
  }

  /** Detaches the running task from its slot; returns it. */
  private finish(slot: Slot): Task | undefined {
    const task = slot.task;
    clearTimeout(slot.timer);
    clearInterval(slot.cpuWatch);
    slot.cpuWatch = undefined;
    if (task?.options.signal && slot.onAbort) task.options.signal.removeEventListener('abort', slot.onAbort);
    slot.task = undefined;
    slot.onAbort = undefined;
    return task;
  }

  /** Ends a worker; its running task (if any) fails with `failure`. */
  private retire(slot: Slot, failure?: WorkerTaskError): void {
    if (!this.slots.has(slot)) return;
    this.slots.delete(slot);
    clearTimeout(slot.idleTimer);
    const task = this.finish(slot);
    if (task) task.reject(failure ?? new WorkerTaskError('crashed', 'The worker stopped'));
    if (slot.worker) this.track(slot.worker.terminate());
    if (!this.closed) this.dispatch();
  }

  private track(promise: Promise<unknown>): void {
    const tracked = promise.catch(() => undefined).finally(() => this.exits.delete(tracked));
    this.exits.add(tracked);
  }
}
