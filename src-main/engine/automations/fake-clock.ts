import type { SchedulerClock, TimerHandle } from './scheduler';

/**
 * A clock for tests: time moves only when told. `advance` runs the timers that fall due on the way,
 * in order, each at its own time; `jump` moves time without running any (the machine slept).
 */
export class FakeClock implements SchedulerClock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start: number | string | Date) {
    this.time = new Date(start).getTime();
  }

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running every timer due on the way at its own time. */
  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  advanceTo(target: number | string | Date): void {
    const end = new Date(target).getTime();
    for (;;) {
      let dueId: number | null = null;
      let dueAt = Infinity;
      for (const [id, t] of this.timers) {
        if (t.at <= end && (t.at < dueAt || (t.at === dueAt && dueId !== null && id < dueId))) {
          dueId = id;
          dueAt = t.at;
        }
      }
      if (dueId === null) break;
      const timer = this.timers.get(dueId);
      this.timers.delete(dueId);
      this.time = Math.max(this.time, dueAt);
      timer?.fn();
    }
    this.time = Math.max(this.time, end);
  }

  /** Moves time by `ms` without running timers (sleep); they run late on the next `advance`. */
  jump(ms: number): void {
    this.time += ms;
  }
}
