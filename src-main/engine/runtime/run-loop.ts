import type { Agent } from '@shared/entities/agent';
import type { ChatMessage, FinishReason, Usage } from '@shared/entities/llm';
import type { TraceEventBody } from '@shared/entities/run';
import type { LlmProvider } from '../llm/provider';
import type { ApprovalGate } from './approvals';
import { executeToolCalls, type RequestedCall } from './tool-executor';
import type { RuntimeTool, ToolContext } from './tools/types';
import type { UnattendedPolicy } from './unattended';

export interface LoopContext {
  agent: Agent;
  provider: LlmProvider;
  tools: Map<string, RuntimeTool>;
  /** The conversation so far; the loop appends to it through `addMessage`. */
  messages: ChatMessage[];
  maxSteps: number;
  /** Token budget: once the run has used this many tokens (input + output), no further step starts. */
  maxTokens?: number | undefined;
  /** The run's tokens so far (input + output, all steps). */
  usedTokens(): number;
  /** Set for unattended runs: how calls that need approval are handled. */
  unattended?: UnattendedPolicy | undefined;
  outputLimit: number;
  signal: AbortSignal;
  gate: ApprovalGate;
  emit(event: TraceEventBody): void;
  addMessage(message: ChatMessage): void;
  onStep(step: number): void;
  onUsage(usage: Usage): void;
  toolContext(callId: string): ToolContext;
}

export interface LoopResult {
  /** max_tokens: the token budget was used up before the model gave an answer. */
  status: 'succeeded' | 'max_steps' | 'max_tokens';
  output: string | null;
}

function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

/**
 * The tool loop: ask the model; run the tool calls it makes (concurrently), give it the results;
 * repeat until it answers without tool calls, `maxSteps` model calls were made or the run used up
 * its `maxTokens` (the tool calls of the step that crossed the budget are not run).
 */
export async function runToolLoop(ctx: LoopContext): Promise<LoopResult> {
  const { agent, emit, signal } = ctx;
  const specs = [...ctx.tools.values()].map((t) => t.spec);
  let lastText: string | null = null;

  for (let step = 1; step <= ctx.maxSteps; step++) {
    throwIfStopped(signal);
    ctx.onStep(step);
    emit({
      type: 'model.request',
      step,
      provider: agent.model.provider,
      model: agent.model.model,
      messageCount: ctx.messages.length,
      toolCount: specs.length,
    });
    const started = performance.now();
    let text = '';
    const calls: RequestedCall[] = [];
    let reason: FinishReason = 'other';
    let usage: Usage = { inputTokens: 0, outputTokens: 0 };
    const stream = ctx.provider.chat({
      model: agent.model.model,
      messages: ctx.messages,
      tools: specs,
      temperature: agent.temperature,
      signal,
      onRetry: (info) =>
        emit({
          type: 'model.retry',
          step,
          attempt: info.attempt,
          delayMs: info.delayMs,
          code: info.code,
          message: info.message,
          ...(info.status !== undefined ? { status: info.status } : {}),
        }),
    });
    for await (const event of stream) {
      if (event.type === 'text-delta') {
        if (!event.text) continue;
        text += event.text;
        emit({ type: 'text.delta', step, text: event.text });
      } else if (event.type === 'tool-call') {
        calls.push({ call: event.toolCall, ...(event.invalidArguments !== undefined ? { invalidArguments: event.invalidArguments } : {}) });
      } else {
        reason = event.reason;
        if (event.usage) usage = event.usage;
      }
    }
    throwIfStopped(signal);
    ctx.onUsage(usage);
    emit({
      type: 'model.response',
      step,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      latencyMs: performance.now() - started,
      finishReason: reason,
      text,
      toolCalls: calls.map((c) => c.call),
    });
    ctx.addMessage({ role: 'assistant', content: text, toolCalls: calls.map((c) => c.call) });
    if (text) lastText = text;
    if (calls.length === 0) return { status: 'succeeded', output: text };
    if (step === ctx.maxSteps) break;
    if (ctx.maxTokens !== undefined && ctx.usedTokens() >= ctx.maxTokens) return { status: 'max_tokens', output: lastText };

    const results = await executeToolCalls(calls, {
      step,
      tools: ctx.tools,
      gate: ctx.gate,
      signal,
      outputLimit: ctx.outputLimit,
      unattended: ctx.unattended,
      emit,
      context: ctx.toolContext,
    });
    for (const message of results) ctx.addMessage(message);
  }
  return { status: 'max_steps', output: lastText };
}
