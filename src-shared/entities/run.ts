import { z } from 'zod';
import { ErrorShape } from '../errors';
import { Id } from './agent';
import { AttachmentKind, AttachmentRef } from './attachment';
import { ChatMessage, FinishReason, JsonObject, ToolCall } from './llm';
import { ModelRef } from './model';

/**
 * Runs of agents and their traces: the run record, its messages and the events of its trace.
 * Trace events are persisted in order and published live as the `run.event` event, identical.
 */

export const RunStatus = z.enum([
  'running',
  'waiting_approval',
  'succeeded',
  'failed',
  'cancelled',
  /** The engine stopped (or crashed) while the run was going on. */
  'interrupted',
  /** The step limit was reached before the model gave an answer. */
  'max_steps',
]);
export type RunStatus = z.infer<typeof RunStatus>;

export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted', 'max_steps'];
export function isFinalRunStatus(status: RunStatus): boolean {
  return FINAL_RUN_STATUSES.includes(status);
}

export const ApprovalDecision = z.enum(['allow', 'deny', 'allow_for_run']);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/** A tool call waiting for the user's decision. */
export const PendingApproval = z.object({
  callId: z.string(),
  toolName: z.string(),
  arguments: JsonObject,
  requestedAt: z.string(),
});
export type PendingApproval = z.infer<typeof PendingApproval>;

export const TokenTotals = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
});
export type TokenTotals = z.infer<typeof TokenTotals>;

export const Run = z.object({
  id: Id,
  agentId: Id,
  /** The agent's name when the run started (the agent may be renamed or deleted later). */
  agentName: z.string(),
  model: ModelRef,
  parentRunId: Id.nullable(),
  /** The top run of a delegation tree (itself for a top-level run). */
  rootRunId: Id,
  /** 0 for a top-level run, 1 for a run delegated by it, and so on. */
  depth: z.number().int().nonnegative(),
  /** The conversation thread the run belongs to (delegated runs: their root's); null for runs without one. */
  threadId: Id.nullable(),
  /** Set on a regenerated or edited turn: the run it replaces in its thread's conversation. */
  replacesRunId: Id.nullable(),
  /** The agent's revision the run ran with (null for runs from before revisions were kept). */
  agentRevision: z.number().int().nonnegative().nullable(),
  status: RunStatus,
  input: z.string(),
  /** The final answer (or the last text, when the run ended otherwise). */
  output: z.string().nullable(),
  error: ErrorShape.nullable(),
  usage: TokenTotals,
  /** Model calls made so far. */
  steps: z.number().int().nonnegative(),
  pendingApprovals: z.array(PendingApproval),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Run = z.infer<typeof Run>;

/** One message of a run's conversation with the model, in order. */
export const RunMessage = z.object({
  runId: Id,
  seq: z.number().int().positive(),
  message: ChatMessage,
  at: z.string(),
});
export type RunMessage = z.infer<typeof RunMessage>;

export const RecalledMemory = z.object({ id: z.string(), text: z.string(), score: z.number() });
export type RecalledMemory = z.infer<typeof RecalledMemory>;

/** A passage retrieved from an agent's knowledge bases before a turn; cited in the answer as [n]. */
export const KnowledgePassage = z.object({
  n: z.number().int().positive(),
  kbId: Id,
  kbName: z.string(),
  documentId: Id,
  chunkId: z.string(),
  /** The chunk's place in its document (what the document view opens). */
  chunkIndex: z.number().int().nonnegative(),
  title: z.string(),
  text: z.string(),
  score: z.number(),
  page: z.number().int().positive().optional(),
});
export type KnowledgePassage = z.infer<typeof KnowledgePassage>;

/** Where a tool comes from: `builtin` or an MCP server id. */
const toolSource = z.string();

const base = {
  runId: Id,
  parentRunId: Id.nullable(),
  /** 1, 2, 3… within the run; the order of the trace. */
  seq: z.number().int().positive(),
  /** ISO time the event happened. */
  at: z.string(),
};

const ev = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ ...base, type: z.literal(type), ...shape });

