import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isFinalRunStatus } from '@shared/entities/run';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { CopyIcon, DownloadIcon } from '../../ui/icons';
import { copyText, downloadText, safeFileName } from '../../ui/text-export';
import { ToggleChip } from '../../ui/ToggleChip';
import { VirtualList, type VirtualListHandle } from '../../ui/VirtualList';
import { formatTokens } from './format';
import { useRuns } from './store';
import {
  buildTraceRows,
  categoryLabels,
  countCategories,
  traceOf,
  TRACE_CATEGORIES,
  type TraceCategory,
} from './trace-rows';
import { treeRunIds } from './trace-model';
import { TraceRowView } from './TraceRowView';

const toggled = <T,>(set: ReadonlySet<T>, value: T): Set<T> => {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
};

/**
 * The live trace of a run and the runs it delegated to: a virtualised timeline of model calls,
 * streamed text, tool calls, memories, delegations (folding) and errors, with filters by kind,
 * and the whole trace as JSON to copy or save.
 */
export function TracePanel({ rootRunId }: { rootRunId: string }) {
  const events = useRuns((s) => s.events);
  const runs = useRuns((s) => s.runs);
  const trace = useRuns((s) => s.traces[rootRunId]);
  const watch = useRuns((s) => s.watch);
  const [hidden, setHidden] = useState<ReadonlySet<TraceCategory>>(new Set());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [atEnd, setAtEnd] = useState(true);
  const [note, setNote] = useState<string | null>(null);
  const list = useRef<VirtualListHandle>(null);

  const rows = useMemo(
    () => buildTraceRows(events, rootRunId, { hidden, collapsed }),
    [events, rootRunId, hidden, collapsed],
  );
  const counts = useMemo(() => countCategories(events, rootRunId), [events, rootRunId]);
  const eventCount = useMemo(
    () => treeRunIds(events, rootRunId).reduce((n, id) => n + (events[id]?.length ?? 0), 0),
    [events, rootRunId],
  );
  const startAt = events[rootRunId]?.[0]?.at;
  const run = runs[rootRunId];

  const onToggle = useCallback((key: string) => {
    if (key.startsWith('delegation:')) setCollapsed((set) => toggled(set, key));
    else setExpanded((set) => toggled(set, key));
  }, []);
  const itemKey = useCallback((index: number) => rows[index]!.key, [rows]);
  const renderItem = useCallback(
    (index: number) => {
      const row = rows[index]!;
      return (
        <TraceRowView
          row={row}
          startAt={startAt}
          expanded={expanded.has(row.key)}
          onToggle={onToggle}
        />
      );
    },
    [rows, startAt, expanded, onToggle],
  );

  const json = () => JSON.stringify(traceOf(events, runs, rootRunId), null, 2);
  const noteTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(noteTimer.current), []);
  const flash = (text: string) => {
    setNote(text);
    clearTimeout(noteTimer.current);
    noteTimer.current = setTimeout(() => setNote(null), 2000);
  };
  const copy = async () => {
    try {
      await copyText(json());
      flash('Copied');
    } catch (error) {
      flash(error instanceof Error ? error.message : 'Could not copy');
    }
  };
  const exportJson = () => {
    downloadText(
      `trace-${safeFileName(run?.agentName ?? 'run')}-${rootRunId.slice(0, 8)}.json`,
      json(),
    );
    flash('Saved');
  };

  return (
    <section aria-label="Trace" className="flex h-full min-h-0 flex-col" data-testid="trace-panel">
      <div className="flex h-11 shrink-0 items-center justify-between gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
        <div className="flex min-w-0 items-baseline gap-2">
          <h2 className="text-[13px] font-semibold">Trace</h2>
          <span
            className="truncate text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400"
            data-testid="trace-count"
          >
            {formatTokens(rows.length)} rows · {formatTokens(eventCount)} events
          </span>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {note ? (
            <span role="status" className="mr-1 text-[11px] text-zinc-500 dark:text-zinc-400">
              {note}
            </span>
          ) : null}
          <Button variant="ghost" onClick={() => void copy()} title="Copy the trace as JSON">
            <CopyIcon width={13} height={13} /> Copy JSON
          </Button>
          <Button variant="ghost" onClick={exportJson} title="Save the trace as a JSON file">
            <DownloadIcon width={13} height={13} /> Export
          </Button>
        </div>
      </div>
      <div
        role="group"
        aria-label="Show in trace"
        className="flex flex-wrap gap-1 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800"
      >
        {TRACE_CATEGORIES.map((category) => (
          <ToggleChip
            key={category}
            pressed={!hidden.has(category)}
            count={counts[category]}
            onChange={() => setHidden((set) => toggled(set, category))}
          >
            {categoryLabels[category]}
          </ToggleChip>
        ))}
      </div>
      {trace?.status === 'error' ? (
        <div className="p-3">
          <Banner
            tone="error"
            actions={<Button onClick={() => void watch(rootRunId)}>Retry</Button>}
          >
            <p>Could not load the trace: {trace.error?.message}</p>
            {trace.error?.hint ? <p className="opacity-80">{trace.error.hint}</p> : null}
          </Banner>
        </div>
      ) : null}
      <div className="relative min-h-0 flex-1">
        {rows.length ? (
          <VirtualList
            ref={list}
            count={rows.length}
            itemKey={itemKey}
            renderItem={renderItem}
            estimateSize={30}
            follow={!run || !isFinalRunStatus(run.status)}
            onAtEndChange={setAtEnd}
            role="region"
            aria-label="Trace events"
            data-testid="trace-list"
            className="h-full py-1"
          />
        ) : (
          <p className="p-4 text-xs text-zinc-500 dark:text-zinc-400">
            {trace?.status === 'loading'
              ? 'Loading the trace…'
              : hidden.size
                ? 'Nothing to show with these filters.'
                : 'No events yet.'}
          </p>
        )}
        {!atEnd && rows.length ? (
          <Button
            className="absolute right-3 bottom-3 shadow-sm"
            onClick={() => list.current?.scrollToEnd()}
          >
            Jump to latest
          </Button>
        ) : null}
      </div>
    </section>
  );
}
