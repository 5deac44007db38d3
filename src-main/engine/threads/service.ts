import { randomUUID } from 'node:crypto';
import type { Agent } from '@shared/entities/agent';
import { currentTurns, type Thread, type ThreadDetail, type ThreadListItem } from '@shared/entities/thread';
import { AppError } from '@shared/errors';
import type { AgentService } from '../agents/service';
import type { Bus } from '../bus/bus';
import { uniqueByPrefix } from '../store/id-prefix';
import type { Db } from '../store/types';
import { ThreadRepository } from './repository';

/** The longest title made from a first message. */
const TITLE_CHARS = 80;
const DEFAULT_TITLE = 'New chat';

/** A thread's title from its first message: one line, cut at a word. */
export function titleFrom(input: string): string {
  const flat = input.replace(/\s+/g, ' ').trim();
  if (flat.length <= TITLE_CHARS) return flat || DEFAULT_TITLE;
  const cut = flat.slice(0, TITLE_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

export interface ListThreads {
  /** Agent id or name. */
  agentId?: string;
  query?: string;
  includeArchived?: boolean;
  limit?: number;
  /** How many threads (in the listed order) to skip. */
  offset?: number;
}

/** Which thread a new top-level run goes into. */
export interface ThreadChoice {
  /** Continue this thread (an id or a unique prefix). */
  threadId?: string;
  /** Start a new thread (also the default without threadId). */
  newThread?: boolean;
  /** The run is a regenerated or edited turn replacing this one. */
  replacesRunId?: string;
}

/** Conversations as threads: creating, finding, renaming and deleting them; every change is published. */
export class ThreadService {
  readonly repo: ThreadRepository;

  constructor(
    db: Db,
    private readonly bus: Bus,
    private readonly agents: AgentService,
  ) {
    this.repo = new ThreadRepository(db);
  }

  /** By id, or by any unique prefix of one. */
  async get(ref: string): Promise<Thread> {
    const exact = await this.repo.get(ref);
    if (exact) return exact;
    const id = uniqueByPrefix({ one: 'thread', many: 'threads', list: 'agent-factory threads list' }, ref, await this.repo.idsByPrefix(ref));
    return (await this.repo.get(id))!;
  }

  async detail(ref: string): Promise<ThreadDetail> {
    const thread = await this.get(ref);
    return { thread, runs: await this.repo.runs(thread.id) };
  }

  async list(options: ListThreads = {}): Promise<ThreadListItem[]> {
    let agentId = options.agentId;
    if (agentId) agentId = (await this.agents.resolve(agentId).catch(() => undefined))?.id ?? agentId;
    const q = { includeArchived: options.includeArchived ?? false, limit: options.limit ?? 50, offset: options.offset ?? 0, ...(agentId ? { agentId } : {}) };
    return options.query ? this.repo.search(options.query, q) : this.repo.list(q);
  }

  /** An empty thread of an agent (id or name). */
  async create(agentRef: string, title?: string): Promise<Thread> {
    const agent = await this.agents.resolve(agentRef);
    const thread = await this.repo.insert({ id: randomUUID(), agentId: agent.id, title: title ?? DEFAULT_TITLE });
    const saved = title ? ((await this.repo.update(thread.id, { titleEdited: true })) ?? thread) : thread;
    return this.changed(saved);
  }

  async update(ref: string, patch: { title?: string; pinned?: boolean; archived?: boolean }): Promise<Thread> {
    const thread = await this.get(ref);
    const updated = await this.repo.update(thread.id, {
      ...(patch.title !== undefined ? { title: patch.title, titleEdited: true } : {}),
      ...(patch.pinned !== undefined ? { pinned: patch.pinned } : {}),
      ...(patch.archived !== undefined ? { archived: patch.archived } : {}),
      updatedAt: new Date(),
    });
    if (!updated) throw new AppError('NOT_FOUND', `No thread with id ${thread.id}.`);
    return this.changed(updated);
  }

  /** Deletes the thread, its runs and its history (stop its runs first). */
  async delete(ref: string): Promise<{ deleted: boolean; runs: number }> {
    const thread = await this.get(ref);
    const result = await this.repo.delete(thread.id);
    if (result.deleted) this.bus.publish('threads.changed', { kind: 'deleted', id: thread.id, agentId: thread.agentId });
    return result;
  }

  /** Deletes every thread of a (deleted) agent. */
  async deleteForAgent(agentId: string): Promise<void> {
    for (const id of await this.repo.deleteForAgent(agentId)) this.bus.publish('threads.changed', { kind: 'deleted', id, agentId });
  }

  /**
   * The thread a new top-level run of `agent` goes into: the chosen one (which must be the agent's;
   * an archived one comes back), or a new one named by the input. Its first message names an
   * unnamed thread; the run makes it the most recent.
   */
  async openForRun(agent: Agent, input: string, choice: ThreadChoice): Promise<Thread> {
    if (!choice.threadId) return this.changed(await this.repo.insert({ id: randomUUID(), agentId: agent.id, title: titleFrom(input) }));
    const thread = await this.get(choice.threadId);
    if (thread.agentId !== agent.id) {
      throw new AppError('CONFLICT', `Thread ${thread.id} is a conversation with another agent.`, {
        hint: 'Continue it with its own agent, or start a new thread.',
      });
    }
    // Named by its first message: the one sent now, when the thread has none (or this one replaces it).
    const turns = currentTurns(await this.repo.runs(thread.id));
    const first = turns.length === 0 || (turns.length === 1 && turns[0]!.id === choice.replacesRunId);
    const named = !thread.titleEdited && first;
    const updated = await this.repo.update(thread.id, { updatedAt: new Date(), archived: false, ...(named ? { title: titleFrom(input) } : {}) });
    return this.changed(updated ?? thread);
  }

  private changed(thread: Thread): Thread {
    this.bus.publish('threads.changed', { kind: 'upserted', thread });
    return thread;
  }
}
