import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IngestJob } from '@shared/api/ingest';
import type { Bus } from '../../bus/bus';
import type { KnowledgeBaseService } from '../kb/index';
import { failureOf } from './failure';
import type { Claimed, IngestPipeline, ItemOutcome } from './pipeline';
import { ProgressReporter, type FileChange } from './progress';
import type { IngestRepository } from './repository';
import { toIngestJob, unfinished } from './rows';
import { isAlive } from '../../system/process-alive';

export interface ProcessorOptions {
  /** Files processed at once by this process (default 2). */
  concurrency?: number;
  /** Files claimed per query (default: concurrency, so that jobs take turns). */
  batchSize?: number;
  /** How long claimed files stay this process's without a heartbeat (default 60 s). */
  leaseMs?: number;
  /** How often to look for work queued by other processes or left by dead ones (default 2 s). */
  pollMs?: number;
}

export interface ProcessorDeps {
  repo: IngestRepository;
  pipeline: IngestPipeline;
  bus: Bus;
  kb: KnowledgeBaseService;
  onError?: (message: string, error: unknown) => void;
}


/**
 * Works the durable queue: claims files in small batches with a lease (so processes sharing one
 * Postgres never process one file twice), keeps the leases alive while working, records each
 * outcome and publishes progress. On start, files left `running` by a dead process on this host go
 * back to pending at once; those of other hosts when their lease runs out.
 */
