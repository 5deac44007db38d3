import { Button } from './Button';
import { inputClass } from './Field';
import { PlusIcon, XIcon } from './icons';

export interface KeyValue {
  key: string;
  value: string;
}

export interface KeyValueInputProps {
  /** The group's legend, e.g. "Environment variables". */
  legend: string;
  /** What one row is, for labels and the add button ("variable", "header"). */
  noun: string;
  rows: KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  error?: string | undefined;
  hint?: string;
  /** Base of the ids of the error and hint. */
  id: string;
}

/** Rows whose key is filled, as a record; the first of duplicate keys wins. Empty rows are dropped. */
export function rowsToRecord(rows: readonly KeyValue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of rows) {
    const name = key.trim();
    if (name && !(name in out)) out[name] = value;
  }
  return out;
}

export function recordToRows(record: Record<string, string>): KeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

/** The first key used by more than one row, if any. */
export function duplicateKey(rows: readonly KeyValue[]): string | undefined {
  const seen = new Set<string>();
  for (const { key } of rows) {
    const name = key.trim();
    if (!name) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** Name/value pairs (environment variables, HTTP headers) as rows that can be added and removed. */
export function KeyValueInput({
  legend,
  noun,
  rows,
  onChange,
  keyPlaceholder = 'NAME',
  valuePlaceholder = 'value',
  error,
  hint,
  id,
}: KeyValueInputProps) {
  const set = (index: number, patch: Partial<KeyValue>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const describedById = error ? `${id}-error` : hint ? `${id}-hint` : undefined;

  return (
    <fieldset className="space-y-1.5" aria-describedby={describedById} data-field={id}>
      <legend className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {legend}
      </legend>
      {rows.map((row, index) => (
        <div key={index} className="grid grid-cols-[2fr_3fr_auto] items-center gap-1.5">
          <input
            aria-label={`Name of ${noun} ${index + 1}`}
            className={`${inputClass} font-mono text-xs`}
            value={row.key}
            placeholder={keyPlaceholder}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => set(index, { key: e.target.value })}
          />
          <input
            aria-label={`Value of ${noun} ${index + 1}`}
            className={`${inputClass} font-mono text-xs`}
            value={row.value}
            placeholder={valuePlaceholder}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => set(index, { value: e.target.value })}
          />
          <Button
            variant="ghost"
            aria-label={`Remove ${noun} ${index + 1}`}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            <XIcon width={12} height={12} />
          </Button>
        </div>
      ))}
      <Button variant="ghost" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        <PlusIcon width={14} height={14} /> Add {noun}
      </Button>
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
