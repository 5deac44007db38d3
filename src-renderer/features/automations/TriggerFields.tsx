import { AutomationRunResultStatus, type WatchEvent } from '@shared/entities/automation';
import { Checkbox } from '../../ui/Checkbox';
import { cx } from '../../ui/cx';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { TagInput } from '../../ui/TagInput';
import { ToggleChip } from '../../ui/ToggleChip';
import { statusLooks } from './describe';
import { triggerOf, type IntervalUnit, type TriggerDraft } from './editor-model';
import { FieldError, NumberField, TextField, TimeZoneField } from './fields';
import { TriggerPreview } from './TriggerPreview';

export interface TriggerFieldsProps {
  draft: TriggerDraft;
  /** Prefix of the element ids and of the error paths (`triggers.<index>`). */
  index: number;
  errors: Record<string, string>;
  onChange: (draft: TriggerDraft) => void;
  /** Other automations, for `after` (id → name). */
  others: readonly { id: string; name: string }[];
}

const zones: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

/** A list of every IANA zone for the time zone boxes (one per page). */
export function TimeZoneOptions() {
  return (
    <datalist id="automation-time-zones">
      {zones.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}

const watchEvents: { value: WatchEvent; label: string }[] = [
  { value: 'add', label: 'Added' },
  { value: 'change', label: 'Changed' },
  { value: 'unlink', label: 'Deleted' },
];

/** The fields of one trigger, by kind. */
export function TriggerFields({ draft, index, errors, onChange, others }: TriggerFieldsProps) {
  const id = `trigger-${draft.key}`;
  const error = (field: string) => errors[`triggers.${index}.${field}`];

  switch (draft.kind) {
    case 'cron':
      return (
        <div className="space-y-2">
          <div className="grid gap-3 sm:grid-cols-[1fr_14rem]">
            <TextField
              id={`${id}-expr`}
              label="Cron expression"
              monospace
              value={draft.expr}
              onChange={(expr) => onChange({ ...draft, expr })}
              error={error('expr')}
              hint="minute hour day month weekday, or seconds first: 0 9 * * 1-5 is 09:00 on weekdays"
            />
            <TimeZoneField
              id={`${id}-tz`}
              value={draft.timezone}
              onChange={(timezone) => onChange({ ...draft, timezone })}
              error={error('timezone')}
            />
          </div>
          <TriggerPreview id={id} trigger={triggerOf(draft)} />
        </div>
      );
    case 'every':
      return (
        <div className="space-y-2">
          <Field
            id={`${id}-amount`}
            label="Every"
            error={error('seconds')}
            hint="From 1 second; counted from when it was saved or resumed."
          >
            <div className="flex gap-2">
              <input
                type="number"
                min={1}
                className={cx(inputClass, 'max-w-28 tabular-nums')}
                value={draft.amount}
                onChange={(e) => onChange({ ...draft, amount: e.target.value })}
                {...describedBy(`${id}-amount`, error('seconds'), true)}
              />
              <select
                aria-label="Unit"
                className={cx(inputClass, 'max-w-28')}
                value={draft.unit}
                onChange={(e) => onChange({ ...draft, unit: e.target.value as IntervalUnit })}
              >
                <option value="s">seconds</option>
                <option value="min">minutes</option>
                <option value="h">hours</option>
              </select>
            </div>
          </Field>
          {draft.amount.trim() ? <TriggerPreview id={id} trigger={triggerOf(draft)} /> : null}
        </div>
      );
    case 'at':
      return (
        <div className="space-y-2">
          <Field
            id={`${id}-at`}
            label="Once at"
            error={error('iso')}
            hint="On this machine's clock; saved with its offset."
          >
            <input
              type="datetime-local"
              step={1}
              className={cx(inputClass, 'max-w-64')}
              value={draft.local}
              onChange={(e) => onChange({ ...draft, local: e.target.value })}
              {...describedBy(`${id}-at`, error('iso'), true)}
            />
          </Field>
          {draft.local ? <TriggerPreview id={id} trigger={triggerOf(draft)} /> : null}
        </div>
      );
    case 'watch':
      return (
        <div className="space-y-3">
          <TextField
            id={`${id}-path`}
            label="Folder"
            monospace
            placeholder="/home/me/Inbox"
            value={draft.path}
            onChange={(path) => onChange({ ...draft, path })}
            error={error('path')}
            hint="An absolute path on the machine the engine runs on."
          />
          <Field
            id={`${id}-globs`}
            label="Only files matching"
            error={error('globs')}
            hint="Globs relative to the folder, e.g. **/*.pdf; none: every file."
          >
            <TagInput
              id={`${id}-globs`}
              tags={draft.globs}
              placeholder="*.pdf"
              onChange={(globs) => onChange({ ...draft, globs })}
              inputProps={describedBy(`${id}-globs`, error('globs'), true)}
            />
          </Field>
          <fieldset className="space-y-1">
            <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
              When files are
            </legend>
            <div className="flex flex-wrap gap-4">
              {watchEvents.map((event) => (
                <Checkbox
                  key={event.value}
                  id={`${id}-event-${event.value}`}
                  label={event.label}
                  checked={draft.events.includes(event.value)}
                  onChange={(on) =>
                    onChange({
                      ...draft,
                      events: on
                        ? [...draft.events, event.value]
                        : draft.events.filter((e) => e !== event.value),
                    })
                  }
                />
              ))}
            </div>
            <FieldError id={`${id}-events`} error={error('events')} />
          </fieldset>
          <NumberField
            id={`${id}-debounce`}
            label="Quiet time before it fires (ms)"
            value={draft.debounceMs}
            min={0}
            onChange={(debounceMs) => onChange({ ...draft, debounceMs: debounceMs ?? Number.NaN })}
            error={error('debounceMs')}
            hint="A burst of changes to one file fires once."
          />
        </div>
      );
    case 'webhook':
      return (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          A signed POST to the engine's HTTP server starts a run; its body is{' '}
          <code className="font-mono">{'{{trigger.body}}'}</code>. After saving, the URL, the secret
          and an example request are shown on the automation's page.
        </p>
      );
    case 'startup':
      return (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Runs each time the engine starts (the app opens, or serve starts).
        </p>
      );
    case 'after':
      return (
        <div className="space-y-2">
          <Field id={`${id}-after`} label="After the automation" error={error('automation')}>
            <select
              className={cx(inputClass, 'max-w-80')}
              value={draft.automation}
              onChange={(e) => onChange({ ...draft, automation: e.target.value })}
              {...describedBy(`${id}-after`, error('automation'))}
            >
              <option value="">Choose one…</option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
              {draft.automation &&
              !others.some((o) => o.id === draft.automation || o.name === draft.automation) ? (
                <option value={draft.automation}>{draft.automation} (not found)</option>
              ) : null}
            </select>
          </Field>
          <div role="group" aria-label="Ended with" className="flex flex-wrap items-center gap-1.5">
            <span className="text-xs text-zinc-600 dark:text-zinc-400">ended with</span>
            {AutomationRunResultStatus.options.map((status) => (
              <ToggleChip
                key={status}
                pressed={draft.statuses.includes(status)}
                onChange={(on) =>
                  onChange({
                    ...draft,
                    statuses: on
                      ? [...draft.statuses, status]
                      : draft.statuses.filter((s) => s !== status),
                  })
                }
              >
                {statusLooks[status].label}
              </ToggleChip>
            ))}
          </div>
          <FieldError id={`${id}-statuses`} error={error('statuses')} />
        </div>
      );
  }
}
