import { cx } from './cx';

/** How a status looks: its word, and the colours (tailwind classes) of its dot and text. */
export interface StatusLook {
  label: string;
  dot: string;
  text: string;
}

/** The colours statuses share across features: going on, done well, failed, needs a look, idle. */
export const statusTones = {
  going: { dot: 'bg-sky-500 animate-pulse', text: 'text-sky-700 dark:text-sky-300' },
  good: { dot: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-400' },
  bad: { dot: 'bg-red-500', text: 'text-red-700 dark:text-red-400' },
  warning: { dot: 'bg-amber-500', text: 'text-amber-700 dark:text-amber-300' },
  idle: { dot: 'bg-zinc-400', text: 'text-zinc-500 dark:text-zinc-400' },
  faint: { dot: 'bg-zinc-300 dark:bg-zinc-600', text: 'text-zinc-500 dark:text-zinc-400' },
} satisfies Record<string, Omit<StatusLook, 'label'>>;

/** A status as a coloured dot and a word. */
export function StatusDot({
  status,
  look,
  label = look.label,
  compact = false,
  className,
  testId,
}: {
  status: string;
  look: StatusLook;
  /** Replaces the usual word (e.g. the failure reason). */
  label?: string;
  /** Only the dot (the word becomes its title). */
  compact?: boolean;
  className?: string;
  testId?: string;
}) {
  return (
    <span
      className={cx(
        'inline-flex items-center gap-1.5 text-xs font-medium whitespace-nowrap',
        look.text,
        className,
      )}
      data-testid={testId}
      data-status={status}
      title={compact ? label : undefined}
    >
      <span className={cx('size-2 shrink-0 rounded-full', look.dot)} aria-hidden="true" />
      {compact ? <span className="sr-only">{label}</span> : label}
    </span>
  );
}