export const TraceEvent = z.discriminatedUnion('type', [
  ev('run.started', {
    agentId: Id,
    agentName: z.string(),
    model: ModelRef,
    input: z.string(),
    depth: z.number().int().nonnegative(),
    tools: z.array(z.string()),
  }),
  ev('run.finished', {
    status: RunStatus,
    output: z.string().nullable(),
    error: ErrorShape.nullable(),
    usage: TokenTotals,
    steps: z.number().int().nonnegative(),
    durationMs: z.number().nonnegative(),
  }),
  ev('model.request', {
    step: z.number().int().positive(),
    provider: z.string(),
    model: z.string(),
    messageCount: z.number().int().nonnegative(),
    toolCount: z.number().int().nonnegative(),
  }),
  ev('model.response', {
    step: z.number().int().positive(),
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    latencyMs: z.number().nonnegative(),
    finishReason: FinishReason,
    text: z.string(),
    toolCalls: z.array(ToolCall),
  }),
  /** An MCP server asked the app's model for a completion (sampling) during this tool call, and got it. */
  ev('tool.sampling', {
    callId: z.string(),
    server: z.string(),
    provider: z.string(),
    model: z.string(),
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    latencyMs: z.number().nonnegative(),
    finishReason: FinishReason,
    text: z.string(),
    /** Who let it through: the server's policy (allow) or a person in the dialog. */
    approvedBy: z.enum(['policy', 'user']),
  }),
  ev('model.retry', {
    step: z.number().int().positive(),
    attempt: z.number().int().positive(),
    delayMs: z.number().nonnegative(),
    status: z.number().int().optional(),
    code: z.string(),
    message: z.string(),
  }),
  ev('text.delta', { step: z.number().int().positive(), text: z.string() }),
  ev('tool.call.requested', {
    step: z.number().int().positive(),
    callId: z.string(),
    name: z.string(),
    arguments: JsonObject,
    source: toolSource,
    /** `required`: the run waits for `runs.approve`. */
    approval: z.enum(['auto', 'required']),
  }),
  ev('tool.call.approved', {
    callId: z.string(),
    decision: z.enum(['allow', 'allow_for_run', 'auto']),
    /** Why it ran without asking, when not the tool's own policy (e.g. an unattended run's allowed tools). */
    reason: z.string().optional(),
  }),
  ev('tool.call.denied', { callId: z.string(), reason: z.string() }),
  ev('tool.result', {
    callId: z.string(),
    name: z.string(),
    output: z.string(),
    truncated: z.boolean(),
    durationMs: z.number().nonnegative(),
  }),
  /** A running tool reported progress (MCP `notifications/progress`); at most a few a second are kept. */
  ev('tool.progress', {
    callId: z.string(),
    name: z.string(),
    progress: z.number(),
    total: z.number().optional(),
    message: z.string().optional(),
  }),
  ev('tool.error', { callId: z.string(), name: z.string(), error: ErrorShape, durationMs: z.number().nonnegative() }),
  ev('delegation.started', { callId: z.string(), childRunId: Id, agentId: Id, agentName: z.string(), task: z.string() }),
  ev('delegation.finished', {
    callId: z.string(),
    childRunId: Id,
    agentName: z.string(),
    status: RunStatus,
    output: z.string().nullable(),
  }),
  ev('memory.recalled', { query: z.string(), items: z.array(RecalledMemory) }),
  /** Passages put into the context before the turn (retrieval mode auto/both). */
  ev('knowledge.retrieved', { query: z.string(), passages: z.array(KnowledgePassage) }),
  ev('memory.stored', { memoryId: z.string(), text: z.string() }),
  ev('memory.summarised', {
    turns: z.number().int().nonnegative(),
    tokensBefore: z.number().int().nonnegative(),
    tokensAfter: z.number().int().nonnegative(),
  }),
  /** A file attached to the message: into the message (`inline`), the thread's knowledge base, or an image for the model. */
  ev('attachments.added', {
    name: z.string(),
    kind: AttachmentKind,
    bytes: z.number().int().nonnegative(),
    /** The thread's knowledge base that holds it (`knowledge`). */
    kbId: Id.optional(),
    /** How the message named it (uploaded id or path): a regenerated or edited message attaches it again. */
    ref: AttachmentRef.optional(),
    /** Something to know, e.g. that the model may not see images. */
    warning: z.string().optional(),
  }),
  ev('error', { error: ErrorShape }),
]);
export type TraceEvent = z.infer<typeof TraceEvent>;
export type TraceEventType = TraceEvent['type'];
/** A trace event before the runtime stamps it with run id, seq and time. */
export type TraceEventBody = WithoutStamp<TraceEvent>;
type WithoutStamp<E> = E extends unknown ? Omit<E, keyof typeof base> : never;

/** A run with every run it delegated to, and all their events. */
export const Trace = z.object({
  /** The run asked for first, then its descendants in the order they started. */
  runs: z.array(Run),
  /** Every event of those runs: in time order, each run's in seq order. */
  events: z.array(TraceEvent),
});
export type Trace = z.infer<typeof Trace>;
