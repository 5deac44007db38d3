import type { KeyboardEvent } from 'react';
import { cx } from './cx';

export interface TabItem<K extends string> {
  id: K;
  label: string;
  /** A small count or note after the label. */
  badge?: string | number | undefined;
}

export interface TabsProps<K extends string> {
  /** Names the tab list for assistive technology. */
  label: string;
  /** Prefix of the element ids; panels use `tabPanelProps(idPrefix, id)`. */
  idPrefix: string;
  tabs: readonly TabItem<K>[];
  current: K;
  onSelect: (id: K) => void;
  className?: string;
}

/** The attributes of the panel that belongs to a tab. */
export function tabPanelProps(idPrefix: string, id: string) {
  return {
    role: 'tabpanel',
    id: `${idPrefix}-panel-${id}`,
    'aria-labelledby': `${idPrefix}-tab-${id}`,
    tabIndex: 0,
  } as const;
}

/** A row of tabs (WAI-ARIA tabs: arrow keys, Home and End move between them). */
export function Tabs<K extends string>({
  label,
  idPrefix,
  tabs,
  current,
  onSelect,
  className,
}: TabsProps<K>) {
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === current);
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index <= 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1;
    const tab = tabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.id);
    document.getElementById(`${idPrefix}-tab-${tab.id}`)?.focus();
  };

  return (
    <div
      role="tablist"
      aria-label={label}
      onKeyDown={onKeyDown}
      className={cx(
        'flex h-9 shrink-0 items-end gap-4 border-b border-zinc-200 px-5 dark:border-zinc-800',
        className,
      )}
    >
      {tabs.map((tab) => {
        const selected = tab.id === current;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab.id}`}
            aria-selected={selected}
            aria-controls={`${idPrefix}-panel-${tab.id}`}
            tabIndex={selected ? 0 : -1}
            onClick={() => onSelect(tab.id)}
            className={cx(
              '-mb-px flex h-9 items-center gap-1.5 border-b-2 text-[13px]',
              'focus-visible:outline-2 focus-visible:outline-indigo-500',
              selected
                ? 'border-indigo-500 font-medium text-zinc-900 dark:text-zinc-100'
                : 'border-transparent text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
            )}
          >
            {tab.label}
            {tab.badge !== undefined ? (
              <span className="rounded bg-zinc-100 px-1 text-[11px] text-zinc-600 tabular-nums dark:bg-zinc-800 dark:text-zinc-300">
                {tab.badge}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}
