import { useEffect, useMemo, useState } from 'react';
import type { Agent } from '@shared/entities/agent';
import { isFinalRunStatus, type Run } from '@shared/entities/run';
import { currentTurns } from '@shared/entities/thread';
import { toAppError } from '../../api/core';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { PencilIcon, RefreshIcon, XIcon } from '../../ui/icons';
import { Composer } from '../runs/Composer';
import { ModelSetupNotice } from '../runs/ModelSetupNotice';
import { useRuns } from '../runs/store';
import { TracePanel } from '../runs/TracePanel';
import { RunTurn, useStickToEnd } from '../runs/Transcript';
import { SaveCaseDialog } from '../evals/SaveCaseDialog';
import { EditMessage } from './EditMessage';
import { useThreads } from './store';

/** Turns whose traces (tool calls, streamed text) are loaded; older ones show their answer only. */
const WATCHED_TURNS = 10;

export interface ChatThreadProps {
  agentId: string;
  agent: Agent | undefined;
  /** Undefined: a new chat (its first message starts the thread). */
  threadId: string | undefined;
}

/**
 * `#/chat/<agent>/<thread>`: the whole conversation of a thread — each turn's message, its
 * streamed answer and tool calls, its trace one click away — with Regenerate and Edit on the last
 * turn, and the box to send the next message.
 */
