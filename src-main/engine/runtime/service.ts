import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Agent, ToolRef } from '@shared/entities/agent';
import type { ModelRef } from '@shared/entities/model';
import type { ApprovalDecision, Run, RunMessage, Trace } from '@shared/entities/run';
import { AppError, parseOrThrow } from '@shared/errors';
import { z } from 'zod';
import type { AgentService } from '../agents/service';
import type { Bus } from '../bus/bus';
import { silentLogger } from '../config/logger';
import type { LlmProvider } from '../llm/provider';
import type { ConversationService } from '../memory/conversation';
import type { MemoryService, RecallOptions } from '../memory/service';
import type { Db } from '../store/types';
import { RunStopped } from './abort';
import { ActiveRun, finishedEvent, type RunIo } from './active-run';
import { executeRun, INTERRUPTED_ERROR } from './execute-run';
import { RunRepository, type RunFilter } from './repository';
import { mergeTraces } from './trace-order';
import { applyAgentToolSettings } from './agent-tools';
import type { KnowledgeRetriever } from './knowledge-context';
import { uniqueByPrefix } from '../store/id-prefix';
import { stripNul, TraceWriter } from './trace-writer';
import type { RuntimeTool, ToolSource } from './tools/types';
import type { CheckedAttachments, MessageAttachment } from '../attachments/service';
import { bindAttachments, type RunAttachments } from './attachments';
import { UnattendedPolicySchema, type UnattendedPolicy } from './unattended';

const MaxTokens = z.number().int().positive();

export interface RunServiceOptions {
  /** Model calls per run (default 10). */
  maxSteps?: number;
  /** Per-run time limit (default 10 minutes). */
  timeoutMs?: number;
  /** Deepest delegation (default 3: a top-level run, and three levels below it). */
  maxDepth?: number;
  /** Longest tool output given to the model (characters, default 16,000). */
  toolOutputLimit?: number;
  recall?: Omit<RecallOptions, 'signal'>;
}

export interface RunServiceDeps {
  db: Db;
  bus: Bus;
  agents: AgentService;
  /** The provider for an agent's model (built from the settings at the time of the run). */
  providerFor(model: ModelRef): LlmProvider;
  toolSources?: ToolSource[];
  memory?: MemoryService;
  conversations?: ConversationService;
  /** Puts top-level runs into conversation threads (without it, runs have no thread and no history). */
  threads?: RunThreads;
  logger?: Logger;
  options?: RunServiceOptions;
}

export interface StartOptions {
  parentRunId?: string;
  maxSteps?: number;
  timeoutMs?: number;
  /** Continue the thread's conversation (default: true for top-level runs, false for delegated ones). */
  history?: boolean;
  /** The thread a top-level run continues (id or unique prefix); without it, a new thread. */
  threadId?: string;
  newThread?: boolean;
  /** A regenerated or edited turn: the run it replaces (its turns leave the thread's history). */
  replacesRunId?: string;
  /** Files for this message (top-level runs): checked before the run is created. A replayed message's may be kept in its thread's knowledge base. */
  attachments?: MessageAttachment[];
  /** Set for runs started unattended (automations): how tool calls that need approval are handled. Delegated runs inherit it from their parent. */
  unattended?: UnattendedPolicy;
  /** Run this saved revision of the agent instead of its latest (an automation pinned to it). */
  agentRevision?: number;
  /** Changes to the agent for this run only (an evaluation's target overrides). */
  overrides?: { model?: ModelRef; temperature?: number; knowledgeMode?: Agent['knowledge']['mode'] };
  /** A top-level run outside any conversation thread (evaluation cases). */
  noThread?: boolean;
  /** Token budget: once the run has used this many tokens (input + output, all its steps), it stops before its next step and fails. */
  maxTokens?: number;
}

/** Where top-level runs go: a conversation thread, continued or new. */
export interface RunThreads {
  openForRun(agent: Agent, input: string, choice: { threadId?: string; newThread?: boolean; replacesRunId?: string }): Promise<{ id: string }>;
}

