import { DEFAULT_MAX_PARALLEL, type OverlapPolicy } from '@shared/entities/automation';
import { FormSection } from '../../ui/FormSection';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { FieldError, NumberField, type SectionProps } from './fields';

const overlapOptions: { value: OverlapPolicy; label: string; title: string }[] = [
  { value: 'skip', label: 'Skip', title: 'Record the fire as skipped while a run goes on' },
  { value: 'queue-one', label: 'Queue one', title: 'Keep at most one fire waiting' },
  { value: 'queue-all', label: 'Queue all', title: 'Run every fire, one after another' },
  { value: 'replace', label: 'Replace', title: 'Cancel the running one and start' },
  { value: 'parallel', label: 'Parallel', title: 'Run side by side' },
];

const overlapHints: Record<OverlapPolicy, string> = {
  skip: 'A fire while a run goes on is recorded as skipped.',
  'queue-one': 'At most one fire waits for the running one; more are coalesced.',
  'queue-all': 'Every fire runs, one after another.',
  replace: 'The running one is cancelled and the new one starts.',
  parallel:
    'Runs go on side by side, up to the number below (and the global limit); further fires wait.',
};

/** Overlap, missed fires, retries and the pause after repeated failures. */
export function PolicySection({ values, issues, change }: SectionProps) {
  const { overlap, maxParallel, missed, failures } = values.policies;
  const setPolicies = (patch: Partial<typeof values.policies>) =>
    change((v) => ({ ...v, policies: { ...v.policies, ...patch } }));
  const setFailures = (patch: Partial<typeof failures>) =>
    change((v) => ({
      ...v,
      policies: { ...v.policies, failures: { ...v.policies.failures, ...patch } },
    }));
  const f = issues.fields;
  return (
    <FormSection
      title="Policy"
      description="What happens when fires overlap, were missed while the machine slept, or fail."
    >
      <div className="space-y-1">
        <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          While a run is going on
        </p>
        <SegmentedControl
          label="While a run is going on"
          options={overlapOptions}
          value={overlap}
          onChange={(value) =>
            setPolicies(
              value === 'parallel'
                ? { overlap: value, maxParallel: maxParallel ?? DEFAULT_MAX_PARALLEL }
                : { overlap: value },
            )
          }
        />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{overlapHints[overlap]}</p>
        <FieldError id="automation-overlap" error={f['policies.overlap']} />
        {overlap === 'parallel' ? (
          <NumberField
            id="automation-max-parallel"
            label="Runs of this automation at once"
            value={maxParallel ?? DEFAULT_MAX_PARALLEL}
            min={1}
            max={20}
            step={1}
            onChange={(value) => setPolicies({ maxParallel: value ?? Number.NaN })}
            error={f['policies.maxParallel']}
            hint="From 1 to 20."
          />
        ) : null}
      </div>
      <div className="space-y-1">
        <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Fires missed while the app was closed or asleep
        </p>
        <SegmentedControl
          label="Missed fires"
          options={[
            { value: 'skip', label: 'Skip them' },
            { value: 'run-once', label: 'Run once' },
          ]}
          value={missed.kind}
          onChange={(kind) =>
            setPolicies({
              missed:
                kind === 'skip'
                  ? { kind }
                  : { kind, graceMs: 15 * 60_000, lookBackMs: 24 * 3600_000 },
            })
          }
        />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {missed.kind === 'skip'
            ? 'They are recorded as missed; the next fire runs on time.'
            : 'One run catches up if the latest missed fire is recent enough; the others are coalesced. Re-enabling never fires a backlog.'}
        </p>
        {missed.kind === 'run-once' ? (
          <div className="flex flex-wrap gap-3">
            <NumberField
              id="automation-grace"
              label="Grace window (minutes)"
              value={missed.graceMs}
              scale={60_000}
              min={0}
              onChange={(graceMs) =>
                setPolicies({ missed: { ...missed, graceMs: graceMs ?? Number.NaN } })
              }
              error={f['policies.missed.graceMs']}
            />
            <NumberField
              id="automation-lookback"
              label="Look back at most (hours)"
              value={missed.lookBackMs}
              scale={3600_000}
              min={0}
              onChange={(lookBackMs) =>
                setPolicies({ missed: { ...missed, lookBackMs: lookBackMs ?? Number.NaN } })
              }
              error={f['policies.missed.lookBackMs']}
            />
          </div>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-3">
        <NumberField
          id="automation-retries"
          label="Retries of transient errors"
          value={failures.maxRetries}
          min={0}
          step={1}
          onChange={(maxRetries) => setFailures({ maxRetries: maxRetries ?? Number.NaN })}
          error={f['policies.failures.maxRetries']}
          hint="With growing waits between them."
        />
        <NumberField
          id="automation-pause-after"
          label="Pause after failures in a row"
          value={failures.pauseAfter}
          min={1}
          step={1}
          onChange={(pauseAfter) => setFailures({ pauseAfter: pauseAfter ?? Number.NaN })}
          error={f['policies.failures.pauseAfter']}
          hint="The system pauses it and says why."
        />
      </div>
    </FormSection>
  );
}

/** Limits of each run. */
export function BudgetSection({ values, issues, change }: SectionProps) {
  const setBudget = (patch: Partial<typeof values.budget>) =>
    change((v) => ({ ...v, budget: { ...v.budget, ...patch } }));
  const f = issues.fields;
  return (
    <FormSection
      title="Budget"
      description="Limits of each run; a run over its time limit ends as timed out."
    >
      <div className="flex flex-wrap gap-3">
        <NumberField
          id="automation-max-steps"
          label="Most steps"
          value={values.budget.maxSteps}
          min={1}
          step={1}
          onChange={(maxSteps) => setBudget({ maxSteps: maxSteps ?? Number.NaN })}
          error={f['budget.maxSteps']}
        />
        <NumberField
          id="automation-max-tokens"
          label="Most tokens"
          value={values.budget.maxTokens}
          min={100}
          step={1}
          optional
          onChange={(maxTokens) => {
            const { maxTokens: _old, ...rest } = values.budget;
            change((v) => ({
              ...v,
              budget: maxTokens === undefined ? rest : { ...rest, maxTokens },
            }));
          }}
          error={f['budget.maxTokens']}
          hint="Input and output; empty: no limit."
        />
        <NumberField
          id="automation-timeout"
          label="Time limit (seconds)"
          value={values.budget.timeoutMs}
          scale={1000}
          min={1}
          onChange={(timeoutMs) => setBudget({ timeoutMs: timeoutMs ?? Number.NaN })}
          error={f['budget.timeoutMs']}
        />
      </div>
    </FormSection>
  );
}
