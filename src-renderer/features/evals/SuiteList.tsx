import type { Suite } from '@shared/entities/eval';
import { href } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { cx } from '../../ui/cx';
import { PlusIcon } from '../../ui/icons';

/** The suites at the page's left, each a link; "New suite" and "Import" on top. */
export function SuiteList({
  suites,
  selectedId,
  status,
  error,
  onRetry,
}: {
  suites: Suite[];
  selectedId: string | undefined;
  status: string;
  error: string | null;
  onRetry: () => void;
}) {
  return (
    <nav
      aria-label="Suites"
      className="flex w-64 shrink-0 flex-col border-r border-zinc-200 dark:border-zinc-800"
    >
      <div className="flex h-11 shrink-0 items-center justify-between border-b border-zinc-200 px-3 dark:border-zinc-800">
        <h2 className="text-[13px] font-semibold">Suites</h2>
        <a
          href={href('evals', 'new')}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-400 dark:hover:bg-indigo-500/10"
        >
          <PlusIcon width={12} height={12} /> New or import
        </a>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-2">
        {status === 'error' ? (
          <Banner tone="error" actions={<Button onClick={onRetry}>Retry</Button>}>
            Could not load the suites: {error}
          </Banner>
        ) : null}
        {suites.length ? (
          <ul className="space-y-0.5" aria-label="Evaluation suites">
            {suites.map((suite) => (
              <li key={suite.id}>
                <a
                  href={href('evals', suite.id)}
                  aria-current={suite.id === selectedId ? 'true' : undefined}
                  className={cx(
                    'block rounded-md px-2 py-1.5 focus-visible:outline-2 focus-visible:outline-indigo-500',
                    suite.id === selectedId
                      ? 'bg-indigo-50 text-indigo-900 dark:bg-indigo-500/15 dark:text-indigo-100'
                      : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60',
                  )}
                >
                  <span className="block truncate text-[13px] font-medium">{suite.name}</span>
                  <span className="block text-[11px] text-zinc-500 dark:text-zinc-400">
                    {suite.kind === 'retrieval' ? 'Retrieval' : 'Agent'} · {suite.caseCount}{' '}
                    {suite.caseCount === 1 ? 'case' : 'cases'}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        ) : status === 'ready' ? (
          <p className="p-2 text-xs text-zinc-500 dark:text-zinc-400">No suites yet.</p>
        ) : status !== 'error' ? (
          <p className="p-2 text-xs text-zinc-500">Loading…</p>
        ) : null}
      </div>
    </nav>
  );
}