export class IngestProcessor {
  /** This process's identity in leases: host, pid, and a per-start nonce. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  readonly progress: ProgressReporter;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  /** Claimed files not started yet, in order. */
  private queue: Claimed[] = [];
  private readonly running = new Map<string, { claimed: Claimed; done: Promise<void> }>();
  private readonly jobAborts = new Map<string, AbortController>();
  private readonly stopping = new AbortController();
  /** Active jobs as last listed, oldest first. */
  private activeJobs: string[] = [];
  /** The job served last: the next claim starts after it, so that jobs take turns. */
  private lastServed: string | undefined;
  /** A job was queued or reopened since the list was read. */
  private jobsChanged = true;
  /** Jobs whose start this process announced. */
  private readonly announced = new Set<string>();
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private loop: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: ProcessorDeps,
    options: ProcessorOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.batchSize = Math.max(1, options.batchSize ?? this.concurrency);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 2_000;
    this.progress = new ProgressReporter(deps.repo, deps.bus);
  }

  /** Releases files of dead processes, then starts working. */
  async start(): Promise<void> {
    if (this.loop) return;
    const me = hostname();
    const dead = (await this.deps.repo.runningOwners()).filter((owner) => {
      const [host, pid] = owner.split(':');
      return host === me && (Number(pid) === process.pid || !isAlive(Number(pid)));
    });
    await this.deps.repo.release(dead);
    this.heartbeat = setInterval(() => void this.beat(), Math.max(250, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
    this.loop = this.work();
  }

  /** Looks for work now (after a job was queued or reopened): the list of jobs is read again. */
  wake(): void {
    this.jobsChanged = true;
    this.nudge();
  }

  /** Ends the wait for work (a file finished, or stopping). */
  private nudge(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops this process's work on a job (it was cancelled or retried): claimed files are dropped. */
  abortJob(jobId: string): void {
    this.jobAborts.get(jobId)?.abort();
    this.jobAborts.delete(jobId);
    this.queue = this.queue.filter((c) => c.job.id !== jobId);
    this.announced.delete(jobId);
    this.progress.forget(jobId);
  }

  /** Resolves when this process is working on no file. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Stops working; claimed files go back to pending for the next start. */
  async close(): Promise<void> {
    this.stopping.abort();
    this.nudge();
    clearInterval(this.heartbeat);
    await this.loop;
    await this.idle();
    this.queue = [];
    await this.deps.repo.release([this.owner]).catch((error: unknown) => this.deps.onError?.('Could not release ingestion leases', error));
  }

  /** The job as the API shows it, with its progress. */
  async view(jobId: string): Promise<IngestJob | undefined> {
    const found = await this.deps.repo.jobWithCounts(jobId);
    return found && toIngestJob(found.row, found.counts);
  }

  /** Announces a job that just ended, and its knowledge base's new counts. */
  async finished(jobId: string): Promise<void> {
    this.jobAborts.delete(jobId);
    this.announced.delete(jobId);
    this.progress.forget(jobId);
    const job = await this.progress.publish(jobId);
    if (job) await this.deps.kb.notifyChanged(job.kbId).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      await this.deps.repo.heartbeat(this.owner, this.leaseMs);
      const mine = new Set([...this.jobAborts.keys(), ...this.queue.map((c) => c.job.id)]);
      for (const jobId of await this.deps.repo.inactive([...mine])) this.abortJob(jobId);
    } catch (error) {
      this.deps.onError?.('Ingestion heartbeat failed', error);
    }
  }

  private async work(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      this.woken = false;
      if (this.running.size < this.concurrency) {
        if (!this.queue.length) await this.fill().catch((error: unknown) => this.deps.onError?.('Could not claim files to ingest', error));
        const next = this.queue.shift();
        if (next && !this.stopping.signal.aborted) {
          this.run(next);
          continue;
        }
      }
      await this.waitForWork();
    }
  }

  /** Waits until woken, a file finishes, or the poll interval passes. */
  private waitForWork(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
      if (this.woken || this.stopping.signal.aborted) done();
    });
  }

  /**
   * Claims the next batch of files from the active jobs in turn (starting after the job served
   * last, so one big job does not hold the others back), and when none of the known ones has any,
   * from a fresh list (jobs whose last files finished get settled on the way).
   */
  private async fill(): Promise<void> {
    for (let fresh = this.jobsChanged; ; fresh = true) {
      if (fresh) {
        this.jobsChanged = false;
        this.activeJobs = await this.deps.repo.activeJobIds();
      }
      const after = this.lastServed ? this.activeJobs.indexOf(this.lastServed) + 1 : 0;
      const inTurn = [...this.activeJobs.slice(after), ...this.activeJobs.slice(0, after)];
      for (const jobId of inTurn) {
        const items = await this.deps.repo.claim(jobId, this.owner, this.leaseMs, this.batchSize);
        if (!items.length) {
          if (fresh && (await this.deps.repo.settle(jobId))) await this.finished(jobId);
          continue;
        }
        const job = await this.deps.repo.markRunning(jobId, items[0]!.path);
        if (!job) {
          for (const item of items) await this.deps.repo.finishItem(item, this.owner, { status: 'cancelled' });
          continue;
        }
        this.lastServed = jobId;
        const existing = await this.deps.repo.documentsByPath(job.kbId, items.map((i) => i.path));
        this.queue.push(...items.map((item) => ({ item, job, existing: existing.get(item.path) })));
        if (!this.announced.has(jobId)) {
          this.announced.add(jobId);
          this.progress.forget(jobId);
          await this.progress.publish(jobId);
        }
        return;
      }
      if (fresh) return;
    }
  }

  private run(claimed: Claimed): void {
    const jobId = claimed.job.id;
    let abort = this.jobAborts.get(jobId);
    if (!abort) this.jobAborts.set(jobId, (abort = new AbortController()));
    const signal = AbortSignal.any([abort.signal, this.stopping.signal]);
    const key = `${claimed.item.id}#${claimed.item.attempts}`;
    const done = this.process(claimed, signal)
      .catch((error: unknown) => this.deps.onError?.(`Ingesting ${claimed.item.path} failed unexpectedly`, error))
      .finally(() => {
        this.running.delete(key);
        this.nudge();
      });
    this.running.set(key, { claimed, done });
  }

  private async process(claimed: Claimed, signal: AbortSignal): Promise<void> {
    const { item, job } = claimed;
    let outcome: ItemOutcome;
    try {
      outcome = await this.deps.pipeline.process(claimed, signal);
    } catch (error) {
      outcome = { result: { status: 'failed', error: failureOf('store', error) } };
    }
    if (outcome.document) this.deps.bus.publish('kb.document.changed', { kind: 'upserted', kbId: item.kbId, document: outcome.document });
    if (outcome.deleted) this.deps.bus.publish('kb.document.changed', { kind: 'deleted', kbId: item.kbId, ...outcome.deleted });
    // Stopping: leave the file to the next start (its lease is released on close).
    if (this.stopping.signal.aborted && outcome.result.status === 'cancelled') return;
    const finished = await this.deps.repo.finishItem(item, this.owner, outcome.result);
    if (!finished) return; // cancelled or taken over meanwhile
    const change: FileChange = { item: finished, result: outcome.result };
    const progress = await this.progress.publish(job.id, change, this.currentFile(job.id, item.id));
    if (progress && unfinished(progress.counts) === 0 && (await this.deps.repo.settle(job.id))) await this.finished(job.id);
  }

  /** A file of the job this process is working on now, if any. */
  private currentFile(jobId: string, except: string): string | null {
    for (const { claimed } of this.running.values()) if (claimed.job.id === jobId && claimed.item.id !== except) return claimed.item.path;
    return this.queue.find((c) => c.job.id === jobId)?.item.path ?? null;
  }
}
