import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import type { EventPayload } from '@shared/api/index';
import { AF, ERROR_TYPE, GEN_AI, GEN_AI_OPERATION, providerName } from './genai';

type TraceEvent = EventPayload<'run.event'>;
type Of<T extends TraceEvent['type']> = Extract<TraceEvent, { type: T }>;

export interface RunSpanOptions {
  /** Prompts, answers, tool arguments and results go into the spans only when true. */
  captureContent: boolean;
  /** The time open spans end at when the events stop before the runs finished (the engine closing). */
  now?: () => Date;
}

const time = (iso: string) => new Date(iso);
const text = (content: string) => [{ type: 'text', content }];

/**
 * Turns the trace events of one run tree (a run and the runs it delegated to, in the order they
 * happened) into OpenTelemetry spans after the fact, with the events' own times:
 *
 *   invoke_agent {agent}                 (INTERNAL; one per run)
 *   ├── chat {model}                     (CLIENT; one per model call: tokens, finish reasons)
 *   └── execute_tool {tool}              (INTERNAL; one per tool call: outcome, error.type)
 *       └── invoke_agent {delegate}      (the run that a delegate_to_agent call started)
 *
 * Content (the run's input and output, model answers, tool arguments and results) is added only
 * with `captureContent`.
 */
export function emitRunSpans(tracer: Tracer, events: readonly TraceEvent[], options: RunSpanOptions): void {
  const capture = options.captureContent;
  const runSpans = new Map<string, Span>();
  const chatSpans = new Map<string, Span>();
  const toolSpans = new Map<string, Span>();
  const key = (runId: string, callId: string) => `${runId}\u0000${callId}`;
  // A delegated run's parent is the tool call that started it (its run.started may come first).
  const delegatedBy = new Map<string, string>();
  for (const e of events) if (e.type === 'delegation.started') delegatedBy.set(e.childRunId, key(e.runId, e.callId));

  const parentOf = (span: Span | undefined) => (span ? trace.setSpan(ROOT_CONTEXT, span) : ROOT_CONTEXT);
  const start = (name: string, kind: SpanKind, at: string, attributes: Attributes, parent: Span | undefined) =>
    tracer.startSpan(name, { kind, startTime: time(at), attributes }, parentOf(parent));

  for (const e of events) {
    const run = runSpans.get(e.runId);
    switch (e.type) {
      case 'run.started': {
        const parent = (delegatedBy.has(e.runId) ? toolSpans.get(delegatedBy.get(e.runId)!) : undefined) ?? (e.parentRunId ? runSpans.get(e.parentRunId) : undefined);
        const span = start(`${GEN_AI_OPERATION.INVOKE_AGENT} ${e.agentName}`, SpanKind.INTERNAL, e.at, {
          [GEN_AI.OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
          [GEN_AI.PROVIDER_NAME]: providerName(e.model.provider),
          [GEN_AI.SYSTEM]: providerName(e.model.provider),
          [GEN_AI.AGENT_ID]: e.agentId,
          [GEN_AI.AGENT_NAME]: e.agentName,
          [GEN_AI.REQUEST_MODEL]: e.model.model,
          [AF.PROVIDER]: e.model.provider,
          [AF.RUN_ID]: e.runId,
          [AF.RUN_DEPTH]: e.depth,
          ...(capture ? { [GEN_AI.INPUT_MESSAGES]: JSON.stringify([{ role: 'user', parts: text(e.input) }]) } : {}),
        }, parent);
        runSpans.set(e.runId, span);
        break;
      }
      case 'model.request': {
        chatSpans.get(e.runId)?.end(time(e.at));
        chatSpans.set(
          e.runId,
          start(`${GEN_AI_OPERATION.CHAT} ${e.model}`, SpanKind.CLIENT, e.at, {
            [GEN_AI.OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
            [GEN_AI.PROVIDER_NAME]: providerName(e.provider),
            [GEN_AI.SYSTEM]: providerName(e.provider),
            [GEN_AI.REQUEST_MODEL]: e.model,
            [AF.PROVIDER]: e.provider,
          }, run),
        );
        break;
      }
      case 'model.retry':
        chatSpans.get(e.runId)?.addEvent('retry', { attempt: e.attempt, 'delay_ms': e.delayMs, [ERROR_TYPE]: e.code }, time(e.at));
        break;
      case 'model.response': {
        const span = chatSpans.get(e.runId);
        if (!span) break;
        span.setAttributes({
          [GEN_AI.USAGE_INPUT_TOKENS]: e.inputTokens,
          [GEN_AI.USAGE_OUTPUT_TOKENS]: e.outputTokens,
          [GEN_AI.RESPONSE_FINISH_REASONS]: [e.finishReason],
        });
        if (capture) {
          const parts = [
            ...(e.text ? text(e.text) : []),
            ...e.toolCalls.map((c) => ({ type: 'tool_call', id: c.id, name: c.name, arguments: c.arguments })),
          ];
          span.setAttribute(GEN_AI.OUTPUT_MESSAGES, JSON.stringify([{ role: 'assistant', parts, finish_reason: e.finishReason }]));
        }
        span.end(time(e.at));
        chatSpans.delete(e.runId);
        break;
      }
      case 'tool.call.requested': {
        const span = start(`${GEN_AI_OPERATION.EXECUTE_TOOL} ${e.name}`, SpanKind.INTERNAL, e.at, {
          [GEN_AI.OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
          [GEN_AI.TOOL_NAME]: e.name,
          [GEN_AI.TOOL_CALL_ID]: e.callId,
          // Built-in tools run in the engine; MCP tools call out to their server.
          [GEN_AI.TOOL_TYPE]: e.source === 'builtin' ? 'function' : 'extension',
          [AF.TOOL_SOURCE]: e.source,
          ...(capture ? { [GEN_AI.TOOL_CALL_ARGUMENTS]: JSON.stringify(e.arguments) } : {}),
        }, run);
        toolSpans.set(key(e.runId, e.callId), span);
        break;
      }
      case 'tool.call.approved':
        toolSpans.get(key(e.runId, e.callId))?.addEvent('approved', { decision: e.decision }, time(e.at));
        break;
      case 'tool.call.denied':
      case 'tool.result':
      case 'tool.error': {
        const span = toolSpans.get(key(e.runId, e.callId));
        if (!span) break;
        if (e.type === 'tool.result') {
          span.setAttribute(AF.TOOL_OUTCOME, 'ok');
          if (capture) span.setAttribute(GEN_AI.TOOL_CALL_RESULT, e.output);
        } else if (e.type === 'tool.error') {
          span.setAttributes({ [AF.TOOL_OUTCOME]: 'error', [ERROR_TYPE]: e.error.code });
          span.setStatus({ code: SpanStatusCode.ERROR, message: e.error.message });
        } else {
          span.setAttribute(AF.TOOL_OUTCOME, 'denied');
        }
        span.end(time(e.at));
        toolSpans.delete(key(e.runId, e.callId));
        break;
      }
      case 'error':
        run?.addEvent('exception', { 'exception.type': e.error.code, 'exception.message': e.error.message }, time(e.at));
        break;
      case 'memory.recalled':
        run?.addEvent('memory.recalled', { count: e.items.length }, time(e.at));
        break;
      case 'knowledge.retrieved':
        run?.addEvent('knowledge.retrieved', { count: e.passages.length }, time(e.at));
        break;
      case 'run.finished':
        if (run) finishRun(run, e, capture);
        endOpen(e.runId, time(e.at), e.status === 'succeeded' ? undefined : e.status);
        runSpans.delete(e.runId);
        break;
      default:
        break;
    }
  }

  // The events stopped before these ended (the engine is closing): end them now, as interrupted.
  const now = options.now?.() ?? new Date();
  for (const runId of [...runSpans.keys()].reverse()) {
    endOpen(runId, now, 'interrupted');
    const span = runSpans.get(runId)!;
    span.setAttributes({ [AF.RUN_STATUS]: 'interrupted', [ERROR_TYPE]: 'interrupted' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'The engine stopped before the run finished.' });
    span.end(now);
  }

  /** Ends a run's model call and tool calls still open (a failed or cancelled run). */
  function endOpen(runId: string, at: Date, reason: string | undefined) {
    const prefix = `${runId}\u0000`;
    for (const [k, span] of toolSpans) {
      if (!k.startsWith(prefix)) continue;
      if (reason) span.setAttribute(ERROR_TYPE, reason);
      span.end(at);
      toolSpans.delete(k);
    }
    const chat = chatSpans.get(runId);
    if (chat) {
      if (reason) chat.setAttribute(ERROR_TYPE, reason);
      chat.end(at);
      chatSpans.delete(runId);
    }
  }
}

function finishRun(span: Span, e: Of<'run.finished'>, capture: boolean): void {
  span.setAttributes({
    [GEN_AI.USAGE_INPUT_TOKENS]: e.usage.inputTokens,
    [GEN_AI.USAGE_OUTPUT_TOKENS]: e.usage.outputTokens,
    [AF.RUN_STATUS]: e.status,
    [AF.RUN_STEPS]: e.steps,
  });
  if (e.status !== 'succeeded') {
    // A run that did not give its answer ended in an error of its kind (the error's code when it failed).
    span.setAttribute(ERROR_TYPE, e.error?.code ?? e.status);
    if (e.status !== 'cancelled') span.setStatus({ code: SpanStatusCode.ERROR, message: e.error?.message ?? e.status });
  }
  if (capture && e.output !== null) span.setAttribute(GEN_AI.OUTPUT_MESSAGES, JSON.stringify([{ role: 'assistant', parts: text(e.output) }]));
  span.end(time(e.at));
}
