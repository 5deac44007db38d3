import type { Logger } from 'pino';
import { TraceEvent, type TraceEventBody } from '@shared/entities/run';
import type { Bus } from '../bus/bus';
import type { RunRepository } from './repository';

/** Postgres text and jsonb cannot hold U+0000; it is dropped everywhere so live and stored stay equal. */
export function stripNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (Array.isArray(value)) return value.map(stripNul) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripNul(v)])) as T;
  }
  return value;
}

/**
 * The trace of one run: stamps each event with the run id, seq and time, publishes it live as
 * `run.event`, and stores the very same object in `run_events`. Writes are batched: whatever
 * arrives while a write is in flight goes in the next one, in order.
 */
export class TraceWriter {
  private seq: number;
  private queue: TraceEvent[] = [];
  private writing: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly runId: string,
    private readonly parentRunId: string | null,
    private readonly bus: Bus,
    private readonly repo: RunRepository,
    private readonly logger: Logger,
    startSeq = 0,
  ) {
    this.seq = startSeq;
  }

  emit(body: TraceEventBody): TraceEvent {
    const event = TraceEvent.parse(
      stripNul({ ...body, runId: this.runId, parentRunId: this.parentRunId, seq: ++this.seq, at: new Date().toISOString() }),
    );
    this.queue.push(event);
    if (!this.busy) this.flush();
    this.bus.publish('run.event', event);
    return event;
  }

  private flush(): void {
    this.busy = true;
    this.writing = this.writing.then(async () => {
      while (this.queue.length) {
        const batch = this.queue.splice(0, 500);
        try {
          await this.repo.addEvents(batch);
        } catch (error) {
          this.logger.error({ err: error, runId: this.runId, events: batch.length }, 'could not store trace events');
        }
      }
      this.busy = false;
    });
  }

  /** Resolves once every event emitted so far is stored. */
  drain(): Promise<void> {
    return this.writing;
  }
}
