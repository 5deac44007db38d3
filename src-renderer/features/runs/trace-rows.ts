import type { Run, Trace, TraceEvent } from '@shared/entities/run';
import { childrenByParent, groupRunEvents, treeRunIds, type Entry } from './trace-model';

/** The kinds of rows the trace panel can filter by. */
export const TRACE_CATEGORIES = [
  'run',
  'model',
  'text',
  'tools',
  'delegation',
  'memory',
  'errors',
] as const;
export type TraceCategory = (typeof TRACE_CATEGORIES)[number];

export const categoryLabels: Record<TraceCategory, string> = {
  run: 'Run',
  model: 'Model',
  text: 'Text',
  tools: 'Tools',
  delegation: 'Delegation',
  memory: 'Memory',
  errors: 'Errors',
};

export function categoryOf(entry: Entry): TraceCategory {
  switch (entry.kind) {
    case 'model':
      return 'model';
    case 'text':
      return 'text';
    case 'tool':
      return 'tools';
    case 'delegation':
      return 'delegation';
    case 'event': {
      const type = entry.event.type;
      if (type === 'model.retry') return 'model';
      if (type === 'error') return 'errors';
      if (type.startsWith('memory.')) return 'memory';
      return 'run';
    }
  }
}

/** Every category a row counts in: its own, and "errors" as well for a failed tool call. */
export function categoriesOf(entry: Entry): TraceCategory[] {
  const category = categoryOf(entry);
  return entry.kind === 'tool' && entry.error ? [category, 'errors'] : [category];
}

/** One line (or card) of the timeline. */
export interface TraceRow {
  key: string;
  entry: Entry;
  /** 0 for the run asked for, 1 for a run it delegated to, … */
  depth: number;
  /** For a delegation: whether its child run is folded away. */
  collapsed: boolean;
}

export interface TraceRowOptions {
  hidden: ReadonlySet<TraceCategory>;
  /** Keys of delegation rows whose child run is folded away. */
  collapsed: ReadonlySet<string>;
}

type ByRun = Readonly<Record<string, readonly TraceEvent[]>>;

/**
 * The timeline of a run as flat rows: its entries in order, each delegation followed by its child
 * run's rows one level deeper (unless folded), rows whose every category is hidden left out (a
 * failed tool call shows with "Tools" or with "Errors"). Child runs whose
 * delegation event is missing are placed after their parent's rows.
 */
export function buildTraceRows(
  byRun: ByRun,
  rootRunId: string,
  options: TraceRowOptions,
): TraceRow[] {
  const rows: TraceRow[] = [];
  const children = childrenByParent(byRun);
  const placed = new Set<string>();

  const visit = (runId: string, depth: number) => {
    placed.add(runId);
    const events = byRun[runId];
    if (events) {
      for (const entry of groupRunEvents(events)) {
        const collapsed = entry.kind === 'delegation' && options.collapsed.has(entry.key);
        if (categoriesOf(entry).some((category) => !options.hidden.has(category)))
          rows.push({ key: entry.key, entry, depth, collapsed });
        if (
          entry.kind === 'delegation' &&
          !placed.has(entry.childRunId) &&
          byRun[entry.childRunId]
        ) {
          if (collapsed) placed.add(entry.childRunId);
          else visit(entry.childRunId, depth + 1);
        }
      }
    }
    for (const child of children.get(runId) ?? []) if (!placed.has(child)) visit(child, depth + 1);
  };
  visit(rootRunId, 0);
  return rows;
}

/** How many rows of each category the trace has (whatever the filters), for the filter chips. */
export function countCategories(byRun: ByRun, rootRunId: string): Record<TraceCategory, number> {
  const counts = Object.fromEntries(TRACE_CATEGORIES.map((c) => [c, 0])) as Record<
    TraceCategory,
    number
  >;
  for (const id of treeRunIds(byRun, rootRunId)) {
    for (const entry of groupRunEvents(byRun[id] ?? []))
      for (const category of categoriesOf(entry)) counts[category] += 1;
  }
  return counts;
}

/** The trace as `runs.trace` answers it: the runs of the tree and all their events in time order. */
export function traceOf(
  byRun: ByRun,
  runs: Readonly<Record<string, Run>>,
  rootRunId: string,
): Trace {
  const ids = treeRunIds(byRun, rootRunId);
  const events = ids
    .flatMap((id) => byRun[id] ?? [])
    .sort((a, b) => a.at.localeCompare(b.at) || (a.runId === b.runId ? a.seq - b.seq : 0));
  return { runs: ids.map((id) => runs[id]).filter((r): r is Run => !!r), events };
}
