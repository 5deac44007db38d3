import { useState } from 'react';
import type { McpServerView } from '@shared/entities/mcp';
import { toAppError } from '../../api/core';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatTime } from '../../ui/format';
import { TrashIcon } from '../../ui/icons';
import { tabPanelProps, Tabs } from '../../ui/Tabs';
import { LogsPanel } from './LogsPanel';
import { MetricsPanel } from './MetricsPanel';
import { OverviewPanel } from './OverviewPanel';
import { PromptsPanel } from './PromptsPanel';
import { ResourcesPanel } from './ResourcesPanel';
import { ServerForm } from './ServerForm';
import { SignInButton } from './SignInButton';
import { isLive, StatusBadge } from './StatusBadge';
import { useMcp } from './store';
import { ToolsPanel } from './ToolsPanel';
import { AgentsUsing } from '../agents/AgentsUsing';

const tabIds = ['overview', 'tools', 'resources', 'prompts', 'logs', 'metrics', 'settings'] as const;
type DetailTab = (typeof tabIds)[number];
const labels: Record<DetailTab, string> = {
  overview: 'Overview',
  tools: 'Tools',
  resources: 'Resources',
  prompts: 'Prompts',
  logs: 'Logs',
  metrics: 'Metrics',
  settings: 'Settings',
};

const isTab = (value: string | undefined): value is DetailTab => tabIds.some((t) => t === value);

/** `#/mcp/<id>/<tab>`: one server, its controls and its panels. */
export function ServerDetail({ view, tab }: { view: McpServerView; tab: string | undefined }) {
  const { server, status } = view;
  const current: DetailTab = isTab(tab) ? tab : 'overview';
  const pending = useMcp((s) => s.pending[server.id]);
  const actionError = useMcp((s) => s.actionErrors[server.id]);
  const control = useMcp((s) => s.control);
  const clearActionError = useMcp((s) => s.clearActionError);
  const update = useMcp((s) => s.update);
  const remove = useMcp((s) => s.remove);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const state = status.state;
  const live = isLive(state);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      const appError = toAppError(caught);
      setError([appError.message, appError.hint].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  };

  const tabs = tabIds.map((id) => ({
    id,
    label: labels[id],
    badge: id === 'tools' ? status.toolCount : undefined,
  }));
  const statusError = status.error && state !== 'ready' ? status.error : undefined;

  return (
    <div className="flex h-full flex-col">
      <div className="flex h-11 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-5 dark:border-zinc-800">
        <div className="flex min-w-0 items-center gap-3">
          <h2 className="truncate text-[13px] font-semibold">{server.name}</h2>
          <StatusBadge state={state} />
        </div>
        <div className="flex items-center gap-1.5">
          <Button
            disabled={!server.enabled || live || state === 'starting' || !!pending}
            onClick={() => void control(server.id, 'start')}
          >
            {pending === 'start' ? 'Starting…' : 'Start'}
          </Button>
          <Button
            disabled={state === 'stopped' || state === 'disabled' || pending === 'stop'}
            onClick={() => void control(server.id, 'stop')}
          >
            {pending === 'stop' ? 'Stopping…' : 'Stop'}
          </Button>
          <Button
            disabled={!server.enabled || !!pending || state === 'starting'}
            onClick={() => void control(server.id, 'restart')}
          >
            {pending === 'restart' ? 'Restarting…' : 'Restart'}
          </Button>
          <span className="mx-1 h-4 w-px bg-zinc-200 dark:bg-zinc-800" aria-hidden="true" />
          <button
            type="button"
            role="switch"
            aria-checked={server.enabled}
            aria-label="Enabled"
            disabled={busy}
            onClick={() => void run(() => update(server.id, { enabled: !server.enabled }))}
            className="inline-flex h-7 items-center gap-2 rounded-md px-2 text-[13px] text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-60 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <span
              aria-hidden="true"
              className={`relative h-4 w-7 rounded-full transition-colors ${server.enabled ? 'bg-indigo-600' : 'bg-zinc-300 dark:bg-zinc-700'}`}
            >
              <span
                className={`absolute top-0.5 size-3 rounded-full bg-white transition-all ${server.enabled ? 'left-3.5' : 'left-0.5'}`}
              />
            </span>
            {server.enabled ? 'Enabled' : 'Disabled'}
          </button>
          <Button variant="ghost" disabled={busy} onClick={() => setConfirmDelete(true)}>
            <TrashIcon width={14} height={14} /> Delete
          </Button>
        </div>
      </div>

      {statusError || actionError || error ? (
        <div className="space-y-2 border-b border-zinc-200 px-5 py-2 dark:border-zinc-800">
          {statusError ? (
            <Banner tone={state === 'degraded' ? 'warning' : 'error'}>
              <p data-testid="mcp-status-error">{statusError.message}</p>
              {statusError.hint ? <p className="opacity-80">{statusError.hint}</p> : null}
              {status.signInNeeded ? <SignInButton serverId={server.id} /> : null}
              {status.nextRestartAt ? (
                <p className="opacity-80">
                  Restarting automatically at {formatTime(status.nextRestartAt)}.
                </p>
              ) : null}
            </Banner>
          ) : null}
          {actionError && actionError.message !== statusError?.message ? (
            <Banner
              tone="error"
              actions={
                <Button variant="ghost" onClick={() => clearActionError(server.id)}>
                  Dismiss
                </Button>
              }
            >
              <p>{actionError.message}</p>
              {actionError.hint ? <p className="opacity-80">{actionError.hint}</p> : null}
            </Banner>
          ) : null}
          {error ? <Banner tone="error">{error}</Banner> : null}
        </div>
      ) : null}

      <Tabs
        label="Server details"
        idPrefix="mcp-detail"
        tabs={tabs}
        current={current}
        onSelect={(id) => navigate('mcp', server.id, id)}
      />
      <div
        {...tabPanelProps('mcp-detail', current)}
        className="min-h-0 flex-1 overflow-y-auto px-5 outline-none"
      >
        <div className={current === 'logs' ? 'flex h-full flex-col' : 'mx-auto max-w-4xl'}>
          {current === 'overview' ? <OverviewPanel view={view} /> : null}
          {current === 'tools' ? <ToolsPanel view={view} /> : null}
          {current === 'resources' ? <ResourcesPanel view={view} /> : null}
          {current === 'prompts' ? <PromptsPanel view={view} /> : null}
          {current === 'logs' ? <LogsPanel serverId={server.id} live={live} /> : null}
          {current === 'metrics' ? <MetricsPanel serverId={server.id} /> : null}
          {current === 'settings' ? (
            <ServerForm key={server.id} base={server} onSaved={() => undefined} />
          ) : null}
        </div>
      </div>

      {confirmDelete ? (
        <ConfirmDialog
          title={`Delete “${server.name}”?`}
          confirmLabel="Delete server"
          danger
          busy={busy}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void run(async () => {
              await remove(server.id);
              navigate('mcp');
            });
          }}
        >
          The server is stopped and removed, and agents lose its tools. This cannot be undone.
          <AgentsUsing kind="mcp-server" id={server.id} />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
