import type { Agent } from '@shared/entities/agent';
import type { RuntimeTool } from './tools/types';

/** Built-ins that only make sense with long-term memory on. */
const MEMORY_TOOLS = new Set(['builtin:remember', 'builtin:recall']);

export function keyOf(tool: RuntimeTool): string {
  return tool.key ?? `${tool.source}:${tool.spec.name}`;
}

/**
 * The tools an agent is offered, after its own settings: a tool it denies is not offered; one it
 * allows runs without asking (unless its definition changed since the user consented); one it
 * asks about waits for approval whatever the server says. A server's own `deny` still wins (the
 * tool never gets here). Memory off takes away remember/recall; retrieval `auto` takes away
 * knowledge_search (the passages are already in the context).
 */
export function applyAgentToolSettings(agent: Agent, tools: Map<string, RuntimeTool>): Map<string, RuntimeTool> {
  const out = new Map<string, RuntimeTool>();
  for (const [name, tool] of tools) {
    const key = keyOf(tool);
    if (!agent.memory.enabled && MEMORY_TOOLS.has(key)) continue;
    if (agent.knowledge.mode === 'auto' && key === 'builtin:knowledge_search') continue;
    const policy = agent.toolPolicies[key];
    if (policy === 'deny') continue;
    if (policy === 'allow') out.set(name, tool.mustAsk ? { ...tool, approval: 'ask' } : { ...tool, approval: 'auto' });
    else if (policy === 'ask') out.set(name, { ...tool, approval: 'ask' });
    else out.set(name, tool);
  }
  return out;
}
