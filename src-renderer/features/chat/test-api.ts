import type { MethodInput, MethodName, MethodOutput } from '@shared/api/index';
import type { Run } from '@shared/entities/run';
import { currentTurns, type Thread, type ThreadListItem } from '@shared/entities/thread';
import { AppError } from '@shared/errors';
import { RunsTestApi } from '../runs/test-api';

/**
 * The in-memory API with conversation threads, for chat tests: `runs.start` puts the run into the
 * thread given (or a new one named by the message), as the engine does; `threads.*` behave like
 * the engine's (search is a plain substring match here).
 */
export class ChatTestApi extends RunsTestApi {
  readonly threads = new Map<string, Thread>();
  private threadIds = 1;
  private replacing: string | null = null;
  private threadClock = Date.UTC(2026, 2, 2, 9);

  constructor() {
    super();
    this.extend({
      'threads.list': ({ agentId, query, includeArchived, limit, offset = 0 }) =>
        [...this.threads.values()]
          .filter((t) => (!agentId || t.agentId === agentId) && (includeArchived || !t.archived))
          .flatMap((t): ThreadListItem[] => {
            const runs = this.runsOf(t.id);
            const item = { ...t, runCount: runs.length };
            if (!query) return [item];
            const q = query.toLowerCase();
            const hit = runs.find((r) => `${r.input} ${r.output ?? ''}`.toLowerCase().includes(q));
            if (hit) return [{ ...item, match: `«${hit.input}»` }];
            return t.title.toLowerCase().includes(q) ? [{ ...item, match: null }] : [];
          })
          .sort(
            (a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt.localeCompare(a.updatedAt),
          )
          .slice(offset, offset + limit),
      'threads.get': ({ threadId }) => ({
        thread: this.thread(threadId),
        runs: this.runsOf(threadId),
      }),
      'threads.create': ({ agentId, title }) =>
        this.addThread({ agentId, ...(title ? { title, titleEdited: true } : {}) }),
      'threads.update': ({ threadId, title, pinned, archived }) =>
        this.changeThread(threadId, {
          ...(title !== undefined ? { title, titleEdited: true } : {}),
          ...(pinned !== undefined ? { pinned } : {}),
          ...(archived !== undefined ? { archived } : {}),
        }),
      'threads.delete': ({ threadId }) => {
        const thread = this.thread(threadId);
        const runs = [...this.runs.values()].filter((r) => r.threadId === thread.id);
        for (const r of runs) this.runs.delete(r.id);
        this.threads.delete(thread.id);
        this.emit('threads.changed', { kind: 'deleted', id: thread.id, agentId: thread.agentId });
        return { deleted: true, runs: runs.filter((r) => !r.parentRunId).length };
      },
      'threads.regenerate': ({ threadId }) => this.replay(threadId, undefined),
      'threads.editLast': ({ threadId, input }) => this.replay(threadId, input),
    });
  }

  override async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    const result = await super.call(method, input);
    if (method !== 'runs.start') return result;
    const { options } = input as MethodInput<'runs.start'>;
    const run = result as Run;
    const thread = options?.threadId
      ? this.thread(options.threadId)
      : this.addThread({ agentId: run.agentId, title: run.input.slice(0, 80) });
    this.changeThread(thread.id, {});
    const replacesRunId = this.replacing;
    this.replacing = null;
    return this.update(run.id, { threadId: thread.id, replacesRunId }) as MethodOutput<M>;
  }

  thread(id: string): Thread {
    const thread = this.threads.get(id);
    if (!thread) throw new AppError('NOT_FOUND', `No thread with id ${id}.`);
    return thread;
  }

  /** The thread's top-level runs, oldest first. */
  runsOf(threadId: string): Run[] {
    return [...this.runs.values()]
      .filter((r) => r.threadId === threadId && !r.parentRunId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Stores a thread (publishing `threads.changed`). */
  addThread(overrides: Partial<Thread> & Pick<Thread, 'agentId'>): Thread {
    const at = this.tickThread();
    const thread: Thread = {
      id: `thread-${this.threadIds++}`,
      title: 'New chat',
      titleEdited: false,
      pinned: false,
      archived: false,
      createdAt: at,
      updatedAt: at,
      ...overrides,
    };
    this.threads.set(thread.id, thread);
    this.emit('threads.changed', { kind: 'upserted', thread });
    return thread;
  }

  /** A finished exchange in a thread, as if run earlier. */
  addTurn(threadId: string, input: string, output: string): Run {
    const thread = this.thread(threadId);
    const agent = this.agents.get(thread.agentId);
    return this.addRun({
      agentId: thread.agentId,
      agentName: agent?.name ?? 'Agent',
      threadId,
      input,
      output,
      status: 'succeeded',
      steps: 1,
      finishedAt: this.tickThread(),
    });
  }

  private changeThread(id: string, patch: Partial<Thread>): Thread {
    const thread = { ...this.thread(id), ...patch, updatedAt: this.tickThread() };
    this.threads.set(id, thread);
    this.emit('threads.changed', { kind: 'upserted', thread });
    return thread;
  }

  private async replay(threadId: string, input: string | undefined): Promise<Run> {
    const thread = this.thread(threadId);
    const last = currentTurns(this.runsOf(thread.id)).at(-1);
    if (!last)
      throw new AppError('CONFLICT', 'This thread has no message yet.', {
        hint: 'Send a message first.',
      });
    this.replacing = last.id;
    return this.call('runs.start', {
      agent: thread.agentId,
      input: input ?? last.input,
      options: { threadId: thread.id },
    });
  }

  private tickThread(): string {
    return new Date((this.threadClock += 1000)).toISOString();
  }
}
