import { cx } from '../../ui/cx';
import type { Validation, ValidationIssue } from './use-suite-validation';

/** Where an issue is: "3:5" (line:column), or the path in the suite when the line is unknown. */
export function issuePlace(issue: ValidationIssue): string {
  if (issue.line !== null) return `${issue.line}:${issue.column ?? 1}`;
  return issue.path || 'file';
}

/** The editor's verdict: valid (name, cases) or each issue by line:column, a click away. */
export function ValidationIssues({
  result,
  pending,
  error,
  onPick,
}: {
  result: Validation | null;
  pending: boolean;
  error: string | null;
  onPick: (issue: ValidationIssue) => void;
}) {
  if (error)
    return (
      <p role="alert" className="text-xs text-red-600 dark:text-red-400">
        Could not check the suite: {error}
      </p>
    );
  if (!result)
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">Checking the suite…</p>;
  return (
    <div
      aria-live="polite"
      data-testid="validation"
      data-ok={result.ok}
      data-pending={pending || undefined}
    >
      {result.ok ? (
        <p className="text-xs text-emerald-700 dark:text-emerald-400">
          Valid: “{result.name}” with {result.caseCount} {result.caseCount === 1 ? 'case' : 'cases'}
          {pending ? ' (checking the latest change…)' : ''}
        </p>
      ) : (
        <>
          <p className="text-xs font-medium text-red-700 dark:text-red-400">
            {result.issues.length} {result.issues.length === 1 ? 'problem' : 'problems'}
            {pending ? ' (checking the latest change…)' : ''}
          </p>
          <ul aria-label="Problems in the suite" className="mt-1 space-y-0.5">
            {result.issues.map((issue, i) => (
              <li key={i}>
                <button
                  type="button"
                  data-testid="validation-issue"
                  onClick={() => onPick(issue)}
                  disabled={issue.line === null}
                  className={cx(
                    'flex w-full gap-2 rounded px-1 py-0.5 text-left text-xs',
                    'focus-visible:outline-2 focus-visible:outline-indigo-500 enabled:hover:bg-red-50 dark:enabled:hover:bg-red-950/40',
                  )}
                >
                  <span className="shrink-0 font-mono text-red-700 tabular-nums dark:text-red-400">
                    {issuePlace(issue)}
                  </span>
                  <span className="min-w-0 text-zinc-700 dark:text-zinc-300">
                    {issue.message}
                    {issue.path && issue.line !== null ? (
                      <span className="ml-1 text-zinc-500 dark:text-zinc-400">({issue.path})</span>
                    ) : null}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
