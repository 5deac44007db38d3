import type { Suite } from '@shared/entities/eval';
import { navigate } from '../../app/route';
import { tabPanelProps, Tabs } from '../../ui/Tabs';
import { ComparePanel } from './ComparePanel';
import { RunPanel } from './RunPanel';
import { RunResults } from './RunResults';
import { SuiteEditor } from './SuiteEditor';
import { SuiteHelp } from './SuiteHelp';
import { TrendChart } from './TrendChart';
import { useEvalRuns } from './use-eval-runs';

export const SUITE_TABS = [
  { id: 'edit', label: 'Suite' },
  { id: 'run', label: 'Run' },
  { id: 'results', label: 'Results' },
  { id: 'compare', label: 'Compare' },
  { id: 'trend', label: 'Trend' },
] as const;
export type SuiteTab = (typeof SUITE_TABS)[number]['id'];

const isTab = (value: string | undefined): value is SuiteTab =>
  SUITE_TABS.some((t) => t.id === value);

/** A suite: its file, running it, its results, comparing two runs and the trend of its pass rate. */
export function SuiteView({
  suite,
  tab: tabParam,
  more,
}: {
  suite: Suite;
  tab: string | undefined;
  more: string[];
}) {
  const tab: SuiteTab = isTab(tabParam) ? tabParam : 'edit';
  const runs = useEvalRuns(suite.id);
  const running = runs.runs.filter((r) => r.status === 'running').length;
  const tabs = SUITE_TABS.map((t) => ({
    ...t,
    badge:
      t.id === 'run' && running
        ? running
        : t.id === 'results' && runs.runs.length
          ? runs.runs.length
          : undefined,
  }));
  return (
    <div className="flex h-full min-w-0 flex-col">
      <div className="flex h-11 shrink-0 items-center gap-3 border-b border-zinc-200 px-5 dark:border-zinc-800">
        <h2 className="min-w-0 truncate text-[13px] font-semibold">{suite.name}</h2>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {suite.kind === 'retrieval' ? 'Retrieval suite' : 'Agent suite'} · {suite.caseCount}{' '}
          {suite.caseCount === 1 ? 'case' : 'cases'} · version{' '}
          <span className="font-mono">{suite.version}</span>
        </span>
      </div>
      <Tabs
        label="Suite"
        idPrefix="eval"
        tabs={tabs}
        current={tab}
        onSelect={(id) => navigate('evals', suite.id, id)}
      />
      <div
        {...tabPanelProps('eval', tab)}
        className="min-h-0 flex-1 overflow-y-auto p-5 focus-visible:outline-none"
      >
        {tab === 'edit' ? (
          <div className="flex min-h-full gap-6">
            <SuiteEditor key={suite.id} suite={suite} initial={suite.content} />
            <div className="sticky top-0 w-80 shrink-0 self-start">
              <SuiteHelp />
            </div>
          </div>
        ) : tab === 'run' ? (
          <RunPanel suite={suite} runs={runs} />
        ) : tab === 'results' ? (
          <RunResults suiteId={suite.id} runs={runs} runId={more[0]} />
        ) : tab === 'compare' ? (
          <ComparePanel suiteId={suite.id} runs={runs} a={more[0]} b={more[1]} />
        ) : (
          <TrendChart suiteId={suite.id} runs={runs} />
        )}
      </div>
    </div>
  );
}
