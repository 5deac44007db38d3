import { cx } from './cx';

export type ProgressTone = 'primary' | 'success' | 'danger' | 'muted';

const tones: Record<ProgressTone, string> = {
  primary: 'bg-indigo-500',
  success: 'bg-emerald-500',
  danger: 'bg-red-500',
  muted: 'bg-zinc-400 dark:bg-zinc-500',
};

export interface ProgressBarProps {
  /** Names the bar for assistive technology ("Ingesting notes"). */
  label: string;
  /** The parts done so far, drawn left to right (e.g. ingested, then failed). */
  segments: readonly { value: number; tone: ProgressTone }[];
  max: number;
  /** Unknown length: a pulsing bar. */
  indeterminate?: boolean;
  className?: string;
}

/** A thin progress bar of one or more coloured segments; the value is their sum. */
export function ProgressBar({ label, segments, max, indeterminate, className }: ProgressBarProps) {
  const value = segments.reduce((sum, s) => sum + s.value, 0);
  const width = (n: number) => `${max > 0 ? Math.min(100, (n / max) * 100) : 0}%`;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={indeterminate ? undefined : max}
      aria-valuenow={indeterminate ? undefined : Math.min(value, max)}
      className={cx(
        'flex h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800',
        className,
      )}
    >
      {indeterminate ? (
        <div className="h-full w-1/3 animate-pulse rounded-full bg-indigo-500/70" />
      ) : (
        segments.map((s, i) =>
          s.value > 0 ? (
            <div
              key={i}
              className={cx('h-full', tones[s.tone])}
              style={{ width: width(s.value) }}
            />
          ) : null,
        )
      )}
    </div>
  );
}
