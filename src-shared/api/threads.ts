import { z } from 'zod';
import { Id } from '../entities/agent';
import { AttachmentRef, MAX_ATTACHMENTS_PER_RUN } from '../entities/attachment';
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
   * match (Postgres full-text search), best match first. Pages: `limit` threads from `offset` in
   * that order (to load more, pass the number already listed).
   */
  'threads.list': method(
    z
      .object({
        /** Agent id or name. */
        agentId: z.string().min(1).max(200).optional(),
        query: z.string().trim().min(1).max(500).optional(),
        includeArchived: z.boolean().default(false),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).max(1_000_000).optional(),
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
   * Runs the thread's last message again, with the files attached to it: its answer leaves the
   * history and the new run (marked `replacesRunId`) answers instead.
   */
  'threads.regenerate': method(z.object({ threadId: Id, options: ReplayOptions }).strict(), Run),
  /**
   * Replaces the thread's last message (and its answer) with `input`, and runs it. The message keeps
   * its attached files unless `attachments` are given (`[]` sends it without any).
   */
  'threads.editLast': method(
    z
      .object({
        threadId: Id,
        input: z.string().trim().min(1, 'Say what the agent should do').max(100_000),
        options: ReplayOptions,
        attachments: z.array(AttachmentRef).max(MAX_ATTACHMENTS_PER_RUN, `At most ${MAX_ATTACHMENTS_PER_RUN} files per message`).optional(),
      })
      .strict(),
    Run,
  ),
};

export const threadEvents = {
  'threads.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upserted'), thread: Thread }),
    z.object({ kind: z.literal('deleted'), id: Id, agentId: Id }),
  ]),
};
