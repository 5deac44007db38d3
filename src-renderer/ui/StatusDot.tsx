import { cx } from './cx';

/** How a status looks: its word, and the colours (tailwind classes) of its dot and text. */
export interface StatusLook {
  label: string;
  dot: string;
  text: string;
}

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