export function ChatThread({ agentId, agent, threadId }: ChatThreadProps) {
  const detail = useThreads((s) => (threadId ? s.details[threadId] : undefined));
  const thread = useThreads((s) => (threadId ? s.threads[threadId] : undefined));
  const threadRuns = useThreads((s) => s.runs);
  const loadThread = useThreads((s) => s.loadThread);
  const addRun = useThreads((s) => s.addRun);
  const regenerate = useThreads((s) => s.regenerate);
  const editLast = useThreads((s) => s.editLast);
  const liveRuns = useRuns((s) => s.runs);
  const events = useRuns((s) => s.events);
  const watch = useRuns((s) => s.watch);
  const startRun = useRuns((s) => s.startRun);
  const cancel = useRuns((s) => s.cancel);
  const [traceRunId, setTraceRunId] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [savingRunId, setSavingRunId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stick = useStickToEnd();

  useEffect(() => {
    if (threadId) void loadThread(threadId);
  }, [threadId, loadThread]);

  const turns = useMemo(() => {
    const all = (detail?.runIds ?? []).flatMap((id) => {
      const run = liveRuns[id] ?? threadRuns[id];
      return run ? [run] : [];
    });
    return currentTurns(all);
  }, [detail, liveRuns, threadRuns]);
  const last = turns.at(-1);
  const watchedIds = turns
    .slice(-WATCHED_TURNS)
    .map((r) => r.id)
    .join(' ');
  useEffect(() => {
    for (const id of watchedIds.split(' ').filter(Boolean)) void watch(id);
  }, [watchedIds, watch]);

  const active = !!last && !isFinalRunStatus(last.status);
  const agentName = agent?.name ?? last?.agentName ?? 'This agent';

  const act = async (action: () => Promise<Run>) => {
    setError(null);
    try {
      const run = await action();
      void watch(run.id);
      setEditing(false);
    } catch (caught) {
      const e = toAppError(caught);
      setError([e.message, e.hint].filter(Boolean).join(' '));
    }
  };

  return (
    <div className="flex h-full min-w-0">
      <section aria-label="Chat" className="flex min-w-0 flex-1 flex-col">
        <div className="flex h-11 shrink-0 items-center gap-3 border-b border-zinc-200 px-5 dark:border-zinc-800">
          <h2 className="min-w-0 flex-1 truncate text-[13px] font-semibold" title={thread?.title}>
            {threadId ? (thread?.title ?? 'Loading…') : 'New chat'}
          </h2>
          <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">{agentName}</span>
        </div>
        <ModelSetupNotice provider={agent?.model.provider} />
        <div
          ref={stick.ref}
          onScroll={stick.onScroll}
          className="min-h-0 flex-1 overflow-y-auto px-5 py-4"
          data-testid="chat-transcript"
        >
          {detail?.status === 'error' ? (
            <Banner
              tone="error"
              actions={<Button onClick={() => threadId && void loadThread(threadId)}>Retry</Button>}
            >
              {detail.error?.message}
            </Banner>
          ) : null}
          {turns.length ? (
            <ol aria-label="Conversation" className="mx-auto max-w-3xl space-y-6">
              {turns.map((run) => {
                const isLast = run === last;
                const final = isFinalRunStatus(run.status);
                return (
                  <li key={run.id}>
                    <RunTurn
                      run={run}
                      runs={liveRuns}
                      events={events}
                      agentName={agentName}
                      inputSlot={
                        isLast && editing ? (
                          <EditMessage
                            initial={run.input}
                            onCancel={() => setEditing(false)}
                            onSubmit={(input) => act(() => editLast(threadId!, input))}
                          />
                        ) : undefined
                      }
                      inputActions={
                        isLast && final && !editing && agent ? (
                          <Button
                            variant="ghost"
                            onClick={() => setEditing(true)}
                            aria-label="Edit your last message"
                          >
                            <PencilIcon width={12} height={12} /> Edit
                          </Button>
                        ) : undefined
                      }
                      outputActions={
                        <>
                          {run.replacesRunId ? (
                            <span className="self-center text-[11px] text-zinc-500 dark:text-zinc-400">
                              {run.input ===
                              (threadRuns[run.replacesRunId] ?? liveRuns[run.replacesRunId])?.input
                                ? 'Regenerated'
                                : 'Edited'}
                            </span>
                          ) : null}
                          <Button
                            variant="ghost"
                            aria-pressed={traceRunId === run.id}
                            onClick={() => setTraceRunId((id) => (id === run.id ? null : run.id))}
                          >
                            {traceRunId === run.id ? 'Hide trace' : 'Trace'}
                          </Button>
                          {run.status === 'succeeded' ? (
                            <Button variant="ghost" onClick={() => setSavingRunId(run.id)}>
                              Save as test case
                            </Button>
                          ) : null}
                          {isLast && final && agent ? (
                            <Button
                              variant="ghost"
                              onClick={() => void act(() => regenerate(threadId!))}
                            >
                              <RefreshIcon width={12} height={12} /> Regenerate
                            </Button>
                          ) : null}
                        </>
                      }
                    />
                  </li>
                );
              })}
            </ol>
          ) : detail?.status === 'loading' ? (
            <p className="text-center text-xs text-zinc-500">Loading the conversation…</p>
          ) : (
            <div className="flex h-full items-center justify-center">
              <p className="max-w-sm text-center text-[13px] text-zinc-500 dark:text-zinc-400">
                Ask {agentName} something below. Your first message starts a new thread; the answer
                streams here.
              </p>
            </div>
          )}
          {error ? (
            <p
              role="alert"
              className="mx-auto mt-3 max-w-3xl text-xs text-red-600 dark:text-red-400"
            >
              {error}
            </p>
          ) : null}
        </div>
        <Composer
          key={`${agentId}/${threadId ?? 'new'}`}
          agentName={agentName}
          active={active}
          disabled={!agent}
          disabledReason="This agent no longer exists."
          historyToggle={false}
          sendLabel="Send"
          attach={{ model: agent?.model }}
          onSend={async (input, { attachments }) => {
            const run = await startRun(
              agentId,
              input,
              threadId ? { threadId } : { newThread: true },
              attachments,
            );
            addRun(run);
            if (!threadId && run.threadId) navigate('chat', agentId, run.threadId);
          }}
          onStop={async () => {
            if (last) await cancel(last.id);
          }}
        />
      </section>
      {savingRunId ? (
        <SaveCaseDialog runId={savingRunId} onClose={() => setSavingRunId(null)} />
      ) : null}
      {traceRunId ? (
        <aside
          aria-label="Trace"
          className="flex w-[42%] max-w-[680px] min-w-[340px] shrink-0 flex-col border-l border-zinc-200 dark:border-zinc-800"
        >
          <div className="flex h-8 shrink-0 items-center justify-end border-b border-zinc-200 px-2 dark:border-zinc-800">
            <button
              type="button"
              aria-label="Close the trace"
              onClick={() => setTraceRunId(null)}
              className="rounded p-1 text-zinc-500 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800"
            >
              <XIcon width={13} height={13} />
            </button>
          </div>
          <TracePanel key={traceRunId} rootRunId={traceRunId} />
        </aside>
      ) : null}
    </div>
  );
}
