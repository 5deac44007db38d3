import type { SchedulerClock, TimerHandle } from './scheduler';

/**
 * The real clock for the scheduler: wall time and Node timers. Timers are unref'd so a pending
 * fire never keeps a CLI process alive. After sleep, timers run late; call `Scheduler.jump()` on resume
 * (and when the wall clock is changed) so fires are re-evaluated at once.
 */
export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimer(handle: TimerHandle): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
