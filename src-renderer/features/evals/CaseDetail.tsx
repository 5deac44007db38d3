import type { ReactNode } from 'react';
import type { EvalCaseResult, EvalRun } from '@shared/entities/eval';
import { href } from '../../app/route';
import { CodeBlock } from '../../ui/CodeBlock';
import { cx } from '../../ui/cx';
import { formatMs } from '../../ui/format';
import { Markdown } from '../../ui/Markdown';
import type { MatrixCell } from './matrix-model';

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <h5 className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {title}
      </h5>
      {children}
    </div>
  );
}

function Trial({ result, agentId }: { result: EvalCaseResult; agentId: string | null }) {
  const facts = [
    result.usage
      ? `${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens`
      : null,
    result.latencyMs !== null ? formatMs(result.latencyMs) : null,
    result.steps !== null ? `${result.steps} ${result.steps === 1 ? 'step' : 'steps'}` : null,
    result.cached ? 'answered from the cache' : null,
    `score ${result.score.toFixed(2)}`,
  ].filter(Boolean);
  return (
    <article
      aria-label={`Trial ${result.trial}`}
      data-testid="case-trial"
      className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
        <span className="font-medium">Trial {result.trial}</span>
        <span
          className={cx(
            'font-medium',
            result.status === 'passed'
              ? 'text-emerald-700 dark:text-emerald-400'
              : result.status === 'failed'
                ? 'text-red-700 dark:text-red-400'
                : 'text-amber-700 dark:text-amber-300',
          )}
        >
          {result.status === 'error'
            ? `Error (${result.errorKind ?? 'unknown'})`
            : result.status === 'passed'
              ? 'Passed'
              : 'Failed'}
        </span>
        <span className="text-zinc-500 dark:text-zinc-400">{facts.join(' · ')}</span>
        {result.agentRunId && agentId ? (
          <a
            href={href('runs', agentId, result.agentRunId)}
            className="ml-auto font-medium text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-400"
          >
            Open the trace
          </a>
        ) : null}
      </div>
      {result.error ? (
        <p className="text-xs text-amber-800 dark:text-amber-300">{result.error}</p>
      ) : null}
      <Block title="Input">
        <CodeBlock maxHeight="max-h-40">{result.input}</CodeBlock>
      </Block>
      <Block title="Output">
        {result.output !== null ? (
          <div
            className="rounded-md border border-zinc-200 px-3 py-2 text-[13px] dark:border-zinc-800"
            data-testid="case-output"
          >
            <Markdown text={result.output} />
          </div>
        ) : (
          <p className="text-xs text-zinc-500">No answer.</p>
        )}
      </Block>
      {result.expected !== null ? (
        <Block title="Expected">
          <CodeBlock maxHeight="max-h-40">{result.expected}</CodeBlock>
        </Block>
      ) : null}
      {result.assertions.length ? (
        <Block title="Assertions">
          <table className="w-full text-xs" aria-label={`Assertions of trial ${result.trial}`}>
            <thead className="sr-only">
              <tr>
                <th>Type</th>
                <th>Verdict</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {result.assertions.map((a, i) => (
                <tr key={i} data-testid="assertion-result" data-pass={a.pass} className="align-top">
                  <td className="py-0.5 pr-3 font-mono whitespace-nowrap">{a.type}</td>
                  <td
                    className={cx(
                      'py-0.5 pr-3 font-medium whitespace-nowrap',
                      a.error
                        ? 'text-amber-700 dark:text-amber-300'
                        : a.pass
                          ? 'text-emerald-700 dark:text-emerald-400'
                          : 'text-red-700 dark:text-red-400',
                    )}
                  >
                    {a.error ? 'scorer error' : a.pass ? 'pass' : 'fail'}
                    {a.score > 0 && a.score < 1 ? ` (${a.score.toFixed(2)})` : ''}
                  </td>
                  <td className="py-0.5 text-zinc-700 dark:text-zinc-300">{a.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Block>
      ) : null}
    </article>
  );
}

/** One case against one target: each trial's input, answer, expected answer, assertions and trace. */
export function CaseDetail({
  cell,
  run,
  onClose,
}: {
  cell: MatrixCell;
  run: EvalRun;
  onClose: () => void;
}) {
  const agentId = run.targets.find((t) => t.label === cell.target)?.agentId ?? null;
  return (
    <section aria-label={`Case ${cell.caseId} against ${cell.target}`} className="space-y-2">
      <div className="flex items-center gap-2">
        <h4 className="text-[13px] font-semibold">
          <span className="font-mono">{cell.caseId}</span> against {cell.target}
        </h4>
        {cell.trials[0]?.tags.length ? (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            {cell.trials[0].tags.join(', ')}
          </span>
        ) : null}
        <button
          type="button"
          onClick={onClose}
          className="ml-auto rounded px-1.5 text-xs text-zinc-500 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800"
        >
          Close
        </button>
      </div>
      {cell.trials.map((t) => (
        <Trial key={t.trial} result={t} agentId={agentId} />
      ))}
    </section>
  );
}
