import { randomUUID } from 'node:crypto';
import type { AgentReferenceProblem } from '@shared/api/agents';
import { AgentInput, AgentPatch, type Agent, type AgentRevision, type AgentRevisionSummary } from '@shared/entities/agent';
import { AppError, parseOrThrow, type FieldIssue } from '@shared/errors';
import type { Bus } from '../bus/bus';
import { sqlState, UNIQUE_VIOLATION } from '../store/errors';
import type { Db } from '../store/types';
import { catalogSnapshot, delegationCycle, issuesOf, missingReferences, toolRefKey, type AgentReferenceCatalog, type Definition } from './references';
import { AgentRepository } from './repository';

function nameTaken(name: string, cause: unknown): AppError {
  return new AppError('CONFLICT', `An agent named "${name}" already exists.`, {
    hint: 'Choose another name.',
    issues: [{ path: ['name'], message: 'This name is already used by another agent' }],
    cause,
  });
}

/** Creating, editing and deleting agents; every change is published on the bus. */
export class AgentService {
  private readonly repo: AgentRepository;
  private catalog: AgentReferenceCatalog | undefined;

  constructor(
    db: Db,
    private readonly bus: Bus,
  ) {
    this.repo = new AgentRepository(db);
  }

  /** What references are checked against (MCP servers, knowledge bases, built-in tools). */
  useReferences(catalog: AgentReferenceCatalog): void {
    this.catalog = catalog;
  }

  async list(filter: { tag?: string } = {}): Promise<Agent[]> {
    const all = await this.repo.list();
    return filter.tag ? all.filter((a) => a.tags.includes(filter.tag!)) : all;
  }

  async get(id: string): Promise<Agent> {
    const agent = await this.repo.get(id);
    if (!agent) throw new AppError('NOT_FOUND', `No agent with id ${id}.`, { hint: 'List agents to see their ids.' });
    return agent;
  }

  /** By id, (case-insensitive) name, or a unique id prefix — what the CLI accepts. */
  async resolve(idOrName: string): Promise<Agent> {
    const agent = (await this.repo.get(idOrName)) ?? (await this.repo.findByName(idOrName));
    if (agent) return agent;
    const byPrefix = idOrName.length >= 4 ? await this.repo.findByIdPrefix(idOrName) : [];
    if (byPrefix.length === 1) return byPrefix[0]!;
    if (byPrefix.length > 1) {
      throw new AppError('CONFLICT', `More than one agent's id starts with "${idOrName}".`, { hint: 'Give more of the id, or the name.' });
    }
    throw new AppError('NOT_FOUND', `No agent "${idOrName}".`, { hint: 'Run `agent-factory agents list`.' });
  }

  /**
   * `keepMissing`: references to what does not exist here are kept (a template's preset server, an
   * imported file from another machine) and reported by `problems`, instead of refused.
   */
  async create(input: AgentInput, options: { keepMissing?: boolean } = {}): Promise<Agent> {
    const parsed = parseOrThrow(AgentInput, input, 'agent');
    const id = randomUUID();
    await this.checkReferences(id, parsed, options.keepMissing ? 'skip' : undefined);
    let agent: Agent;
    try {
      agent = await this.repo.insert({ id, ...parsed });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw nameTaken(parsed.name, error);
      throw error;
    }
    this.bus.publish('agents.changed', { kind: 'upserted', agent });
    return agent;
  }

  async update(id: string, patch: AgentPatch, expectedRevision?: number): Promise<Agent> {
    return this.save(id, parseOrThrow(AgentPatch, patch, 'agent'), expectedRevision, 'new');
  }

  /** Every saved revision, newest first. */
  async revisions(id: string): Promise<AgentRevisionSummary[]> {
    await this.get(id);
    return this.repo.revisions(id);
  }

  async revision(id: string, revision: number): Promise<AgentRevision> {
    const agent = await this.get(id);
    const found = await this.repo.revision(id, revision);
    if (!found) {
      throw new AppError('NOT_FOUND', `"${agent.name}" has no revision ${revision}.`, { hint: 'List its revisions to see which exist.' });
    }
    return found;
  }

  /**
   * Makes an old revision current again, as a new revision. What it refers to that no longer exists
   * is kept (and reported by `problems`); a delegation cycle is refused.
   */
  async restore(id: string, revision: number): Promise<Agent> {
    const { snapshot } = await this.revision(id, revision);
    return this.save(id, snapshot, undefined, 'cycles');
  }

