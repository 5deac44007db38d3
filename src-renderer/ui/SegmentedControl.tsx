import type { KeyboardEvent } from 'react';
import { cx } from './cx';

export interface SegmentedControlProps<V extends string> {
  /** Names the group ("Search mode"). */
  label: string;
  options: readonly { value: V; label: string; title?: string }[];
  value: V;
  onChange: (value: V) => void;
  disabled?: boolean;
}

/** A few mutually exclusive choices side by side (a radio group: arrow keys move and select). */
export function SegmentedControl<V extends string>({
  label,
  options,
  value,
  onChange,
  disabled,
}: SegmentedControlProps<V>) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    if (!step) return;
    event.preventDefault();
    const index = options.findIndex((o) => o.value === value);
    const next = options[(index + step + options.length) % options.length];
    if (!next) return;
    onChange(next.value);
    event.currentTarget.querySelector<HTMLElement>(`[data-value="${next.value}"]`)?.focus();
  };
  return (
    <div
      role="radiogroup"
      aria-label={label}
      onKeyDown={onKeyDown}
      className="inline-flex h-7 shrink-0 rounded-md border border-zinc-300 bg-zinc-100 p-0.5 dark:border-zinc-700 dark:bg-zinc-900"
    >
      {options.map((option) => {
        const checked = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            role="radio"
            aria-checked={checked}
            data-value={option.value}
            title={option.title}
            tabIndex={checked ? 0 : -1}
            disabled={disabled}
            onClick={() => onChange(option.value)}
            className={cx(
              'rounded px-2 text-xs font-medium focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-60',
              checked
                ? 'bg-white text-zinc-900 shadow-xs dark:bg-zinc-700 dark:text-zinc-100'
                : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
            )}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
