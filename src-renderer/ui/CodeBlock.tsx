import type { HTMLAttributes } from 'react';
import { cx } from './cx';

export interface CodeBlockProps extends HTMLAttributes<HTMLPreElement> {
  children: string;
  /** Wrap long lines (and break anywhere) instead of scrolling sideways: nothing is hidden. */
  wrap?: boolean;
  /** Tailwind max-height class; the block scrolls beyond it. */
  maxHeight?: string;
}

/** Monospaced text shown exactly as given (JSON, command lines, tool output). */
export function CodeBlock({
  children,
  wrap = true,
  maxHeight = 'max-h-80',
  className,
  ...rest
}: CodeBlockProps) {
  return (
    <pre
      className={cx(
        'overflow-auto rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-2 font-mono text-xs leading-5 text-zinc-800',
        'dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200',
        wrap ? 'break-all whitespace-pre-wrap' : 'whitespace-pre',
        maxHeight,
        className,
      )}
      {...rest}
    >
      {children}
    </pre>
  );
}

/** Pretty JSON for display; values JSON cannot hold are shown by their string form. */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