  /** The references of each agent that point at nothing (agents without problems are left out). */
  async problems(): Promise<Record<string, AgentReferenceProblem[]>> {
    const all = await this.repo.list();
    const catalog = this.catalog && (await catalogSnapshot(this.catalog));
    const out: Record<string, AgentReferenceProblem[]> = {};
    for (const agent of all) {
      const found = await missingReferences(agent, all, catalog);
      if (found.length) out[agent.id] = found.map(({ index: _i, ...p }) => p);
    }
    return out;
  }

  /** The agents that use an MCP server, a knowledge base or (as a delegate) another agent. */
  async usedBy(kind: 'mcp-server' | 'knowledge-base' | 'agent', id: string): Promise<{ id: string; name: string }[]> {
    const uses = (a: Agent) =>
      kind === 'mcp-server'
        ? a.tools.some((t) => t.kind !== 'builtin' && t.serverId === id)
        : kind === 'knowledge-base'
          ? a.knowledgeBaseIds.includes(id)
          : a.delegateIds.includes(id);
    return (await this.repo.list()).filter(uses).map((a) => ({ id: a.id, name: a.name }));
  }

  /**
   * Validates the references a save brings (`new`: those the agent did not have already, so a
   * reference left dangling by a deleted server does not block editing the name; `cycles`: only
   * delegation cycles), then writes the agent and its revision.
   */
  private async save(id: string, patch: AgentPatch, expectedRevision: number | undefined, check: 'new' | 'cycles'): Promise<Agent> {
    const current = await this.get(id);
    if (expectedRevision !== undefined && current.revision !== expectedRevision) {
      throw new AppError('CONFLICT', `"${current.name}" was changed elsewhere since you opened it.`, {
        hint: 'Reload the agent to see the latest version, then apply your change again.',
      });
    }
    await this.checkReferences(id, { ...current, ...patch }, check === 'new' ? current : 'skip');
    let agent: Agent | undefined;
    try {
      agent = await this.repo.update(id, patch);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw nameTaken(patch.name ?? current.name, error);
      throw error;
    }
    if (!agent) throw new AppError('NOT_FOUND', `No agent with id ${id}.`);
    this.bus.publish('agents.changed', { kind: 'upserted', agent });
    return agent;
  }

  /**
   * Refuses (VALIDATION, with an issue per field entry) references to unknown MCP servers, tools,
   * knowledge bases or agents, and delegation cycles. `before`: references it already had pass;
   * 'skip': only cycles are checked.
   */
  private async checkReferences(id: string, def: Definition, before: Agent | undefined | 'skip'): Promise<void> {
    const everyone = await this.repo.list();
    const all = everyone.filter((a) => a.id !== id);
    const issues: FieldIssue[] = [];
    if (before !== 'skip') {
      const had = {
        tools: new Set(before?.tools.map(toolRefKey) ?? []),
        knowledgeBaseIds: new Set(before?.knowledgeBaseIds ?? []),
        delegateIds: new Set(before?.delegateIds ?? []),
      };
      const problems = await missingReferences(def, everyone, this.catalog);
      issues.push(...issuesOf(problems.filter((p) => !had[p.field].has(p.ref))));
    }
    const cycle = delegationCycle(id, def.delegateIds, all);
    if (cycle) {
      const nameOf = (x: string) => (x === id ? def.name : (all.find((a) => a.id === x)?.name ?? x));
      issues.push({
        path: ['delegateIds', Math.max(0, def.delegateIds.indexOf(cycle[1]!))],
        message: cycle.length === 2 ? 'An agent cannot delegate to itself' : `Delegation would go in a circle: ${cycle.map(nameOf).join(' → ')}`,
      });
    }
    if (issues.length) {
      throw new AppError('VALIDATION', issues.length === 1 ? issues[0]!.message : `The agent refers to ${issues.length} things that cannot be used.`, {
        hint: 'Fix the fields marked, then save again.',
        issues,
      });
    }
  }

  async duplicate(id: string): Promise<Agent> {
    const source = await this.get(id);
    const name = await this.freeCopyName(source.name);
    const { id: _id, revision: _r, createdAt: _c, updatedAt: _u, ...fields } = source;
    return this.create({ ...fields, name });
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.repo.delete(id);
    if (deleted) this.bus.publish('agents.changed', { kind: 'deleted', id });
    return deleted;
  }

  private async freeCopyName(name: string): Promise<string> {
    const base = `${name} (copy`.slice(0, 70);
    for (let n = 1; n < 1000; n++) {
      const candidate = n === 1 ? `${base})` : `${base} ${n})`;
      if (!(await this.repo.findByName(candidate))) return candidate;
    }
    throw new AppError('CONFLICT', `Too many copies of "${name}".`);
  }
}
