import type { ReactNode } from 'react';
import { cx } from '../../ui/cx';
import { formatBytes, formatMs } from '../../ui/format';
import { attachmentKindLabel } from './attachment-labels';
import { ChevronDownIcon, ChevronRightIcon } from '../../ui/icons';
import { formatOffset, formatTokens } from './format';
import { RunStatusBadge } from './RunStatusBadge';
import { ToolCard } from './ToolCard';
import type { DelegationEntry, EventEntry, ModelEntry, TextEntry } from './trace-model';
import { categoryOf, type TraceRow } from './trace-rows';

const dots: Record<string, string> = {
  run: 'bg-zinc-400',
  model: 'bg-violet-500',
  text: 'bg-sky-500',
  tools: 'bg-indigo-500',
  delegation: 'bg-teal-500',
  memory: 'bg-fuchsia-500',
  errors: 'bg-red-500',
};

const muted = 'text-zinc-500 dark:text-zinc-400';
const strong = 'font-medium text-zinc-900 dark:text-zinc-100';

function Model({ entry }: { entry: ModelEntry }) {
  const { request, response } = entry;
  return (
    <div>
      <span className={strong}>Model call</span>
      <span className={muted}>
        {' '}
        · step {entry.step}
        {request
          ? ` · ${request.provider}/${request.model} · ${request.messageCount} msgs · ${request.toolCount} tools`
          : ''}
      </span>
      <div className={cx('tabular-nums', muted)} data-testid="model-response">
        {response ? (
          <>
            {formatTokens(response.inputTokens)} in · {formatTokens(response.outputTokens)} out
            tokens · {formatMs(response.latencyMs)} · {response.finishReason}
            {response.toolCalls.length
              ? ` · ${response.toolCalls.length} tool call${response.toolCalls.length === 1 ? '' : 's'}`
              : ''}
          </>
        ) : entry.unanswered ? (
          'no answer: the run ended first'
        ) : (
          <span className="animate-pulse">waiting for the model…</span>
        )}
      </div>
    </div>
  );
}

function Text({
  entry,
  expanded,
  onToggle,
}: {
  entry: TextEntry;
  expanded: boolean;
  onToggle: () => void;
}) {
  const long = entry.text.length > 280 || entry.text.split('\n').length > 3;
  return (
    <div>
      <span className={strong}>Text</span>
      <span className={muted}>
        {' '}
        · step {entry.step} · {formatTokens(entry.deltas)} delta{entry.deltas === 1 ? '' : 's'}
      </span>
      <p
        className={cx(
          'break-words whitespace-pre-wrap text-zinc-700 dark:text-zinc-300',
          !expanded && 'line-clamp-3',
        )}
      >
        {entry.text}
        {entry.done ? null : <span className="ml-0.5 animate-pulse text-sky-500">▍</span>}
      </p>
      {long ? (
        <button
          type="button"
          onClick={onToggle}
          className="text-[11px] text-indigo-600 hover:underline dark:text-indigo-400"
        >
          {expanded ? 'Show less' : 'Show all'}
        </button>
      ) : null}
    </div>
  );
}

function Delegation({
  entry,
  collapsed,
  onToggle,
}: {
  entry: DelegationEntry;
  collapsed: boolean;
  onToggle: () => void;
}) {
  const { started, finished } = entry;
  return (
    <div>
      <button
        type="button"
        aria-expanded={!collapsed}
        onClick={onToggle}
        className="flex max-w-full items-center gap-1 text-left hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500"
      >
        {collapsed ? (
          <ChevronRightIcon width={12} height={12} />
        ) : (
          <ChevronDownIcon width={12} height={12} />
        )}
        <span className={strong}>Delegated to {started.agentName}</span>
      </button>
      <p className={cx('line-clamp-2', muted)}>{started.task}</p>
      {finished ? <RunStatusBadge status={finished.status} /> : null}
    </div>
  );
}

