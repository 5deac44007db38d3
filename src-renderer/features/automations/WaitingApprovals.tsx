import { useEffect } from 'react';
import type { AutomationOverview } from '@shared/entities/automation';
import { href } from '../../app/route';
import { ApprovalPrompt } from '../runs/ApprovalPrompt';
import { useRuns } from '../runs/store';
import { useOverview } from './overview-store';

type Waiting = AutomationOverview['waiting'][number];
const none: Waiting[] = [];

function WaitingItem({ waiting }: { waiting: Waiting }) {
  const run = useRuns((s) => s.runs[waiting.runId]);
  const watch = useRuns((s) => s.watch);
  useEffect(() => void watch(waiting.runId), [watch, waiting.runId]);
  const approval = run?.pendingApprovals.find((p) => p.callId === waiting.callId);
  return (
    <li data-testid="waiting-approval" data-run-id={waiting.runId}>
      <p className="px-2 text-xs text-zinc-600 dark:text-zinc-400">
        <a href={href('automations', waiting.automationId)} className="font-medium hover:underline">
          {waiting.automationName}
        </a>
        {run ? (
          <>
            {' · '}
            <a href={href('runs', run.agentId, run.id)} className="hover:underline">
              open the run
            </a>
          </>
        ) : null}
      </p>
      {approval && run ? (
        <ApprovalPrompt runId={run.id} approval={approval} agentName={run.agentName} />
      ) : (
        <p className="px-2 py-1 text-xs text-zinc-500">
          {run ? 'Answered.' : `Loading the call to ${waiting.toolName}…`}
        </p>
      )}
    </li>
  );
}

/** Tool calls that queued unattended runs wait for, answered here (allow once, for the run, or deny). */
export function WaitingApprovals({ automationId }: { automationId?: string }) {
  const waiting = useOverview((s) => s.overview?.waiting ?? none).filter(
    (w) => !automationId || w.automationId === automationId,
  );
  if (!waiting.length) return null;
  return (
    <section
      aria-label="Waiting for your approval"
      className="space-y-1 rounded-md border border-amber-300 p-2 dark:border-amber-900"
    >
      <h3 className="px-2 text-[13px] font-semibold text-amber-900 dark:text-amber-200">
        Waiting for your approval ({waiting.length})
      </h3>
      <ul className="space-y-2">
        {waiting.map((w) => (
          <WaitingItem key={`${w.runId}:${w.callId}`} waiting={w} />
        ))}
      </ul>
    </section>
  );
}
