import type { Logger } from 'pino';
import type { Agent } from '@shared/entities/agent';
import type { ChatMessage } from '@shared/entities/llm';
import type { ModelRef } from '@shared/entities/model';
import type { Run } from '@shared/entities/run';
import { AppError } from '@shared/errors';
import type { LlmProvider } from '../llm/provider';
import type { ConversationService } from '../memory/conversation';
import type { MemoryService, RecallOptions } from '../memory/service';
import { asAppError, raceAbort, RunStopped, stopReasonOf, type StopReason } from './abort';
import type { ActiveRun } from './active-run';
import { prepareMessages } from './prepare';
import type { KnowledgeRetriever } from './knowledge-context';
import type { BoundAttachments } from './attachments';
import { runToolLoop } from './run-loop';
import type { RuntimeTool, ToolContext } from './tools/types';

export interface ExecuteEnv {
  resolveTools(agent: Agent, signal: AbortSignal): Promise<Map<string, RuntimeTool>>;
  providerFor(model: ModelRef): LlmProvider;
  conversations: ConversationService | undefined;
  memory: MemoryService | undefined;
  recall: Omit<RecallOptions, 'signal'>;
  /** Knowledge bases for automatic retrieval. */
  knowledge?: KnowledgeRetriever | undefined;
  logger: Logger;
  maxSteps: number;
  /** Token budget of the run (input + output tokens); none when undefined. */
  maxTokens?: number | undefined;
  timeoutMs: number;
  toolOutputLimit: number;
  /** Continue the agent's conversation. */
  history: boolean;
  /** Files attached to the message, and passages of the thread's attached files (top-level runs). */
  attachments?: BoundAttachments | undefined;
}

type End = Pick<Run, 'status' | 'output' | 'error'>;

function stopped(reason: StopReason, timeoutMs: number): End {
  const error =
    reason === 'timeout'
      ? new AppError('TIMEOUT', `The run took longer than ${Math.round(timeoutMs / 1000)} s.`, { hint: 'Give it a narrower task, or a longer time limit.' })
      : reason === 'cancelled'
        ? new AppError('CANCELLED', 'The run was cancelled.')
        : new AppError('UNAVAILABLE', 'Agent Factory stopped while the run was going on.', { hint: 'Start the run again.' });
  const status = reason === 'cancelled' ? 'cancelled' : reason === 'shutdown' ? 'interrupted' : 'failed';
  return { status, output: null, error: error.toJSON() };
}

/** The end of a run that used up its token budget (mirrors the step limit's CONFLICT: a limit of the run, not a passing failure). */
function overBudget(run: Run, maxTokens: number): AppError {
  const used = run.usage.inputTokens + run.usage.outputTokens;
  return new AppError('CONFLICT', `Stopped after ${used} tokens: the budget of this run is ${maxTokens} tokens.`, {
    hint: 'Raise the run’s token budget, or give the agent a narrower task.',
  });
}

/** The error of a run that was interrupted by an engine stop (also used on recovery after a crash). */
export const INTERRUPTED_ERROR = stopped('shutdown', 0).error!;

/** Runs one run to its end: tools, history and memories, the tool loop; never rejects. */
export async function executeRun(active: ActiveRun, env: ExecuteEnv): Promise<Run> {
  const { agent, signal, emit } = active;
  const timer = setTimeout(() => active.controller.abort(new RunStopped('timeout')), env.timeoutMs);
  const runStarted = (tools: string[]) =>
    emit({ type: 'run.started', agentId: agent.id, agentName: agent.name, model: agent.model, input: active.run.input, depth: active.run.depth, tools });
  let started = false;
  let end: End;
  try {
    if (signal.aborted) throw signal.reason;
    // Sources may start servers: a stop must not wait for them.
    const tools = await raceAbort(env.resolveTools(agent, signal), signal);
    runStarted([...tools.keys()]);
    started = true;
    const provider = env.providerFor(agent.model);
    const messages: ChatMessage[] = [];
    const preparing = prepareMessages({
      agent,
      input: active.run.input,
      provider,
      signal,
      history: env.history,
      threadId: active.run.threadId,
      conversations: env.conversations,
      memory: env.memory,
      recall: env.recall,
      knowledge: env.knowledge,
      attachments: env.attachments,
      emit,
      onUsage: active.addUsage,
    });
    const initial = await raceAbort(preparing, signal);
    for (const message of initial) active.addMessage(messages, message);
    const loop = await runToolLoop({
      agent,
      provider,
      tools,
      messages,
      maxSteps: env.maxSteps,
      maxTokens: env.maxTokens,
      usedTokens: () => active.run.usage.inputTokens + active.run.usage.outputTokens,
      unattended: active.unattended,
      outputLimit: env.toolOutputLimit,
      signal,
      gate: active.gate,
      emit,
      addMessage: (m) => active.addMessage(messages, m),
      onStep: (steps) => active.update({ steps }),
      onUsage: active.addUsage,
      toolContext: (callId): ToolContext => ({
        runId: active.run.id,
        rootRunId: active.run.rootRunId,
        depth: active.run.depth,
        agent,
        agentChain: active.agentChain,
        callId,
        signal,
        emit,
        ...(active.unattended ? { unattended: true } : {}),
      }),
    });
    end = { status: loop.status === 'max_tokens' ? 'failed' : loop.status, output: loop.output, error: null };
    if (loop.status === 'max_tokens') end.error = overBudget(active.run, env.maxTokens ?? 0).toJSON();
    if (loop.status === 'max_steps') {
      end.error = new AppError('CONFLICT', `The agent made ${active.run.steps} model calls without a final answer.`, {
        hint: 'Raise the step limit, or give the agent a narrower task.',
      }).toJSON();
    }
    const threadId = active.run.threadId;
    if (loop.status === 'succeeded' && env.history && env.conversations && threadId) {
      // The turn as the model saw it: with attached texts, and "[image: name]" for images (never their bytes).
      const said = initial.at(-1);
      const turn = said?.role === 'user' ? said.content : active.run.input;
      await env.conversations.append({ threadId, agentId: agent.id }, active.run.id, turn, loop.output ?? '');
    }
  } catch (error) {
    const reason = stopReasonOf(signal);
    if (!reason) env.logger.warn({ err: error, runId: active.run.id }, 'run failed');
    end = reason ? stopped(reason, env.timeoutMs) : { status: 'failed', output: null, error: asAppError(error).toJSON() };
  } finally {
    clearTimeout(timer);
  }
  if (!started) runStarted([]);
  if (end.status === 'failed' && end.error) emit({ type: 'error', error: end.error });
  return active.finish(end);
}
