import { useConnection } from '../api/connection';
import type { ConnectionStatus as Status } from '../api/ws-client';
import { cx } from '../ui/cx';

const labels: Record<Status, { text: string; dot: string }> = {
  connecting: { text: 'Connecting…', dot: 'bg-zinc-400' },
  connected: { text: 'Connected', dot: 'bg-emerald-500' },
  reconnecting: { text: 'Reconnecting…', dot: 'bg-amber-500 animate-pulse' },
  unauthorized: { text: 'Not authorized', dot: 'bg-red-500' },
  closed: { text: 'Disconnected', dot: 'bg-zinc-400' },
};

export function ConnectionStatus() {
  const { status, transport } = useConnection();
  const label = labels[status];
  return (
    <div
      role="status"
      data-testid="connection-status"
      data-status={status}
      title={transport === 'ipc' ? 'Connected to the app' : 'Connected to the Agent Factory server'}
      className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400"
    >
      <span className={cx('size-2 rounded-full', label.dot)} aria-hidden="true" />
      {label.text}
    </div>
  );
}

/** Shown under the top bar when the server refused the page's token. */
export function UnauthorizedNotice() {
  const status = useConnection((s) => s.status);
  if (status !== 'unauthorized') return null;
  return (
    <div
      role="alert"
      className="border-b border-red-200 bg-red-50 px-4 py-2 text-[13px] text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
    >
      This page is not authorized to use the server. Open the URL printed by{' '}
      <code className="font-mono">npm run serve</code>, including its token.
    </div>
  );
}
