import type { Agent, ToolRef } from '@shared/entities/agent';
import type { JsonObject, ToolSpec } from '@shared/entities/llm';
import type { TraceEventBody } from '@shared/entities/run';

/** Whether a tool runs at once or waits for the user's approval (`runs.approve`). */
export type ApprovalPolicy = 'auto' | 'ask';

/** What a tool answers: text for the model, optionally marked as an error. */
export type ToolOutput = string | { content: string; isError?: boolean };

/** What a tool gets besides its arguments. */
export interface ToolContext {
  runId: string;
  rootRunId: string;
  /** 0 for a top-level run. */
  depth: number;
  /** The agent running the tool. */
  agent: Agent;
  /** The agents of this run and the runs above it (cycle guard for delegation). */
  agentChain: string[];
  callId: string;
  /** Aborted when the run is cancelled, times out or the engine stops. */
  signal: AbortSignal;
  /** Adds an event to the run's trace. */
  emit(event: TraceEventBody): void;
  /** The run has nobody to ask (automations): MCP servers' forms are declined, sampling follows the server's policy (ask → deny). */
  unattended?: boolean;
}

/** A tool the runtime can offer to the model and call by name. */
export interface RuntimeTool {
  spec: ToolSpec;
  /** Where it comes from, shown in the trace: `builtin` or an MCP server id. */
  source: string;
  /** Its key in an agent's `toolPolicies`: `builtin:<name>` or `<serverId>:<tool>` (default `<source>:<name>`). */
  key?: string;
  approval: ApprovalPolicy;
  /** Must be approved whatever the agent's policy (e.g. its definition changed since the user consented). */
  mustAsk?: boolean;
  /** MCP tools: the server's name as the user sees it and the tool's original name (allow-lists of unattended runs name tools so). */
  mcp?: { serverName: string; tool: string };
  call(args: JsonObject, ctx: ToolContext): Promise<ToolOutput>;
}

/**
 * A provider of tools: the built-ins are one source, each MCP server connection another. The runtime
 * asks every source for the agent's selected tools (`agent.tools`) at the start of a run; a source
 * ignores the refs it does not handle.
 */
export interface ToolSource {
  readonly id: string;
  /** The kinds of tool ref it handles (default: the MCP kinds). A ref no source handles fails the run. */
  readonly kinds?: readonly ToolRef['kind'][];
  resolve(refs: ToolRef[], ctx: { agent: Agent; signal: AbortSignal }): Promise<RuntimeTool[]>;
}
