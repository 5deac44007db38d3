import { randomUUID } from 'node:crypto';
import { AgentInput, type Agent, type AgentPatch } from '@shared/entities/agent';
import { AppError, parseOrThrow } from '@shared/errors';
import type { Bus } from '../bus/bus';
import { sqlState, UNIQUE_VIOLATION } from '../store/errors';
import type { Db } from '../store/types';
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

  constructor(
    db: Db,
    private readonly bus: Bus,
  ) {
    this.repo = new AgentRepository(db);
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

  /** By id, or else by (case-insensitive) name — what the CLI accepts. */
  async resolve(idOrName: string): Promise<Agent> {
    const agent = (await this.repo.get(idOrName)) ?? (await this.repo.findByName(idOrName));
    if (!agent) throw new AppError('NOT_FOUND', `No agent "${idOrName}".`, { hint: 'Run `agent-factory agents list`.' });
    return agent;
  }

  async create(input: AgentInput): Promise<Agent> {
    const parsed = parseOrThrow(AgentInput, input, 'agent');
    let agent: Agent;
    try {
      agent = await this.repo.insert({ id: randomUUID(), ...parsed });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw nameTaken(parsed.name, error);
      throw error;
    }
    this.bus.publish('agents.changed', { kind: 'upserted', agent });
    return agent;
  }

  async update(id: string, patch: AgentPatch, expectedRevision?: number): Promise<Agent> {
    const current = await this.get(id);
    if (expectedRevision !== undefined && current.revision !== expectedRevision) {
      throw new AppError('CONFLICT', `"${current.name}" was changed elsewhere since you opened it.`, {
        hint: 'Reload the agent to see the latest version, then apply your change again.',
      });
    }
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
