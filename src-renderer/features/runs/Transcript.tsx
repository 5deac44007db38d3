import { useLayoutEffect, useMemo, useRef, useState, type ReactNode, type UIEvent } from 'react';
import { isFinalRunStatus, type Run, type TraceEvent } from '@shared/entities/run';
import { Banner } from '../../ui/Banner';
import { cx } from '../../ui/cx';
import { formatMs } from '../../ui/format';
import { Markdown, type Citation } from '../../ui/Markdown';
import { ApprovalPrompt } from './ApprovalPrompt';
import { chatItems, runCitations, type ChatItem } from './conversation';
import { runDuration, runTotals } from './format';
import { RunStatusBadge } from './RunStatusBadge';
import { ToolCard } from './ToolCard';
import { treeRunIds, type ToolEntry } from './trace-model';

const roleLabel =
  'mb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400';

function ChatTool({ entry, run }: { entry: ToolEntry; run: Run | undefined }) {
  const [expanded, setExpanded] = useState(false);
  const pending = run?.pendingApprovals.find((p) => p.callId === entry.callId);
  return (
    <ToolCard entry={entry} expanded={expanded} onToggle={() => setExpanded((e) => !e)}>
      {pending && run ? (
        <ApprovalPrompt
          runId={run.id}
          approval={pending}
          agentName={run.agentName}
          source={entry.request.source}
        />
      ) : null}
    </ToolCard>
  );
}

function Item({
  item,
  run,
  runs,
  citations,
}: {
  item: ChatItem;
  run: Run | undefined;
  runs: Record<string, Run>;
  citations: Citation[];
}) {
  switch (item.kind) {
    case 'text':
      return (
        <div className="text-zinc-900 dark:text-zinc-100" data-testid="chat-text">
          <Markdown text={item.text} citations={citations} />
          {item.streaming ? <span className="ml-0.5 animate-pulse text-indigo-500">▍</span> : null}
        </div>
      );
    case 'tool':
      return <ChatTool entry={item.entry} run={run} />;
    case 'delegation': {
      const { started, finished } = item.entry;
      const child = runs[item.entry.childRunId];
      return (
        <div
          className="rounded-md border border-teal-200 bg-teal-50/60 px-2.5 py-1.5 text-xs dark:border-teal-900 dark:bg-teal-950/30"
          data-testid="chat-delegation"
        >
          <div className="flex items-center gap-2">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">
              Asked {started.agentName}
            </span>
            <RunStatusBadge
              status={finished?.status ?? child?.status ?? 'running'}
              className="ml-auto"
            />
          </div>
          <p className="line-clamp-2 text-zinc-600 dark:text-zinc-400">{started.task}</p>
          {finished?.output ? (
            <p className="mt-1 line-clamp-4 whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">
              {finished.output}
            </p>
          ) : null}
        </div>
      );
    }
    case 'note':
      return (
        <p
          className={cx(
            'text-xs',
            item.tone === 'error'
              ? 'text-red-700 dark:text-red-400'
              : item.tone === 'warning'
                ? 'text-amber-700 dark:text-amber-300'
                : 'text-zinc-500 dark:text-zinc-400',
          )}
        >
          {item.text}
          {item.hint ? <span className="opacity-80"> {item.hint}</span> : null}
        </p>
      );
  }
}

/** How the run stands, at the end of the conversation. */
function Outcome({ run }: { run: Run }) {
  if (run.status === 'running' || run.status === 'waiting_approval') {
    return (
      <p className="flex items-center gap-2 text-xs" data-testid="run-outcome">
        <RunStatusBadge status={run.status} />
        <span className="text-zinc-500 dark:text-zinc-400">
          {run.status === 'running'
            ? `step ${Math.max(1, run.steps)}`
            : 'answer the prompt above to go on'}
        </span>
      </p>
    );
  }
  const totals = (
    <span className="text-zinc-500 tabular-nums dark:text-zinc-400">
      {formatMs(runDuration(run))} · {runTotals(run)}
    </span>
  );
  if (run.status === 'succeeded' || run.status === 'cancelled' || !run.error) {
    return (
      <p className="flex flex-wrap items-center gap-x-2 text-xs" data-testid="run-outcome">
        <RunStatusBadge status={run.status} /> {totals}
      </p>
    );
  }
  return (
    <div data-testid="run-outcome" className="space-y-1">
      <Banner tone={run.status === 'failed' ? 'error' : 'warning'}>
        <p className="font-medium">
          {run.status === 'failed'
            ? 'The run failed'
            : run.status === 'max_steps'
              ? 'The run reached its step limit'
              : 'The run was interrupted'}
          : {run.error.message}
        </p>
        {run.error.hint ? <p className="opacity-80">{run.error.hint}</p> : null}
      </Banner>
      <p className="flex flex-wrap items-center gap-x-2 text-xs">
        <RunStatusBadge status={run.status} /> {totals}
      </p>
    </div>
  );
}

