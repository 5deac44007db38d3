import type { Run, TraceEvent } from '@shared/entities/run';

/**
 * One run's events in seq order, each seq once: `incoming` (live or loaded, any order) merged into
 * `existing`. Appending newer events, the common case, copies the array once.
 */
export function mergeEvents(
  existing: readonly TraceEvent[] | undefined,
  incoming: readonly TraceEvent[],
): TraceEvent[] {
  if (!incoming.length) return existing ? [...existing] : [];
  let ascending = true;
  for (let i = 1; i < incoming.length; i++) {
    if (incoming[i]!.seq <= incoming[i - 1]!.seq) {
      ascending = false;
      break;
    }
  }
  const last = existing?.at(-1)?.seq ?? 0;
  if (ascending && incoming[0]!.seq > last)
    return existing ? existing.concat(incoming) : [...incoming];
  const bySeq = new Map<number, TraceEvent>();
  for (const e of existing ?? []) bySeq.set(e.seq, e);
  for (const e of incoming) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Whether `next` should replace `current`: a record is never replaced by an older one. */
export function isNewerRun(current: Run | undefined, next: Run): boolean {
  if (!current) return true;
  if (next.updatedAt !== current.updatedAt) return next.updatedAt > current.updatedAt;
  // Same time: a finished record wins over one still going on.
  return !!next.finishedAt || !current.finishedAt;
}

/** Groups events by run id, keeping their order. */
export function groupByRun(events: readonly TraceEvent[]): Map<string, TraceEvent[]> {
  const out = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const list = out.get(e.runId);
    if (list) list.push(e);
    else out.set(e.runId, [e]);
  }
  return out;
}
