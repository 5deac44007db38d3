import { useEffect, useRef, useState } from 'react';
import { cx } from './cx';
import { copyText } from './text-export';

/** A small "Copy" button that puts text on the clipboard and says "Copied" (or why not) for a moment. */
export function CopyButton({
  text,
  label = 'Copy',
  className,
}: {
  /** The text, read when clicked. */
  text: () => string;
  /** Its accessible name ("Copy code", "Copy secret"). */
  label?: string;
  className?: string;
}) {
  const [note, setNote] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    try {
      await copyText(text());
      setNote('Copied');
    } catch {
      setNote('Could not copy');
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setNote(null), 1500);
  };
  return (
    <button
      type="button"
      onClick={() => void copy()}
      aria-label={label}
      className={cx(
        'rounded px-1.5 py-0.5 text-[11px] text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100',
        className,
      )}
    >
      {note ?? 'Copy'}
    </button>
  );
}
