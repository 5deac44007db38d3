import { useReconnected } from '../../api/connection';
import { navigate, useRoute } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ChecklistIcon } from '../../ui/icons';
import { GuideSetup } from './GuideSetup';
import { ImportSuite } from './ImportSuite';
import { NEW_SUITE } from './editor-text';
import { SuiteEditor } from './SuiteEditor';
import { SuiteHelp } from './SuiteHelp';
import { SuiteList } from './SuiteList';
import { useSuiteList } from './suites-store';
import { SuiteView } from './SuiteView';

function NewSuite() {
  return (
    <div className="flex h-full flex-col">
      <div className="flex h-11 shrink-0 items-center border-b border-zinc-200 px-5 dark:border-zinc-800">
        <h2 className="text-[13px] font-semibold">New suite</h2>
      </div>
      <div className="flex min-h-0 flex-1 gap-6 overflow-y-auto p-5">
        <div className="flex min-w-0 flex-1 flex-col gap-4">
          <ImportSuite />
          <p className="text-xs text-zinc-500 dark:text-zinc-400">…or write one here:</p>
          <SuiteEditor initial={NEW_SUITE} />
        </div>
        <div className="w-80 shrink-0">
          <SuiteHelp />
        </div>
      </div>
    </div>
  );
}

/**
 * `#/evals` the suites; `#/evals/new` writes or imports one; `#/evals/<suite>/<tab>` a suite's
 * file, runs, results (`results/<run>`), comparison (`compare/<a>/<b>`) and trend.
 */
export function EvalsPage() {
  const { rest } = useRoute();
  const [suiteId, tab, ...more] = rest;
  const { suites, byId, status, error, reload } = useSuiteList();
  useReconnected(() => void reload());
  const suite = suiteId ? byId[suiteId] : undefined;

  let main;
  if (suiteId === 'new') main = <NewSuite />;
  else if (suite) main = <SuiteView key={suite.id} suite={suite} tab={tab} more={more} />;
  else if (suiteId && (status === 'loading' || status === 'idle'))
    main = <p className="p-5 text-xs text-zinc-500">Loading…</p>;
  else if (suiteId)
    main = (
      <div className="p-5">
        <Banner
          tone="warning"
          actions={<Button onClick={() => navigate('evals')}>All suites</Button>}
        >
          This suite does not exist (any more).
        </Banner>
      </div>
    );
  else
    main = (
      <EmptyState
        icon={<ChecklistIcon />}
        title={suites.length ? 'Choose a suite' : 'No evaluation suites yet'}
        actions={
          <>
            <Button variant="primary" onClick={() => navigate('evals', 'new')}>
              New or import a suite
            </Button>
            <GuideSetup />
          </>
        }
      >
        A suite is a list of cases — an input and checks on the answer — run against agents and
        their revisions, to see what got better and what broke.
      </EmptyState>
    );

  return (
    <div className="flex h-full">
      <SuiteList
        suites={suites}
        selectedId={suiteId}
        status={status}
        error={error?.message ?? null}
        onRetry={() => void reload()}
      />
      <div className="min-w-0 flex-1">{main}</div>
    </div>
  );
}
