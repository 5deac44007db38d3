import { useState } from 'react';
import type { TriggerKind } from '@shared/entities/automation';
import { Button } from '../../ui/Button';
import { cx } from '../../ui/cx';
import { inputClass } from '../../ui/Field';
import { FormSection } from '../../ui/FormSection';
import { PlusIcon, XIcon } from '../../ui/icons';
import { newTrigger, type TriggerDraft } from './editor-model';
import { FieldError, type SectionProps } from './fields';
import { TimeZoneOptions, TriggerFields } from './TriggerFields';

export const triggerKindLabels: Record<TriggerKind, string> = {
  cron: 'Cron schedule',
  every: 'Every interval',
  at: 'Once at a time',
  watch: 'Files in a folder',
  webhook: 'Webhook',
  startup: 'When the engine starts',
  after: 'After another automation',
};

/** The triggers: any number of each kind (up to 10), each with its own fields. */
export function TriggerBuilder({
  values,
  issues,
  change,
  others,
}: SectionProps & { others: readonly { id: string; name: string }[] }) {
  const [kind, setKind] = useState<TriggerKind>('cron');
  const setDrafts = (update: (drafts: TriggerDraft[]) => TriggerDraft[]) =>
    change((v) => ({ ...v, triggers: update(v.triggers) }));

  return (
    <FormSection
      title="Triggers"
      description="When it runs. Each trigger fires on its own; conditions below can still skip a fire."
    >
      <TimeZoneOptions />
      <FieldError id="automation-triggers" error={issues.fields.triggers} />
      <ol aria-label="Triggers" className="space-y-2">
        {values.triggers.map((draft, index) => (
          <li
            key={draft.key}
            data-testid="trigger"
            data-kind={draft.kind}
            className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
          >
            <div className="mb-2 flex items-center justify-between gap-2">
              <h4 className="text-xs font-semibold text-zinc-700 dark:text-zinc-300">
                {triggerKindLabels[draft.kind]}
              </h4>
              <Button
                variant="ghost"
                aria-label={`Remove trigger ${index + 1} (${triggerKindLabels[draft.kind]})`}
                onClick={() => setDrafts((drafts) => drafts.filter((d) => d.key !== draft.key))}
              >
                <XIcon width={12} height={12} />
              </Button>
            </div>
            <FieldError id={`trigger-${draft.key}`} error={issues.fields[`triggers.${index}`]} />
            <TriggerFields
              draft={draft}
              index={index}
              errors={issues.fields}
              others={others}
              onChange={(next) =>
                setDrafts((drafts) => drafts.map((d) => (d.key === draft.key ? next : d)))
              }
            />
          </li>
        ))}
      </ol>
      <div className="flex items-center gap-2">
        <label htmlFor="automation-add-trigger" className="sr-only">
          Kind of trigger to add
        </label>
        <select
          id="automation-add-trigger"
          className={cx(inputClass, 'max-w-64')}
          value={kind}
          onChange={(e) => setKind(e.target.value as TriggerKind)}
        >
          {Object.entries(triggerKindLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <Button
          disabled={values.triggers.length >= 10}
          onClick={() => setDrafts((drafts) => [...drafts, newTrigger(kind)])}
        >
          <PlusIcon width={12} height={12} /> Add trigger
        </Button>
      </div>
    </FormSection>
  );
}
