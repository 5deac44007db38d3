import { z } from 'zod';
import { Id } from './agent';
import { Run } from './run';

/**
 * A conversation with an agent: its top-level runs, in order. The history a run sends to the model
 * is its thread's (earlier turns, and a summary of those that no longer fit).
 */
export const Thread = z.object({
  id: Id,
  agentId: Id,
  /** The first message (cut), until the user renames it. */
  title: z.string(),
  /** True once the user renamed it. */
  titleEdited: z.boolean(),
  pinned: z.boolean(),
  archived: z.boolean(),
  createdAt: z.string(),
  /** The last time a run started in it (or it was renamed, pinned or archived). */
  updatedAt: z.string(),
});
export type Thread = z.infer<typeof Thread>;

/** A thread in a listing: with how many turns it has and, for a search, what matched. */
export const ThreadListItem = Thread.extend({
  /** Top-level runs in the thread. */
  runCount: z.number().int().nonnegative(),
  /** For a search: a short excerpt of the text that matched (null when only the title did). */
  match: z.string().nullable().optional(),
});
export type ThreadListItem = z.infer<typeof ThreadListItem>;

/** A thread with its top-level runs, oldest first (replaced turns included, see `Run.replacesRunId`). */
export const ThreadDetail = z.object({ thread: Thread, runs: z.array(Run) });
export type ThreadDetail = z.infer<typeof ThreadDetail>;

export const ThreadTitle = z.string().trim().min(1, 'Give the thread a title').max(200, 'At most 200 characters');

/** The runs of a thread that are part of its conversation: those no later run replaced. */
export function currentTurns(runs: readonly Run[]): Run[] {
  const replaced = new Set(runs.flatMap((r) => (r.replacesRunId ? [r.replacesRunId] : [])));
  return runs.filter((r) => !replaced.has(r.id));
}
