import type { ReactNode } from 'react';
import { CodeBlock, prettyJson } from '../../ui/CodeBlock';
import { cx } from '../../ui/cx';
import { formatMs } from '../../ui/format';
import { ChevronDownIcon, ChevronRightIcon, ToolIcon } from '../../ui/icons';
import type { ToolEntry, ToolState } from './trace-model';

const stateMeta: Record<ToolState, { label: string; className: string }> = {
  running: { label: 'Running…', className: 'text-sky-700 dark:text-sky-300' },
  waiting_approval: {
    label: 'Waiting for approval',
    className: 'text-amber-700 dark:text-amber-300',
  },
  succeeded: { label: 'Done', className: 'text-emerald-700 dark:text-emerald-400' },
  failed: { label: 'Error', className: 'text-red-700 dark:text-red-400' },
  denied: { label: 'Denied', className: 'text-zinc-500 dark:text-zinc-400' },
  stopped: { label: 'Stopped', className: 'text-zinc-500 dark:text-zinc-400' },
};

const Label = ({ children }: { children: string }) => (
  <p className="mt-2 mb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
    {children}
  </p>
);

function decisionText(entry: ToolEntry): string | null {
  const d = entry.decision;
  if (!d)
    return entry.request.approval === 'auto' ? 'Ran without asking (auto-approved tool).' : null;
  if (d.type === 'tool.call.denied') return `Denied: ${d.reason}`;
  return d.decision === 'allow_for_run'
    ? 'Allowed for the rest of this run.'
    : d.decision === 'allow'
      ? 'Allowed once.'
      : 'Ran without asking.';
}

export interface ToolCardProps {
  entry: ToolEntry;
  expanded: boolean;
  onToggle: () => void;
  /** Shown under the header whatever the expansion (the inline approval prompt). */
  children?: ReactNode;
}

/** The latest progress of a running tool: "3/5 (60%) · message", or the bare count when there is no total. */
export function progressText(p: { progress: number; total?: number | undefined; message?: string | undefined }): string {
  const amount =
    p.total !== undefined && p.total > 0
      ? `${p.progress}/${p.total} (${Math.round((p.progress / p.total) * 100)}%)`
      : String(p.progress);
  return p.message ? `${amount} · ${p.message}` : amount;
}

/** A tool call as a card: name, source and state; expanded, its input, output or error. */
export function ToolCard({ entry, expanded, onToggle, children }: ToolCardProps) {
  const { request, result, error } = entry;
  const meta = stateMeta[entry.state];
  const duration = result?.durationMs ?? error?.durationMs;
  const decision = decisionText(entry);
  return (
    <div
      className="rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/60"
      data-testid="tool-card"
      data-tool={request.name}
      data-state={entry.state}
    >
      <button
        type="button"
        aria-expanded={expanded}
        onClick={onToggle}
        className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-xs hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800/50"
      >
        {expanded ? (
          <ChevronDownIcon width={12} height={12} className="shrink-0 text-zinc-400" />
        ) : (
          <ChevronRightIcon width={12} height={12} className="shrink-0 text-zinc-400" />
        )}
        <ToolIcon width={13} height={13} className="shrink-0 text-zinc-500" />
        <span className="min-w-0 truncate font-mono font-medium text-zinc-900 dark:text-zinc-100">
          {request.name}
        </span>
        <span
          className="shrink-0 rounded bg-zinc-100 px-1 text-[10px] text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400"
          title={`Source: ${request.source}`}
        >
          {request.source.length > 12 ? request.source.slice(0, 8) : request.source}
        </span>
        <span
          className={cx('ml-auto shrink-0 font-medium', meta.className)}
          data-testid="tool-state"
        >
          {meta.label}
          {duration !== undefined ? ` · ${formatMs(duration)}` : ''}
          {entry.state === 'running' && entry.progress ? (
            <span data-testid="tool-progress"> · {progressText(entry.progress)}</span>
          ) : null}
        </span>
      </button>
      {children}
      {expanded ? (
        <div className="border-t border-zinc-200 px-2.5 pb-2.5 dark:border-zinc-800">
          <Label>Input</Label>
          <CodeBlock maxHeight="max-h-60" data-testid="tool-input">
            {prettyJson(request.arguments)}
          </CodeBlock>
          {result ? (
            <>
              <Label>{result.truncated ? 'Output (cut to the size limit)' : 'Output'}</Label>
              <CodeBlock maxHeight="max-h-72" data-testid="tool-output">
                {result.output || '(empty)'}
              </CodeBlock>
            </>
          ) : null}
          {error ? (
            <>
              <Label>Error</Label>
              <div className="rounded-md border border-red-200 bg-red-50 px-2.5 py-1.5 text-xs text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
                <p>
                  <span className="font-mono">{error.error.code}</span> · {error.error.message}
                </p>
                {error.error.hint ? <p className="opacity-80">{error.error.hint}</p> : null}
              </div>
            </>
          ) : null}
          {entry.samplings?.map((sampled) => (
            <div key={sampled.seq} data-testid="tool-sampling">
              <Label>
                {`Sampling by ${sampled.server}: ${sampled.provider}:${sampled.model} · ${sampled.inputTokens + sampled.outputTokens} tokens · ${formatMs(sampled.latencyMs)} · approved by ${sampled.approvedBy === 'user' ? 'you' : 'its policy'}`}
              </Label>
              <CodeBlock maxHeight="max-h-40">{sampled.text || '(empty)'}</CodeBlock>
            </div>
          ))}
          {decision ? (
            <p className="mt-2 text-[11px] text-zinc-500 dark:text-zinc-400">{decision}</p>
          ) : null}
          <p className="mt-1 font-mono text-[10px] text-zinc-400">call {entry.callId}</p>
        </div>
      ) : null}
    </div>
  );
}
