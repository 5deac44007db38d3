import type { AgentReferenceProblem } from '@shared/api/agents';
import type { Agent, AgentRevisionSummary, AgentSnapshot, ToolRef } from '@shared/entities/agent';
import type { CliContext } from './context';

/** How a tool reference reads: `builtin:current_time`, `Files:*`, `Files:read_file`. */
function toolLabel(ref: ToolRef, serverName: (id: string) => string): string {
  if (ref.kind === 'builtin') return `builtin:${ref.name}`;
  return `${serverName(ref.serverId)}:${ref.kind === 'mcp-server' ? '*' : ref.tool}`;
}

/** The agent as `agents show` prints it. */
export async function describeAgent(ctx: CliContext, agent: Agent, problems: AgentReferenceProblem[]): Promise<string> {
  const [servers, kbs, agents] = await Promise.all([
    ctx.client.call('mcp.servers.list', {}).catch(() => []),
    ctx.client.call('kb.list', {}).catch(() => []),
    ctx.client.call('agents.list', {}),
  ]);
  const serverName = (id: string) => servers.find((v) => v.server.id === id)?.server.name ?? `${id} (missing)`;
  const kbName = (id: string) => kbs.find((kb) => kb.id === id)?.name ?? `${id} (missing)`;
  const agentName = (id: string) => agents.find((a) => a.id === id)?.name ?? `${id} (missing)`;
  const keyOf = (ref: ToolRef) => (ref.kind === 'builtin' ? `builtin:${ref.name}` : ref.kind === 'mcp-tool' ? `${ref.serverId}:${ref.tool}` : undefined);
  const policyOf = (ref: ToolRef) => {
    const key = keyOf(ref);
    return key && agent.toolPolicies[key] ? ` [${agent.toolPolicies[key]}]` : '';
  };
  // Policies of single tools of a whole-server selection are listed after the tools.
  const shown = new Set(agent.tools.map(keyOf));
  const serverPolicies = Object.entries(agent.toolPolicies).filter(([key]) => !shown.has(key));
  const lines = [
    `Name:        ${agent.name} (${agent.id})`,
    `Model:       ${agent.model.provider}:${agent.model.model}, temperature ${agent.temperature}`,
    `Revision:    ${agent.revision} (saved ${agent.updatedAt})`,
    ...(agent.description ? [`Description: ${agent.description}`] : []),
    ...(agent.tags.length ? [`Tags:        ${agent.tags.join(', ')}`] : []),
    `Tools:       ${agent.tools.length ? '' : '(none)'}`,
    ...agent.tools.map((t) => `  - ${toolLabel(t, serverName)}${policyOf(t)}`),
    ...serverPolicies.map(([key, policy]) => `  policy ${key.startsWith('builtin:') ? key : `${serverName(key.slice(0, key.lastIndexOf(':')))}:${key.slice(key.lastIndexOf(':') + 1)}`}: ${policy}`),
    `Knowledge:   ${agent.knowledgeBaseIds.length ? agent.knowledgeBaseIds.map(kbName).join(', ') : '(none)'}`,
    `  retrieval ${agent.knowledge.mode}, k ${agent.knowledge.k}, minimum score ${agent.knowledge.minScore}`,
    `Delegates:   ${agent.delegateIds.length ? agent.delegateIds.map(agentName).join(', ') : '(none)'}`,
    `Memory:      ${agent.memory.enabled ? `on, history budget ${agent.memory.budgetTokens} tokens` : 'off'}`,
    ...(problems.length ? ['Problems:', ...problems.map((p) => `  ! ${p.message}`)] : []),
    'System prompt:',
    ...(agent.systemPrompt ? agent.systemPrompt.split('\n').map((l) => `  ${l}`) : ['  (none)']),
  ];
  return lines.join('\n');
}

/** The fields that differ between two snapshots, e.g. "tools, knowledge". */
export function changedFields(before: AgentSnapshot, after: AgentSnapshot): string[] {
  return (Object.keys(after) as (keyof AgentSnapshot)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** Per revision, what it changed from the one before ("created" for the first); at most the newest 50. */
export async function revisionChanges(ctx: CliContext, agentId: string, revisions: AgentRevisionSummary[]): Promise<Map<number, string>> {
  const shown = revisions.slice(0, 51);
  const snapshots = await Promise.all(shown.map((r) => ctx.client.call('agents.revision', { id: agentId, revision: r.revision })));
  const out = new Map<number, string>();
  snapshots.forEach((current, i) => {
    const previous = snapshots[i + 1];
    if (previous) out.set(current.revision, changedFields(previous.snapshot, current.snapshot).join(', ') || '(nothing)');
    else if (i === revisions.length - 1) out.set(current.revision, 'created');
  });
  return out;
}
