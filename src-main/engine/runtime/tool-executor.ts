import type { ChatMessage, ToolCall } from '@shared/entities/llm';
import type { TraceEventBody } from '@shared/entities/run';
import { AppError } from '@shared/errors';
import { asAppError, raceAbort } from './abort';
import type { ApprovalGate } from './approvals';
import type { RuntimeTool, ToolContext } from './tools/types';
import { expiredDenial, unattendedVerdict, type UnattendedPolicy } from './unattended';

export interface RequestedCall {
  call: ToolCall;
  /** The raw text when the model's arguments were not a JSON object. */
  invalidArguments?: string;
}

export interface ToolExecution {
  step: number;
  tools: Map<string, RuntimeTool>;
  gate: ApprovalGate;
  signal: AbortSignal;
  /** Longest tool output passed to the model and stored in the trace (characters). */
  outputLimit: number;
  /** Set for unattended runs: how calls that need approval are handled. */
  unattended?: UnattendedPolicy | undefined;
  emit(event: TraceEventBody): void;
  context(callId: string): ToolContext;
}

type ToolMessage = Extract<ChatMessage, { role: 'tool' }>;

export function truncate(text: string, limit: number): { output: string; truncated: boolean } {
  if (text.length <= limit) return { output: text, truncated: false };
  return { output: `${text.slice(0, limit)}\n[… ${text.length - limit} more characters cut]`, truncated: true };
}

/**
 * Runs the tool calls of one model turn concurrently (approvals included) and answers one tool
 * message per call, in the order of the calls. A tool's failure goes back to the model as an
 * error message; only a stop of the run (cancel, timeout, shutdown) rejects.
 */
export function executeToolCalls(calls: RequestedCall[], exec: ToolExecution): Promise<ToolMessage[]> {
  return Promise.all(calls.map((requested) => executeOne(requested, exec)));
}

async function executeOne({ call, invalidArguments }: RequestedCall, exec: ToolExecution): Promise<ToolMessage> {
  const { emit, gate, signal } = exec;
  const tool = exec.tools.get(call.name);
  const ask = tool?.approval === 'ask' && !gate.isAllowedForRun(call.name);
  const verdict = ask && exec.unattended ? unattendedVerdict(exec.unattended, tool) : undefined;
  emit({
    type: 'tool.call.requested',
    step: exec.step,
    callId: call.id,
    name: call.name,
    arguments: call.arguments,
    source: tool?.source ?? 'unknown',
    approval: ask && verdict?.action !== 'run' ? 'required' : 'auto',
  });
  const started = performance.now();
  const reply = (content: string, isError = false): ToolMessage => ({
    role: 'tool',
    toolCallId: call.id,
    toolName: call.name,
    content,
    ...(isError ? { isError } : {}),
  });
  const fail = (error: AppError): ToolMessage => {
    emit({ type: 'tool.error', callId: call.id, name: call.name, error: error.toJSON(), durationMs: performance.now() - started });
    return reply(`Error: ${error.message}${error.hint ? ` (${error.hint})` : ''}`, true);
  };

  if (!tool) {
    const names = [...exec.tools.keys()].join(', ') || 'none';
    return fail(new AppError('NOT_FOUND', `There is no tool named "${call.name}".`, { hint: `Tools available: ${names}.` }));
  }
  if (invalidArguments !== undefined) {
    return fail(new AppError('VALIDATION', `The arguments for ${call.name} were not a JSON object: ${invalidArguments.slice(0, 200)}`));
  }
  if (verdict?.action === 'deny') {
    emit({ type: 'tool.call.denied', callId: call.id, reason: verdict.reason });
    return reply(verdict.message, true);
  }
  if (verdict?.action === 'run') {
    emit({ type: 'tool.call.approved', callId: call.id, decision: 'auto', reason: verdict.reason });
  } else if (ask) {
    const expiresAfterMs = verdict?.action === 'queue' ? verdict.timeoutMs : undefined;
    const decision = await gate.request(call.id, call.name, call.arguments, signal, expiresAfterMs);
    if (decision === 'expired') {
      const denial = expiredDenial(expiresAfterMs ?? 0);
      emit({ type: 'tool.call.denied', callId: call.id, reason: denial.reason });
      return reply(denial.message, true);
    }
    if (decision === 'deny') {
      emit({ type: 'tool.call.denied', callId: call.id, reason: 'Denied by the user' });
      return reply('The user denied this tool call. Do not try it again; continue without it.', true);
    }
    emit({ type: 'tool.call.approved', callId: call.id, decision });
  }

  try {
    const result = await raceAbort(tool.call(call.arguments, exec.context(call.id)), signal);
    const { content, isError } = typeof result === 'string' ? { content: result, isError: false } : { content: result.content, isError: !!result.isError };
    if (isError) return fail(new AppError('TOOL_ERROR', truncate(content, exec.outputLimit).output));
    const { output, truncated } = truncate(content, exec.outputLimit);
    emit({ type: 'tool.result', callId: call.id, name: call.name, output, truncated, durationMs: performance.now() - started });
    return reply(output);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    return fail(asAppError(error, 'TOOL_ERROR'));
  }
}
