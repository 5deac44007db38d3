import type { ReactNode } from 'react';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { cx } from '../../ui/cx';
import type { EditorIssues, EditorValues } from './editor-model';

/** What each editor section gets: the values, their errors by dotted path, and a way to change them. */
export interface SectionProps {
  values: EditorValues;
  issues: EditorIssues;
  change(update: (values: EditorValues) => EditorValues): void;
}

/** A number field shown in a unit (`scale`: stored units per shown unit, e.g. 60_000 for minutes). */
export function NumberField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  scale = 1,
  min,
  max,
  step,
  optional = false,
  className,
}: {
  id: string;
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  error?: string | undefined;
  hint?: ReactNode;
  scale?: number;
  min?: number;
  max?: number;
  step?: number | 'any';
  /** Empty means none (undefined) instead of an invalid number. */
  optional?: boolean;
  className?: string;
}) {
  const shown = value === undefined || Number.isNaN(value) ? '' : String(value / scale);
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      <input
        type="number"
        className={cx(inputClass, 'max-w-40 tabular-nums')}
        value={shown}
        min={min}
        max={max}
        step={step ?? 'any'}
        onChange={(e) => {
          const text = e.target.value;
          if (text.trim() === '') onChange(optional ? undefined : Number.NaN);
          else onChange(Math.round(Number(text) * scale));
        }}
        {...describedBy(id, error, hint)}
      />
    </Field>
  );
}

/** A one-line text field. */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
  monospace,
  type = 'text',
  list,
  className,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  placeholder?: string;
  monospace?: boolean;
  type?: string;
  /** The id of a datalist of suggestions. */
  list?: string;
  className?: string;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      <input
        type={type}
        className={cx(inputClass, monospace && 'font-mono text-xs')}
        value={value}
        placeholder={placeholder}
        list={list}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        {...describedBy(id, error, hint)}
      />
    </Field>
  );
}

/** A field's error line for controls that are not one input (groups of checkboxes, segmented controls). */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="text-xs text-red-600 dark:text-red-400">
      {error}
    </p>
  ) : null;
}

/** An IANA time zone, with every known zone suggested (see `TimeZoneOptions`). */
export function TimeZoneField(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  className?: string;
}) {
  return <TextField label="Time zone" list="automation-time-zones" {...props} />;
}
