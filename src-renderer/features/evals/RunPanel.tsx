import { useState } from 'react';
import type { Suite } from '@shared/entities/eval';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { FormSection } from '../../ui/FormSection';
import { PlayIcon } from '../../ui/icons';
import { useAgentList } from '../agents/store';
import { RunProgress } from './RunProgress';
import { TargetsField, toTarget, type TargetDraft } from './TargetsField';
import type { EvalRuns } from './use-eval-runs';

/** Reads a whole number from a field ('' → undefined). */
const whole = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** Starts a run of the suite (targets, trials, concurrency, cache) and shows the runs in progress. */
export function RunPanel({ suite, runs }: { suite: Suite; runs: EvalRuns }) {
  const api = useApi();
  const { agents } = useAgentList();
  const [targets, setTargets] = useState<TargetDraft[]>([]);
  const [trials, setTrials] = useState('');
  const [concurrency, setConcurrency] = useState('2');
  const [noCache, setNoCache] = useState(false);
  const start = useAction();
  const retrieval = suite.kind === 'retrieval';
  const incomplete = targets.some((t) => !t.agentId);
  const trialsValue = whole(trials);
  const concurrencyValue = whole(concurrency) ?? 2;
  const trialsError =
    trialsValue !== undefined &&
    !(Number.isInteger(trialsValue) && trialsValue >= 1 && trialsValue <= 50)
      ? 'A whole number from 1 to 50'
      : undefined;
  const concurrencyError = !(
    Number.isInteger(concurrencyValue) &&
    concurrencyValue >= 1 &&
    concurrencyValue <= 16
  )
    ? 'A whole number from 1 to 16'
    : undefined;

  const onRun = () =>
    void start.run(async () => {
      const run = await api.call('eval.run', {
        suite: suite.id,
        ...(!retrieval && targets.length ? { targets: targets.map(toTarget) } : {}),
        ...(trialsValue !== undefined ? { trials: trialsValue } : {}),
        concurrency: concurrencyValue,
        noCache,
      });
      runs.put(run);
    });

  const active = runs.runs.filter((r) => r.status === 'running');
  const recent = runs.runs.filter((r) => r.status !== 'running').slice(0, 3);

  return (
    <div className="max-w-4xl">
      {!retrieval ? (
        <FormSection
          title="Targets"
          description="Each case runs against each target: the results are a matrix of cases × targets. Comparisons pair targets by label: give two runs’ targets the same label to compare revisions."
        >
          <TargetsField agents={agents} value={targets} onChange={setTargets} />
        </FormSection>
      ) : null}
      <FormSection
        title="Options"
        description="Trials show how stable an answer is; flaky cases are marked."
      >
        <div className="flex flex-wrap gap-4">
          {!retrieval ? (
            <Field
              id="eval-trials"
              label="Trials per case"
              error={trialsError}
              hint="Blank: the suite’s own."
            >
              <input
                type="number"
                min={1}
                max={50}
                className={`${inputClass} w-28`}
                value={trials}
                onChange={(e) => setTrials(e.target.value)}
                {...describedBy('eval-trials', trialsError, true)}
              />
            </Field>
          ) : null}
          <Field id="eval-concurrency" label="Cases at once" error={concurrencyError}>
            <input
              type="number"
              min={1}
              max={16}
              className={`${inputClass} w-28`}
              value={concurrency}
              onChange={(e) => setConcurrency(e.target.value)}
              {...describedBy('eval-concurrency', concurrencyError)}
            />
          </Field>
        </div>
        {!retrieval ? (
          <Checkbox
            id="eval-no-cache"
            label="Do not use cached answers"
            checked={noCache}
            onChange={setNoCache}
            hint="Cached answers are reused only when nothing that shapes the answer changed (agent revision, model, prompts, tools, MCP servers, knowledge)."
          />
        ) : null}
      </FormSection>
      <div className="space-y-3 py-4">
        <div className="flex items-center gap-3">
          <Button
            variant="primary"
            onClick={onRun}
            disabled={start.busy || incomplete || !!trialsError || !!concurrencyError}
          >
            <PlayIcon width={12} height={12} /> Run the suite
          </Button>
          {incomplete ? (
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              Choose an agent for each target.
            </span>
          ) : null}
        </div>
        {start.error ? (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            Could not start the run: {start.error}
          </p>
        ) : null}
        {active.length ? (
          <section aria-label="Runs in progress" className="space-y-2">
            {active.map((run) => (
              <RunProgress key={run.id} run={run} />
            ))}
          </section>
        ) : null}
        {recent.length ? (
          <section aria-label="Recent runs" className="space-y-2">
            <h3 className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Recent runs</h3>
            {recent.map((run) => (
              <RunProgress key={run.id} run={run} />
            ))}
          </section>
        ) : null}
      </div>
    </div>
  );
}
