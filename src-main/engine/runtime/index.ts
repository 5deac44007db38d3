import { BuiltinTools, currentTimeTool } from './tools/builtins';
import { delegateTool } from './tools/delegate';
import { recallTool, rememberTool } from './tools/memory-tools';
import { RunService, type RunServiceDeps } from './service';

export { RunService, type RunServiceDeps, type RunServiceOptions, type StartOptions } from './service';
export { BuiltinTools, currentTimeTool, jsonSchemaOf, type BuiltinTool, type BuiltinToolInfo } from './tools/builtins';
export type { ApprovalPolicy, RuntimeTool, ToolContext, ToolOutput, ToolSource } from './tools/types';
export { UnattendedPolicySchema, DEFAULT_QUEUE_TIMEOUT_MS, type UnattendedPolicy } from './unattended';
export { runHandlers } from './handlers';

export interface Runtime {
  runs: RunService;
  /** Register more built-in tools here (e.g. `knowledge_search`). */
  builtins: BuiltinTools;
}

/**
 * The runtime with its built-in tools: current_time, delegate_to_agent, and remember/recall when
 * a memory service is given. Further sources (MCP) are added with `runs.addToolSource`.
 */
export function createRuntime(deps: RunServiceDeps): Runtime {
  const builtins = new BuiltinTools();
  const runs = new RunService({ ...deps, toolSources: [builtins, ...(deps.toolSources ?? [])] });
  builtins.register(currentTimeTool);
  builtins.register(delegateTool(runs, deps.agents));
  if (deps.memory) {
    builtins.register(rememberTool(deps.memory));
    builtins.register(recallTool(deps.memory));
  }
  return { runs, builtins };
}
