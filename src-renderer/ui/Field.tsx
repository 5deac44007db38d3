import type { ReactNode } from 'react';
import { cx } from './cx';

export const inputClass = cx(
  'block w-full rounded-md border bg-white px-2.5 py-1.5 text-[13px] text-zinc-900 shadow-xs',
  'border-zinc-300 placeholder:text-zinc-400 focus:border-indigo-500 focus:outline-2 focus:outline-indigo-500/30',
  'dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500',
  'disabled:cursor-not-allowed disabled:opacity-60',
  'aria-invalid:border-red-500 dark:aria-invalid:border-red-500',
);

/** The accessibility attributes that tie an input to its label, hint and error. */
export function describedBy(id: string, error?: string, hint?: unknown) {
  const ids = error ? `${id}-error` : hint ? `${id}-hint` : '';
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

export interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A label, the control (give it `{...describedBy(id, error, hint)}`), a hint and the field's error. */
export function Field({ id, label, error, hint, children, className }: FieldProps) {
  return (
    <div className={cx('space-y-1', className)} data-field={id}>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
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
    </div>
  );
}