/** Runs agents: starts, follows, cancels and approves runs, and reads their traces back. */
export class RunService {
  private readonly repo: RunRepository;
  private readonly io: RunIo;
  private readonly active = new Map<string, ActiveRun>();
  private readonly sources: ToolSource[];
  private readonly opts: Required<RunServiceOptions>;
  private closed = false;
  private knowledge: KnowledgeRetriever | undefined;
  private attachments: RunAttachments | undefined;

  constructor(private readonly deps: RunServiceDeps) {
    this.repo = new RunRepository(deps.db);
    this.io = { bus: deps.bus, repo: this.repo, logger: deps.logger ?? silentLogger() };
    this.sources = [...(deps.toolSources ?? [])];
    const o = deps.options ?? {};
    this.opts = {
      maxSteps: o.maxSteps ?? 10,
      timeoutMs: o.timeoutMs ?? 600_000,
      maxDepth: o.maxDepth ?? 3,
      toolOutputLimit: o.toolOutputLimit ?? 16_000,
      recall: o.recall ?? {},
    };
  }

  /** Takes files attached to messages (the attachments capability, wired by the composition root). */
  useAttachments(attachments: RunAttachments): void {
    this.attachments = attachments;
  }

  private async checkAttachments(refs: MessageAttachment[], model: ModelRef, delegated: boolean): Promise<CheckedAttachments> {
    if (!this.attachments || delegated) {
      throw new AppError('CONFIG', delegated ? 'Delegated runs take no attached files.' : 'This engine does not take attached files.', {
        hint: 'Send the message without attachments.',
      });
    }
    return this.attachments.check(refs, model);
  }

  /** The knowledge bases agents retrieve passages from before each turn (retrieval mode auto/both). */
  useKnowledge(retriever: KnowledgeRetriever): void {
    this.knowledge = retriever;
  }

  /** Adds a source of tools (e.g. the MCP servers). */
  addToolSource(source: ToolSource): void {
    this.sources.push(source);
  }

