import { KnowledgeMode, ToolPolicy, type Agent, type AgentPatch, type ToolRef } from '@shared/entities/agent';
import { ProviderKind } from '@shared/entities/model';
import { AppError } from '@shared/errors';
import type { CliContext } from './context';
import { resolveKb } from './kb-commands';
import { resolveServer } from './servers-commands';

export function parseModel(value: string): { provider: ProviderKind; model: string } {
  const i = value.indexOf(':');
  const provider = ProviderKind.safeParse(value.slice(0, i));
  if (i < 1 || !provider.success) {
    throw new AppError('VALIDATION', `--model must look like provider:model (provider one of ${ProviderKind.options.join(', ')}), got "${value}".`);
  }
  return { provider: provider.data, model: value.slice(i + 1) };
}

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** An agent by id, name (any case) or unique id prefix. */
export async function resolveAgent(ctx: CliContext, idOrName: string): Promise<Agent> {
  const agents = await ctx.client.call('agents.list', {});
  const lower = idOrName.toLowerCase();
  const exact = agents.find((a) => a.id === idOrName || a.name.toLowerCase() === lower);
  if (exact) return exact;
  const byPrefix = idOrName.length >= 4 ? agents.filter((a) => a.id.startsWith(idOrName)) : [];
  if (byPrefix.length === 1) return byPrefix[0]!;
  if (byPrefix.length > 1) {
    throw new AppError('CONFLICT', `More than one agent's id starts with "${idOrName}": ${byPrefix.map((a) => a.name).join(', ')}.`, { hint: 'Give more of the id, or the name.' });
  }
  throw new AppError('NOT_FOUND', `No agent "${idOrName}".`, { hint: 'Run `agent-factory agents list`.' });
}

/** `builtin:<name>`, `<server>:*` (the whole server) or `<server>:<tool>`; servers by name or id. */
export async function parseToolSpec(ctx: CliContext, spec: string): Promise<ToolRef> {
  const i = spec.lastIndexOf(':');
  if (i < 1 || i === spec.length - 1) {
    throw new AppError('VALIDATION', `A tool must look like server:tool, server:* or builtin:name, got "${spec}".`);
  }
  const source = spec.slice(0, i);
  const tool = spec.slice(i + 1);
  if (source === 'builtin') return { kind: 'builtin', name: tool };
  const { server } = await resolveServer(ctx, source);
  return tool === '*' ? { kind: 'mcp-server', serverId: server.id } : { kind: 'mcp-tool', serverId: server.id, tool };
}

const sameRef = (a: ToolRef, b: ToolRef) => JSON.stringify(a) === JSON.stringify(b);

export interface UpdateOptions {
  name?: string;
  description?: string;
  model?: string;
  systemPrompt?: string;
  temperature?: string;
  tool?: string[];
  removeTool?: string[];
  policy?: string[];
  kb?: string[];
  removeKb?: string[];
  retrieval?: string;
  k?: string;
  minScore?: string;
  delegate?: string[];
  removeDelegate?: string[];
  memory?: string;
  memoryBudget?: string;
}

function number(value: string, what: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new AppError('VALIDATION', `${what} must be a number, got "${value}".`);
  return n;
}

