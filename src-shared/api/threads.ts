import { z } from 'zod';
import { Id } from '../entities/agent';
import { Run } from '../entities/run';
import { Thread, ThreadDetail, ThreadListItem, ThreadTitle } from '../entities/thread';
import { method } from './define';
import { RunOptions } from './runs';

/** A thread id, or any unique prefix of one. */
const ThreadRef = z.object({ threadId: Id }).strict();

/** Options of a replayed turn (regenerate, edit): those of `runs.start`, without the thread choice. */
const ReplayOptions = z
  .object({ maxSteps: RunOptions.shape.maxSteps, timeoutMs: RunOptions.shape.timeoutMs })
  .strict()
  .default({});

export const threadMethods = {
  /**
   * Threads, pinned first then most recently used. With `query`: those whose title or messages
   * match (Postgres full-text search), best match first.
   */
  'threads.list': method(
    z
      .object({
        /** Agent id or name. */
        agentId: z.string().min(1).max(200).optional(),
        query: z.string().trim().min(1).max(500).optional(),
        includeArchived: z.boolean().default(false),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict()
      .default({ includeArchived: false, limit: 50 }),
    z.array(ThreadListItem),
  ),
  /** A thread and its top-level runs, oldest first. */
  'threads.get': method(ThreadRef, ThreadDetail),
  /** An empty thread; its first message names it unless a title is given. */
  'threads.create': method(z.object({ agentId: z.string().min(1).max(200), title: ThreadTitle.optional() }).strict(), Thread),
  /** Renames, pins or archives a thread. */
  'threads.update': method(
    z.object({ threadId: Id, title: ThreadTitle.optional(), pinned: z.boolean().optional(), archived: z.boolean().optional() }).strict(),
    Thread,
  ),
  /** Deletes a thread with its runs, their traces and its history (runs going on are stopped first). */
  'threads.delete': method(ThreadRef, z.object({ deleted: z.boolean(), runs: z.number().int().nonnegative() })),
  /**
   * Runs the thread's last message again: its answer leaves the history and the new run (marked
   * `replacesRunId`) answers instead.
   */
  'threads.regenerate': method(z.object({ threadId: Id, options: ReplayOptions }).strict(), Run),
  /** Replaces the thread's last message (and its answer) with `input`, and runs it. */
  'threads.editLast': method(
    z.object({ threadId: Id, input: z.string().trim().min(1, 'Say what the agent should do').max(100_000), options: ReplayOptions }).strict(),
    Run,
  ),
};

export const threadEvents = {
  'threads.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upserted'), thread: Thread }),
    z.object({ kind: z.literal('deleted'), id: Id, agentId: Id }),
  ]),
};