  /** Creates the run and answers at once; the run goes on in the background. */
  async start(agentRef: string, input: string, options: StartOptions = {}): Promise<Run> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'Agent Factory is stopping; no new runs start.');
    const policy = options.unattended && parseOrThrow(UnattendedPolicySchema, options.unattended, 'unattended policy');
    const maxTokens = options.maxTokens === undefined ? undefined : parseOrThrow(MaxTokens, options.maxTokens, 'token budget (maxTokens)');
    const latest = await this.deps.agents.resolve(agentRef);
    const pinned =
      options.agentRevision !== undefined && options.agentRevision !== latest.revision
        ? { ...latest, ...(await this.deps.agents.revision(latest.id, options.agentRevision)).snapshot, revision: options.agentRevision }
        : latest;
    const o = options.overrides;
    const agent: Agent = o
      ? {
          ...pinned,
          ...(o.model ? { model: o.model } : {}),
          ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
          ...(o.knowledgeMode ? { knowledge: { ...pinned.knowledge, mode: o.knowledgeMode } } : {}),
        }
      : pinned;
    const parent = options.parentRunId ? this.active.get(options.parentRunId) : undefined;
    if (options.parentRunId && !parent) {
      throw new AppError('CONFLICT', `Run ${options.parentRunId} is not going on, so it cannot delegate.`);
    }
    if (parent?.agentChain.includes(agent.id)) {
      throw new AppError('CONFLICT', `Delegating to "${agent.name}" would make a cycle: it is already working on this task higher up.`, {
        hint: 'Delegate to an agent that is not already part of this run, or do the task here.',
      });
    }
    const depth = parent ? parent.run.depth + 1 : 0;
    if (depth > this.opts.maxDepth) {
      throw new AppError('CONFLICT', `Delegation is limited to ${this.opts.maxDepth} levels.`, { hint: 'Do the task here instead of delegating it further.' });
    }
    // Attached files are checked before anything is created: a refused image leaves no run or thread.
    const attached = options.attachments?.length ? await this.checkAttachments(options.attachments, agent.model, !!parent) : undefined;
    // Delegated runs belong to their root's thread but add nothing to its history.
    const threadId = parent ? parent.run.threadId : options.noThread ? null : ((await this.deps.threads?.openForRun(agent, input, options))?.id ?? null);
    if (options.replacesRunId && !parent) await this.deps.conversations?.removeRun(options.replacesRunId);
    const now = new Date().toISOString();
    const id = randomUUID();
    const run: Run = {
      id,
      agentId: agent.id,
      agentName: agent.name,
      model: agent.model,
      parentRunId: parent?.run.id ?? null,
      rootRunId: parent?.run.rootRunId ?? id,
      depth,
      threadId,
      replacesRunId: parent ? null : (options.replacesRunId ?? null),
      agentRevision: agent.revision,
      status: 'running',
      input: stripNul(input),
      output: null,
      error: null,
      usage: { inputTokens: 0, outputTokens: 0 },
      steps: 0,
      pendingApprovals: [],
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    await this.repo.insert(run);
    // Never inherited from interactive runs: only a run started unattended (or delegated by one) has a policy.
    const unattended = parent?.unattended ?? policy;
    const active = new ActiveRun(run, agent, [...(parent?.agentChain ?? []), agent.id], this.io, unattended);
    if (parent) active.follow(parent.signal);
    this.active.set(id, active);
    this.deps.bus.publish('run.status', run);
    const env = {
      resolveTools: (a: Agent, signal: AbortSignal) => this.resolveTools(a, signal),
      providerFor: this.deps.providerFor,
      conversations: this.deps.conversations,
      // Memory off: neither the conversation nor long-term recall.
      memory: agent.memory.enabled ? this.deps.memory : undefined,
      knowledge: this.knowledge,
      recall: this.opts.recall,
      logger: this.io.logger,
      maxSteps: options.maxSteps ?? this.opts.maxSteps,
      maxTokens,
      timeoutMs: options.timeoutMs ?? this.opts.timeoutMs,
      toolOutputLimit: this.opts.toolOutputLimit,
      history: (options.history ?? depth === 0) && !!this.deps.conversations && !!threadId && agent.memory.enabled,
      attachments:
        this.attachments && !parent
          ? bindAttachments(this.attachments, attached, { threadId, model: agent.model, signal: active.signal, emit: active.emit })
          : undefined,
    };
    // Starts after the caller has the run (so a delegating tool traces the delegation first).
    active.done = new Promise<Run>((resolve) => setImmediate(() => resolve(executeRun(active, env)))).finally(() => this.active.delete(id));
    return run;
  }

  /** Stops a run (and the runs it delegated to); answers the run once it has ended. */
  async cancel(runRef: string): Promise<Run> {
    const runId = await this.resolveId(runRef);
    const active = this.active.get(runId);
    if (!active) return this.get(runId);
    active.controller.abort(new RunStopped('cancelled'));
    return active.done;
  }

  /** Answers a pending tool-call approval; answers the run as it is now. */
  approve(runId: string, callId: string, decision: ApprovalDecision): Run {
    const active = this.active.get(runId);
    if (!active) throw new AppError('CONFLICT', `Run ${runId} is not going on, so it has nothing to approve.`);
    active.gate.answer(callId, decision);
    return active.run;
  }

  /** By id, or by any unique prefix of one. */
  async get(runRef: string): Promise<Run> {
    const active = this.active.get(runRef);
    if (active) return active.run;
    const run = (await this.repo.get(runRef)) ?? (await this.repo.get(await this.resolveId(runRef)));
    if (!run) throw new AppError('NOT_FOUND', `No run with id ${runRef}.`, { hint: 'List runs to see their ids.' });
    return run;
  }

  /** The full id of a run given by id or by a unique prefix (NOT_FOUND, or VALIDATION listing the candidates). */
  async resolveId(runRef: string): Promise<string> {
    if (this.active.has(runRef) || (await this.repo.get(runRef))) return runRef;
    return uniqueByPrefix({ one: 'run', many: 'runs', list: 'agent-factory runs list' }, runRef, await this.repo.idsByPrefix(runRef));
  }

  /** Stops the runs going on in a thread (before it is deleted). */
  async cancelThread(threadId: string): Promise<void> {
    await Promise.all([...this.active.values()].filter((a) => a.run.threadId === threadId && !a.run.parentRunId).map((a) => this.cancel(a.run.id)));
  }

  /** Newest first. `agentId` may also be an agent's name. */
  async list(filter: RunFilter): Promise<Run[]> {
    if (!filter.agentId) return this.repo.list(filter);
    const agent = await this.deps.agents.resolve(filter.agentId).catch(() => undefined);
    return this.repo.list({ ...filter, agentId: agent?.id ?? filter.agentId });
  }

  /** Resolves with the run once it has ended (its trace stored). */
  async waitFor(runId: string): Promise<Run> {
    return this.active.get(runId)?.done ?? this.get(runId);
  }

  async messages(runRef: string): Promise<RunMessage[]> {
    const runId = (await this.get(runRef)).id;
    await this.active.get(runId)?.flushed();
    return this.repo.messages(runId);
  }

  /** The stored trace of a run, with the runs it delegated to (recursively) unless told otherwise. */
  async trace(runId: string, includeChildren = true): Promise<Trace> {
    const run = await this.get(runId);
    const runs = [run];
    if (includeChildren) {
      const ids = new Set([run.id]);
      for (const r of await this.repo.tree(run.rootRunId)) {
        if (r.parentRunId && ids.has(r.parentRunId) && !ids.has(r.id)) {
          ids.add(r.id);
          runs.push(this.active.get(r.id)?.run ?? r);
        }
      }
    }
    await Promise.all(runs.map((r) => this.active.get(r.id)?.writer.drain()));
    const events = await this.repo.events(runs.map((r) => r.id));
    return { runs, events: mergeTraces(runs.map((r) => events.get(r.id) ?? [])) };
  }

  /** Marks runs left going on by a crash or a stop as `interrupted` (call once at engine start). */
  async recoverInterrupted(): Promise<Run[]> {
    const out: Run[] = [];
    for (const stale of await this.repo.unfinished()) {
      if (this.active.has(stale.id)) continue;
      const finishedAt = new Date().toISOString();
      const run: Run = { ...stale, status: 'interrupted', error: INTERRUPTED_ERROR, pendingApprovals: [], updatedAt: finishedAt, finishedAt };
      const writer = new TraceWriter(run.id, run.parentRunId, this.io.bus, this.repo, this.io.logger, await this.repo.lastSeq(run.id));
      writer.emit(finishedEvent(run));
      await writer.drain();
      await this.repo.save(run);
      this.deps.bus.publish('run.status', run);
      out.push(run);
    }
    return out;
  }

  /** Stops every run (they end `interrupted`) and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    const runs = [...this.active.values()];
    for (const active of runs) active.controller.abort(new RunStopped('shutdown'));
    await Promise.all(runs.map((a) => a.done));
  }

  private async resolveTools(agent: Agent, signal: AbortSignal): Promise<Map<string, RuntimeTool>> {
    const mcpKinds: readonly ToolRef['kind'][] = ['mcp-server', 'mcp-tool'];
    const handled = new Set(this.sources.flatMap((s) => s.kinds ?? mcpKinds));
    const orphan = agent.tools.find((ref) => !handled.has(ref.kind));
    if (orphan) {
      throw new AppError('CONFIG', `This engine has no source for the agent's ${orphan.kind} tools.`, {
        hint: 'Remove those tools from the agent, or use the desktop app or `serve`, which connect to MCP servers.',
      });
    }
    const tools = new Map<string, RuntimeTool>();
    for (const source of this.sources) {
      for (const tool of await source.resolve(agent.tools, { agent, signal })) {
        if (tools.has(tool.spec.name)) this.io.logger.warn({ tool: tool.spec.name, source: tool.source }, 'two tools share a name; the first is used');
        else tools.set(tool.spec.name, tool);
      }
    }
    return applyAgentToolSettings(agent, tools);
  }
}