/** The patch `agents update` sends: only what the options change (lists edited from the agent's current ones). */
export async function updatePatch(ctx: CliContext, agent: Agent, o: UpdateOptions): Promise<AgentPatch> {
  const patch: AgentPatch = {};
  if (o.name !== undefined) patch.name = o.name;
  if (o.description !== undefined) patch.description = o.description;
  if (o.model !== undefined) patch.model = parseModel(o.model);
  if (o.systemPrompt !== undefined) patch.systemPrompt = o.systemPrompt;
  if (o.temperature !== undefined) patch.temperature = number(o.temperature, '--temperature');

  if (o.tool?.length || o.removeTool?.length) {
    let tools = [...agent.tools];
    for (const spec of o.removeTool ?? []) {
      const ref = await parseToolSpec(ctx, spec);
      if (!tools.some((t) => sameRef(t, ref))) throw new AppError('NOT_FOUND', `"${agent.name}" does not have the tool ${spec}.`, { hint: 'See its tools with `agent-factory agents show`.' });
      tools = tools.filter((t) => !sameRef(t, ref));
    }
    for (const spec of o.tool ?? []) {
      const ref = await parseToolSpec(ctx, spec);
      if (!tools.some((t) => sameRef(t, ref))) tools.push(ref);
    }
    patch.tools = tools;
  }
  if (o.policy?.length) {
    const policies = { ...agent.toolPolicies };
    for (const entry of o.policy) {
      const [spec, value] = [entry.slice(0, entry.lastIndexOf('=')), entry.slice(entry.lastIndexOf('=') + 1)];
      const policy = ToolPolicy.safeParse(value);
      if (!spec || !policy.success) throw new AppError('VALIDATION', `--policy must look like server:tool=ask|allow|deny, got "${entry}".`);
      const ref = await parseToolSpec(ctx, spec);
      if (ref.kind === 'mcp-server') throw new AppError('VALIDATION', 'A policy is set per tool: give server:tool, not server:*.');
      policies[ref.kind === 'builtin' ? `builtin:${ref.name}` : `${ref.serverId}:${ref.tool}`] = policy.data;
    }
    patch.toolPolicies = policies;
  }
  if (o.kb?.length || o.removeKb?.length) {
    let ids = [...agent.knowledgeBaseIds];
    for (const ref of o.removeKb ?? []) {
      const kb = await resolveKb(ctx, ref).catch(() => undefined);
      ids = ids.filter((id) => id !== (kb?.id ?? ref));
    }
    for (const ref of o.kb ?? []) {
      const kb = await resolveKb(ctx, ref);
      if (!ids.includes(kb.id)) ids.push(kb.id);
    }
    patch.knowledgeBaseIds = ids;
  }
  if (o.retrieval !== undefined || o.k !== undefined || o.minScore !== undefined) {
    const mode = o.retrieval === undefined ? agent.knowledge.mode : KnowledgeMode.safeParse(o.retrieval).data;
    if (!mode) throw new AppError('VALIDATION', `--retrieval must be one of ${KnowledgeMode.options.join(', ')}, got "${o.retrieval}".`);
    patch.knowledge = {
      mode,
      k: o.k === undefined ? agent.knowledge.k : number(o.k, '--k'),
      minScore: o.minScore === undefined ? agent.knowledge.minScore : number(o.minScore, '--min-score'),
    };
  }
  if (o.delegate?.length || o.removeDelegate?.length) {
    let ids = [...agent.delegateIds];
    for (const ref of o.removeDelegate ?? []) {
      const other = await resolveAgent(ctx, ref).catch(() => undefined);
      ids = ids.filter((id) => id !== (other?.id ?? ref));
    }
    for (const ref of o.delegate ?? []) {
      const other = await resolveAgent(ctx, ref);
      if (!ids.includes(other.id)) ids.push(other.id);
    }
    patch.delegateIds = ids;
  }
  if (o.memory !== undefined || o.memoryBudget !== undefined) {
    if (o.memory !== undefined && o.memory !== 'on' && o.memory !== 'off') throw new AppError('VALIDATION', `--memory must be on or off, got "${o.memory}".`);
    patch.memory = {
      enabled: o.memory === undefined ? agent.memory.enabled : o.memory === 'on',
      budgetTokens: o.memoryBudget === undefined ? agent.memory.budgetTokens : number(o.memoryBudget, '--memory-budget'),
    };
  }
  if (Object.keys(patch).length === 0) throw new AppError('VALIDATION', 'Nothing to change.', { hint: 'Give at least one option, e.g. --tool builtin:current_time. See `agent-factory agents update --help`.' });
  return patch;
}
