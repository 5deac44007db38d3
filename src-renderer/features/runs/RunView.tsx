import { useEffect, useState } from 'react';
import type { Agent } from '@shared/entities/agent';
import { isFinalRunStatus } from '@shared/entities/run';
import { href, navigate } from '../../app/route';
import { Button } from '../../ui/Button';
import { Composer } from './Composer';
import { ModelSetupNotice } from './ModelSetupNotice';
import { RunStatusBadge } from './RunStatusBadge';
import { useRuns } from './store';
import { TracePanel } from './TracePanel';
import { Transcript } from './Transcript';

export interface RunViewProps {
  agentId: string;
  /** The agent, live from the store (undefined once deleted). */
  agent: Agent | undefined;
  /** The run shown; undefined for a new conversation turn. */
  runId: string | undefined;
}

/**
 * `#/runs/<agent>/<run>`: a run as a conversation (input, streamed answer, tool calls with
 * inline approvals, status) beside its live trace; the box below starts the next run.
 */
export function RunView({ agentId, agent, runId }: RunViewProps) {
  const run = useRuns((s) => (runId ? s.runs[runId] : undefined));
  const runs = useRuns((s) => s.runs);
  const events = useRuns((s) => s.events);
  const watch = useRuns((s) => s.watch);
  const startRun = useRuns((s) => s.startRun);
  const cancel = useRuns((s) => s.cancel);
  const [showTrace, setShowTrace] = useState(true);

  useEffect(() => {
    if (runId) void watch(runId);
  }, [runId, watch]);

  const active = !!run && !isFinalRunStatus(run.status);
  const agentName = agent?.name ?? run?.agentName ?? 'This agent';

  return (
    <div className="flex h-full min-w-0">
      <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col">
        <div className="flex h-11 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-5 dark:border-zinc-800">
          <div className="flex min-w-0 flex-1 items-center gap-3">
            <h2 className="min-w-16 truncate text-[13px] font-semibold" title={agentName}>
              {agentName}
            </h2>
            {run ? <RunStatusBadge status={run.status} className="shrink-0" /> : null}
            {agent ? (
              <span className="hidden min-w-0 truncate font-mono text-[11px] text-zinc-500 2xl:inline dark:text-zinc-400">
                {agent.model.provider}/{agent.model.model}
              </span>
            ) : null}
          </div>
          <div className="flex shrink-0 items-center gap-1.5">
            {agent ? (
              <a
                href={href('agents', agent.id)}
                title="Edit this agent"
                className="rounded-md px-2 py-1 text-[13px] text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
              >
                Edit
              </a>
            ) : null}
            {run?.threadId && !run.parentRunId ? (
              <a
                href={href('chat', run.agentId, run.threadId)}
                title="Open this run's conversation thread in Chat"
                className="rounded-md px-2 py-1 text-[13px] text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
              >
                Open in chat
              </a>
            ) : null}
            {runId ? (
              <Button variant="ghost" onClick={() => navigate('runs', agentId)}>
                New run
              </Button>
            ) : null}
            {runId ? (
              <Button
                variant="ghost"
                aria-pressed={showTrace}
                onClick={() => setShowTrace((v) => !v)}
              >
                {showTrace ? 'Hide trace' : 'Show trace'}
              </Button>
            ) : null}
          </div>
        </div>
        <ModelSetupNotice provider={agent?.model.provider} />
        <Transcript run={run} runs={runs} events={events} agentName={agentName} />
        <Composer
          key={agentId}
          agentName={agentName}
          active={active}
          disabled={!agent}
          disabledReason="This agent no longer exists."
          attach={{ model: agent?.model }}
          onSend={async (input, { history, attachments }) => {
            // Continuing goes on in the shown run's thread; otherwise the run starts a new thread.
            const threadId = history ? run?.threadId : undefined;
            const started = await startRun(agentId, input, threadId ? { threadId } : { history }, attachments);
            navigate('runs', agentId, started.id);
          }}
          onStop={async () => {
            if (run) await cancel(run.id);
          }}
        />
      </section>
      {runId && showTrace ? (
        <aside className="flex w-[46%] max-w-[720px] min-w-[360px] shrink-0 flex-col border-l border-zinc-200 dark:border-zinc-800">
          <TracePanel key={runId} rootRunId={runId} />
        </aside>
      ) : null}
    </div>
  );
}
