export {
  Scheduler,
  previewFires,
  MAX_TIMER_MS,
  type AutomationSpec,
  type AutomationState,
  type Fire,
  type RunResult,
  type SchedulerClock,
  type SchedulerDeps,
  type TimerHandle,
} from './scheduler';
export { systemClock } from './system-clock';
export {
  dueFires,
  firesBetween,
  nextFire,
  parseTrigger,
  type DuePlan,
  type CountedFires,
} from './schedule';
export { onFire, onRunEnded, type OverlapDecision } from './overlap';
export {
  recordResult,
  retryDelayMs,
  retrySchedule,
  shouldRetry,
  type FailureState,
} from './failures';
