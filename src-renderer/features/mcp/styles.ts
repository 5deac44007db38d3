import { cx } from '../../ui/cx';

/** A small select for toolbars and table rows (the form controls use `inputClass`). */
export const smallSelectClass = cx(
  'h-7 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-900 shadow-xs',
  'focus:border-indigo-500 focus:outline-2 focus:outline-indigo-500/30',
  'dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100',
);
