import type { TraceEvent } from '@shared/entities/run';

/**
 * Merges the traces of several runs into one timeline: by time, each run's events kept in seq
 * order, and on equal times the run listed first (a parent before the runs it delegated to).
 */
export function mergeTraces(traces: TraceEvent[][]): TraceEvent[] {
  const heads = traces.map(() => 0);
  const out: TraceEvent[] = [];
  for (;;) {
    let pick = -1;
    for (let i = 0; i < traces.length; i++) {
      const event = traces[i]![heads[i]!];
      if (event && (pick < 0 || event.at < traces[pick]![heads[pick]!]!.at)) pick = i;
    }
    if (pick < 0) return out;
    out.push(traces[pick]![heads[pick]!++]!);
  }
}
