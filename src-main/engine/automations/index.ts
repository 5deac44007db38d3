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
export { AutomationService, type AutomationServiceDeps } from './service';
export { automationHandlers } from './handlers';
export { checkConditions, describeWindow, insideWindow, type ConditionCheck, type PowerState } from './conditions';
export {
  KNOWN_VARIABLES,
  TEMPLATE_BODY_LIMIT,
  fireVariables,
  renderInput,
  templateVariables,
  unknownVariables,
  type FireFacts,
  type TemplateVariable,
} from './template';
export {
  ReplayCache,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  newWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookHeaders,
  type VerifyWebhookResult,
} from './webhook';
export { WEBHOOK_MAX_BYTES, WEBHOOK_PREFIX, handleWebhook, webhookId, type WebhookTarget } from './webhook-route';
export { FolderTriggers, foldEvents, type WatchFire } from './watch';
export { appendResult, postResult, resultSection, type AppendEntry, type PostOutcome } from './deliver';
