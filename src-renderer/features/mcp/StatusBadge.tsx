import type { McpServerState } from '@shared/entities/mcp';
import { cx } from '../../ui/cx';

export const stateMeta: Record<McpServerState, { label: string; dot: string; text: string }> = {
  stopped: { label: 'Stopped', dot: 'bg-zinc-400', text: 'text-zinc-500 dark:text-zinc-400' },
  starting: {
    label: 'Starting…',
    dot: 'bg-sky-500 animate-pulse',
    text: 'text-sky-700 dark:text-sky-300',
  },
  ready: { label: 'Ready', dot: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-400' },
  degraded: {
    label: 'Degraded',
    dot: 'bg-amber-500',
    text: 'text-amber-700 dark:text-amber-300',
  },
  crashed: { label: 'Crashed', dot: 'bg-red-500', text: 'text-red-700 dark:text-red-400' },
  disabled: {
    label: 'Disabled',
    dot: 'border border-zinc-400 bg-transparent',
    text: 'text-zinc-400 dark:text-zinc-500',
  },
};

export function StatusBadge({ state, className }: { state: McpServerState; className?: string }) {
  const meta = stateMeta[state];
  return (
    <span
      className={cx('inline-flex items-center gap-1.5 text-xs font-medium', meta.text, className)}
      data-testid="mcp-state"
      data-state={state}
    >
      <span className={cx('size-2 shrink-0 rounded-full', meta.dot)} aria-hidden="true" />
      {meta.label}
    </span>
  );
}

/** States in which the server answers calls. */
export const isLive = (state: McpServerState) => state === 'ready' || state === 'degraded';