function Event({ entry }: { entry: EventEntry }) {
  const e = entry.event;
  switch (e.type) {
    case 'run.started':
      return (
        <div>
          <span className={strong}>{e.depth ? 'Delegated run started' : 'Run started'}</span>
          <span className={muted}>
            {' '}
            · {e.agentName} · {e.model.provider}/{e.model.model}
          </span>
          <p className={cx('truncate', muted)}>
            Tools: {e.tools.length ? e.tools.join(', ') : 'none'}
          </p>
        </div>
      );
    case 'run.finished':
      return (
        <div>
          <div className="flex flex-wrap items-center gap-x-2">
            <RunStatusBadge status={e.status} />
            <span className={cx('tabular-nums', muted)}>
              in {formatMs(e.durationMs)} · {e.steps} step{e.steps === 1 ? '' : 's'} ·{' '}
              {formatTokens(e.usage.inputTokens)} in / {formatTokens(e.usage.outputTokens)} out
              tokens
            </span>
          </div>
          {e.error ? (
            <p className={e.status === 'failed' ? 'text-red-700 dark:text-red-400' : muted}>
              {e.error.message}
              {e.error.hint ? <span className="opacity-80"> {e.error.hint}</span> : null}
            </p>
          ) : null}
        </div>
      );
    case 'model.retry':
      return (
        <p className="text-amber-700 dark:text-amber-300">
          <span className="font-medium">Retry {e.attempt}</span> in {formatMs(e.delayMs)} ·{' '}
          {e.status ? `HTTP ${e.status} ` : ''}
          {e.code}: {e.message}
        </p>
      );
    case 'memory.recalled':
      return (
        <div>
          <span className={strong}>
            Recalled {e.items.length} memor{e.items.length === 1 ? 'y' : 'ies'}
          </span>
          <span className={muted}> for “{e.query.slice(0, 120)}”</span>
          <ul className="mt-0.5 space-y-px">
            {e.items.map((item) => (
              <li key={item.id} className="flex gap-2">
                <span className="w-10 shrink-0 font-mono text-[11px] text-fuchsia-700 tabular-nums dark:text-fuchsia-300">
                  {item.score.toFixed(2)}
                </span>
                <span className="min-w-0 truncate text-zinc-700 dark:text-zinc-300">
                  {item.text}
                </span>
              </li>
            ))}
          </ul>
        </div>
      );
    case 'memory.stored':
      return (
        <p>
          <span className={strong}>Stored a memory</span>
          <span className={muted}> · {e.text}</span>
        </p>
      );
    case 'memory.summarised':
      return (
        <p>
          <span className={strong}>Summarised {e.turns} earlier turns</span>
          <span className={muted}>
            {' '}
            · {formatTokens(e.tokensBefore)} → {formatTokens(e.tokensAfter)} tokens
          </span>
        </p>
      );
    case 'attachments.added':
      return (
        <div>
          <span className={strong}>Attached {e.name}</span>
          <span className={muted}> · {attachmentKindLabel(e.kind)} · {formatBytes(e.bytes)}</span>
          {e.warning ? <p className="text-amber-700 dark:text-amber-300">{e.warning}</p> : null}
        </div>
      );
    case 'error':
      return (
        <div className="text-red-700 dark:text-red-400">
          <p>
            <span className="font-medium">Error</span> ·{' '}
            <span className="font-mono">{e.error.code}</span> · {e.error.message}
          </p>
          {e.error.hint ? <p className="opacity-80">{e.error.hint}</p> : null}
        </div>
      );
  }
}

export interface TraceRowViewProps {
  row: TraceRow;
  /** When the trace's first run started (rows show the time since). */
  startAt: string | undefined;
  expanded: boolean;
  onToggle: (key: string) => void;
}

/** One row of the trace timeline, indented by the depth of its run. */
export function TraceRowView({ row, startAt, expanded, onToggle }: TraceRowViewProps) {
  const { entry, depth } = row;
  const category = categoryOf(entry);
  const toggle = () => onToggle(row.key);
  let body: ReactNode;
  if (entry.kind === 'model') body = <Model entry={entry} />;
  else if (entry.kind === 'text')
    body = <Text entry={entry} expanded={expanded} onToggle={toggle} />;
  else if (entry.kind === 'tool')
    body = <ToolCard entry={entry} expanded={expanded} onToggle={toggle} />;
  else if (entry.kind === 'delegation')
    body = <Delegation entry={entry} collapsed={row.collapsed} onToggle={toggle} />;
  else body = <Event entry={entry} />;

  return (
    <div
      className="flex gap-2 px-3 py-1 text-xs leading-5"
      data-testid="trace-row"
      data-kind={entry.kind === 'event' ? entry.event.type : entry.kind}
      data-category={category}
      data-depth={depth}
    >
      <span className="w-14 shrink-0 pt-px text-right font-mono text-[10px] text-zinc-400 tabular-nums">
        {formatOffset(startAt, entry.at)}
      </span>
      <div
        className={cx(
          'flex min-w-0 flex-1 gap-2',
          depth > 0 && 'border-l border-zinc-200 pl-2 dark:border-zinc-800',
        )}
        style={depth > 1 ? { marginLeft: (depth - 1) * 14 } : undefined}
      >
        <span
          className={cx('mt-1.5 size-1.5 shrink-0 rounded-full', dots[category])}
          aria-hidden="true"
        />
        <div className="min-w-0 flex-1">{body}</div>
      </div>
    </div>
  );
}
