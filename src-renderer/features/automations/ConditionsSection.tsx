import type { TimeWindow } from '@shared/entities/automation';
import { Checkbox } from '../../ui/Checkbox';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { FormSection } from '../../ui/FormSection';
import { ToggleChip } from '../../ui/ToggleChip';
import { localTimeZone } from './describe';
import { FieldError, TimeZoneField, type SectionProps } from './fields';

const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

type WindowKey = 'window' | 'quietHours';

function TimeWindowFields({
  which,
  label,
  window,
  errors,
  onChange,
}: {
  which: WindowKey;
  label: string;
  window: TimeWindow | undefined;
  errors: Record<string, string>;
  onChange: (window: TimeWindow | undefined) => void;
}) {
  const id = `automation-${which}`;
  const error = (part?: string) =>
    errors[part ? `conditions.${which}.${part}` : `conditions.${which}`];
  return (
    <div className="space-y-2">
      <Checkbox
        id={id}
        label={label}
        checked={!!window}
        onChange={(on) =>
          onChange(
            on
              ? {
                  start: which === 'window' ? '08:00' : '22:00',
                  end: which === 'window' ? '18:00' : '07:00',
                  days: [],
                  timezone: localTimeZone(),
                }
              : undefined,
          )
        }
      />
      {window ? (
        <div className="space-y-2 pl-5">
          <div className="flex flex-wrap gap-3">
            {(['start', 'end'] as const).map((part) => (
              <Field
                key={part}
                id={`${id}-${part}`}
                label={part === 'start' ? 'From' : 'To'}
                error={error(part)}
              >
                <input
                  type="time"
                  className={`${inputClass} w-32`}
                  value={window[part]}
                  onChange={(e) => onChange({ ...window, [part]: e.target.value })}
                  {...describedBy(`${id}-${part}`, error(part))}
                />
              </Field>
            ))}
            <TimeZoneField
              id={`${id}-tz`}
              className="w-56"
              value={window.timezone}
              onChange={(timezone) => onChange({ ...window, timezone })}
              error={error('timezone')}
            />
          </div>
          <div
            role="group"
            aria-label={`Days of ${label.toLowerCase()}`}
            className="flex flex-wrap items-center gap-1"
          >
            {dayNames.map((name, day) => (
              <ToggleChip
                key={name}
                pressed={window.days.includes(day)}
                onChange={(on) =>
                  onChange({
                    ...window,
                    days: on ? [...window.days, day].sort() : window.days.filter((d) => d !== day),
                  })
                }
              >
                {name}
              </ToggleChip>
            ))}
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {window.days.length ? '' : 'every day'}
            </span>
          </div>
          <FieldError id={id} error={error('days') ?? error()} />
        </div>
      ) : null}
    </div>
  );
}

/** Conditions checked when a trigger fires; a refused fire is recorded as skipped with the reason. */
export function ConditionsSection({ values, issues, change }: SectionProps) {
  const set = (key: WindowKey) => (window: TimeWindow | undefined) =>
    change((v) => {
      const { [key]: _old, ...rest } = v.conditions;
      return { ...v, conditions: window ? { ...rest, [key]: window } : rest };
    });
  return (
    <FormSection
      title="Conditions"
      description="Checked each time a trigger fires; a skipped fire is recorded with its reason."
    >
      <TimeWindowFields
        which="window"
        label="Only between"
        window={values.conditions.window}
        errors={issues.fields}
        onChange={set('window')}
      />
      <TimeWindowFields
        which="quietHours"
        label="Quiet hours (never between)"
        window={values.conditions.quietHours}
        errors={issues.fields}
        onChange={set('quietHours')}
      />
      <Checkbox
        id="automation-ac-power"
        label="Only on AC power"
        hint="The desktop app skips fires on battery; serve counts as on AC power."
        checked={values.conditions.onAcPower}
        onChange={(onAcPower) =>
          change((v) => ({ ...v, conditions: { ...v.conditions, onAcPower } }))
        }
      />
    </FormSection>
  );
}