export interface RunTurnProps {
  run: Run;
  runs: Record<string, Run>;
  events: Record<string, TraceEvent[]>;
  agentName: string;
  /** Shown instead of the message (e.g. an editor of it). */
  inputSlot?: ReactNode;
  /** Controls beside the message's label (e.g. Edit). */
  inputActions?: ReactNode;
  /** Controls under the answer (e.g. Regenerate, Trace). */
  outputActions?: ReactNode;
}

/** One exchange: the user's message, then the agent's streamed answer, tools and status. */
export function RunTurn({
  run,
  runs,
  events,
  agentName,
  inputSlot,
  inputActions,
  outputActions,
}: RunTurnProps) {
  const runEvents = events[run.id];
  const items = useMemo(() => chatItems(runEvents ?? [], run), [runEvents, run]);
  const citations = useMemo(() => runCitations(runEvents ?? []), [runEvents]);
  // Approvals of the runs it delegated to (the run's own are shown on their tool cards).
  const childApprovals = useMemo(
    () =>
      treeRunIds(events, run.id)
        .slice(1)
        .flatMap((id) => {
          const child = runs[id];
          return child && !isFinalRunStatus(child.status)
            ? child.pendingApprovals.map((approval) => ({ child, approval }))
            : [];
        }),
    [events, runs, run],
  );
  return (
    <div className="space-y-4" data-testid="run-turn" data-run-id={run.id}>
      <div>
        <div className="flex items-center gap-2">
          <p className={roleLabel}>You</p>
          {inputActions ? <div className="mb-1 ml-auto flex gap-1">{inputActions}</div> : null}
        </div>
        {inputSlot ?? (
          <p
            className="rounded-md bg-zinc-100 px-3 py-2 text-[13px] leading-6 break-words whitespace-pre-wrap dark:bg-zinc-800/70"
            data-testid="chat-input"
          >
            {run.input}
          </p>
        )}
      </div>
      <div>
        <p className={roleLabel}>{run.agentName || agentName}</p>
        <div className="space-y-2" data-testid="chat-output">
          {items.map((item) => (
            <Item key={item.key} item={item} run={run} runs={runs} citations={citations} />
          ))}
          {childApprovals.map(({ child, approval }) => (
            <ApprovalPrompt
              key={approval.callId}
              runId={child.id}
              approval={approval}
              agentName={`${child.agentName} (delegated)`}
            />
          ))}
          <Outcome run={run} />
          {outputActions ? <div className="flex flex-wrap gap-1">{outputActions}</div> : null}
        </div>
      </div>
    </div>
  );
}

/** Keeps a scrolling box at its end while it grows, unless the user scrolled up. */
export function useStickToEnd() {
  const box = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  });
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
  };
  return { ref: box, onScroll };
}

export interface TranscriptProps {
  run: Run | undefined;
  runs: Record<string, Run>;
  events: Record<string, TraceEvent[]>;
  agentName: string;
}

/** The run as a conversation: the input, then the agent's streamed answer, tools and status. */
export function Transcript({ run, runs, events, agentName }: TranscriptProps) {
  const stick = useStickToEnd();
  return (
    <div
      ref={stick.ref}
      className="min-h-0 flex-1 overflow-y-auto px-5 py-4"
      data-testid="transcript"
      onScroll={stick.onScroll}
    >
      {run ? (
        <div className="mx-auto max-w-3xl">
          <RunTurn run={run} runs={runs} events={events} agentName={agentName} />
        </div>
      ) : (
        <div className="flex h-full items-center justify-center">
          <p className="max-w-sm text-center text-[13px] text-zinc-500 dark:text-zinc-400">
            Ask {agentName} something below. The answer streams here, and every model call and tool
            call appears in the trace.
          </p>
        </div>
      )}
    </div>
  );
}
