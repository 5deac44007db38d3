import { useState } from 'react';
import type { ApprovalDecision, PendingApproval } from '@shared/entities/run';
import { toAppError } from '../../api/core';
import { Button } from '../../ui/Button';
import { CodeBlock, prettyJson } from '../../ui/CodeBlock';
import { useRuns } from './store';

export interface ApprovalPromptProps {
  runId: string;
  approval: PendingApproval;
  /** Who asks (the agent of the run, or of a run it delegated to). */
  agentName: string;
  /** Where the tool comes from (`builtin` or an MCP server id), when known. */
  source?: string | undefined;
}

/** A tool call waiting for the user, answered in place: allow once, allow for this run, or deny. */
export function ApprovalPrompt({ runId, approval, agentName, source }: ApprovalPromptProps) {
  const approve = useRuns((s) => s.approve);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const answer = async (decision: ApprovalDecision) => {
    setBusy(true);
    setError(null);
    try {
      await approve(runId, approval.callId, decision);
    } catch (caught) {
      const appError = toAppError(caught);
      setError([appError.message, appError.hint].filter(Boolean).join(' '));
      setBusy(false);
    }
  };

  return (
    <div
      role="group"
      aria-label={`Approve ${approval.toolName}`}
      data-testid="approval-prompt"
      data-call-id={approval.callId}
      className="m-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-950 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p>
        <span className="font-medium">{agentName}</span> wants to run{' '}
        <code className="font-mono font-medium">{approval.toolName}</code>
        {source && source !== 'builtin' ? (
          <span className="opacity-70" title={`Source: ${source}`}>
            {' '}
            (MCP server {approval.toolName.split('__')[0]})
          </span>
        ) : null}{' '}
        with this input:
      </p>
      <CodeBlock maxHeight="max-h-48" className="mt-1.5">
        {prettyJson(approval.arguments)}
      </CodeBlock>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Button variant="primary" disabled={busy} onClick={() => void answer('allow')}>
          Allow
        </Button>
        <Button
          disabled={busy}
          onClick={() => void answer('allow_for_run')}
          title={`Also allow every later ${approval.toolName} call of this run`}
        >
          Allow for this run
        </Button>
        <Button variant="danger" disabled={busy} onClick={() => void answer('deny')}>
          Deny
        </Button>
        {error ? <span className="text-xs text-red-700 dark:text-red-300">{error}</span> : null}
      </div>
    </div>
  );
}
