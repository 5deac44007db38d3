import { useState } from 'react';
import type { ApprovalDecision, ApprovalRequest } from '@shared/entities/mcp';
import { toAppError } from '../../api/core';
import { Button } from '../../ui/Button';
import { CodeBlock, prettyJson } from '../../ui/CodeBlock';
import { Modal } from '../../ui/Modal';
import { useMcp } from './store';

type ToolCall = Extract<ApprovalRequest, { kind: 'tool-call' }>;
type Launch = Extract<ApprovalRequest, { kind: 'server-launch' }>;

const Heading = ({ children }: { children: string }) => (
  <h3 className="mt-3 mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">{children}</h3>
);

function ToolCallBody({ request }: { request: ToolCall }) {
  const hints = request.annotations
    ? [
        request.annotations.readOnlyHint ? 'read-only' : null,
        request.annotations.destructiveHint ? 'destructive' : null,
        request.annotations.openWorldHint ? 'reaches the internet' : null,
      ].filter(Boolean)
    : [];
  return (
    <>
      <p>
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{request.serverName}</span>{' '}
        wants to run the tool{' '}
        <code className="font-mono text-zinc-900 dark:text-zinc-100">{request.tool}</code>
        {request.runId ? ' for an agent run' : ''}.
      </p>
      {request.reason === 'definition-changed' ? (
        <p className="mt-2 rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          This tool’s definition changed since you approved it. Check what it does now.
        </p>
      ) : null}
      {request.description ? <p className="mt-2 text-xs">{request.description}</p> : null}
      {hints.length ? (
        <p className="mt-1 text-xs text-zinc-500">
          Server hints (not verified): {hints.join(', ')}
        </p>
      ) : null}
      <Heading>Full input</Heading>
      <CodeBlock data-testid="approval-input" maxHeight="max-h-64">
        {prettyJson(request.input)}
      </CodeBlock>
    </>
  );
}

function LaunchBody({ request }: { request: Launch }) {
  return (
    <>
      <p>
        {request.reason === 'new-server' ? 'The new server ' : 'The command of '}
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{request.serverName}</span>
        {request.reason === 'new-server'
          ? ' wants to start. It will run this command on your computer:'
          : ' changed. It will now run this command on your computer:'}
      </p>
      <Heading>Command line</Heading>
      <CodeBlock data-testid="approval-command-line" maxHeight="max-h-64">
        {request.commandLine}
      </CodeBlock>
      {request.cwd ? (
        <>
          <Heading>Working folder</Heading>
          <CodeBlock>{request.cwd}</CodeBlock>
        </>
      ) : null}
      <Heading>Environment variables set</Heading>
      <p className="font-mono text-xs break-all">
        {request.envNames.length
          ? request.envNames.join(', ')
          : 'none beyond PATH, HOME and the like'}
      </p>
    </>
  );
}

/**
 * Asks the user about each waiting approval, oldest first: a tool call with its full input, or a
 * server start with its exact command line. Closing the dialog denies (the safe answer).
 * Mount it once; it shows nothing while nothing waits.
 */
export function McpApprovals() {
  const approvals = useMcp((s) => s.approvals);
  const respond = useMcp((s) => s.respond);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const request = approvals[0];
  if (!request) return null;

  const answer = async (decision: ApprovalDecision) => {
    setBusy(true);
    setError(null);
    try {
      await respond(request.id, decision);
    } catch (caught) {
      setError(toAppError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  const forRun = request.kind === 'tool-call' && !!request.runId;
  const title =
    request.kind === 'tool-call'
      ? `Allow ${request.serverName} to run ${request.tool}?`
      : `Start ${request.serverName}?`;

  return (
    <Modal
      key={request.id}
      title={title}
      onClose={() => void answer('deny')}
      actions={
        <div
          className="flex w-full flex-wrap items-center justify-end gap-2"
          data-testid="approval-actions"
        >
          {approvals.length > 1 ? (
            <span className="mr-auto text-xs text-zinc-500">1 of {approvals.length} waiting</span>
          ) : null}
          <Button variant="danger" disabled={busy} onClick={() => void answer('deny')}>
            Deny
          </Button>
          <Button disabled={busy} onClick={() => void answer('allow-once')}>
            Allow once
          </Button>
          <Button
            disabled={busy || !forRun}
            title={forRun ? 'Until this agent run ends' : 'Only for calls made by an agent run'}
            onClick={() => void answer('allow-run')}
          >
            Allow for this run
          </Button>
          <Button variant="primary" disabled={busy} onClick={() => void answer('allow-always')}>
            Always allow
          </Button>
        </div>
      }
    >
      <div data-testid="approval-dialog" data-kind={request.kind}>
        {request.kind === 'tool-call' ? (
          <ToolCallBody request={request} />
        ) : (
          <LaunchBody request={request} />
        )}
        {error ? <p className="mt-2 text-xs text-red-600 dark:text-red-400">{error}</p> : null}
      </div>
    </Modal>
  );
}
