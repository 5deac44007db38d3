import { useEffect } from 'react';
import type { Agent } from '@shared/entities/agent';
import { href, navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { cx } from '../../ui/cx';
import { PlusIcon } from '../../ui/icons';
import { smallSelectClass } from '../mcp/styles';
import { formatWhen } from './format';
import { RunStatusBadge } from './RunStatusBadge';
import { useRuns } from './store';

export interface RunHistoryProps {
  agents: readonly Agent[];
  /** The agent whose runs are listed; undefined lists every agent's. */
  agentId: string | undefined;
  selectedRunId: string | undefined;
}

/** The runs sidebar: which agent, and its past runs (newest first), each opening its trace. */
export function RunHistory({ agents, agentId, selectedRunId }: RunHistoryProps) {
  const key = agentId ?? '';
  const history = useRuns((s) => s.history[key]);
  const runs = useRuns((s) => s.runs);
  const loadHistory = useRuns((s) => s.loadHistory);

  useEffect(() => {
    void loadHistory(agentId ?? null);
  }, [agentId, loadHistory]);

  return (
    <aside
      aria-label="Run history"
      className="flex w-64 shrink-0 flex-col border-r border-zinc-200 dark:border-zinc-800"
    >
      <div className="space-y-2 border-b border-zinc-200 p-2.5 dark:border-zinc-800">
        <label htmlFor="runs-agent" className="sr-only">
          Agent
        </label>
        <select
          id="runs-agent"
          className={`${smallSelectClass} w-full`}
          value={agentId ?? ''}
          onChange={(e) => (e.target.value ? navigate('runs', e.target.value) : navigate('runs'))}
        >
          <option value="">All agents</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
          {agentId && !agents.some((a) => a.id === agentId) ? (
            <option value={agentId}>
              {runs[history?.ids[0] ?? '']?.agentName ?? 'Deleted agent'}
            </option>
          ) : null}
        </select>
        {agentId ? (
          <Button
            variant="primary"
            className="w-full justify-center"
            onClick={() => navigate('runs', agentId)}
          >
            <PlusIcon width={14} height={14} /> New run
          </Button>
        ) : null}
      </div>
      <h3 className="px-3 pt-2.5 pb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {agentId ? 'History' : 'Recent runs'}
      </h3>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {history?.status === 'error' ? (
          <div className="p-2">
            <Banner
              tone="error"
              actions={<Button onClick={() => void loadHistory(agentId ?? null)}>Retry</Button>}
            >
              {history.error?.message}
            </Banner>
          </div>
        ) : null}
        {history?.ids.length ? (
          <ul aria-label="Runs" className="space-y-px p-1.5 pt-0">
            {history.ids.map((id) => {
              const run = runs[id];
              if (!run) return null;
              const selected = id === selectedRunId;
              return (
                <li key={id} data-testid="run-item" data-run-id={id}>
                  <a
                    href={href('runs', run.agentId, run.id)}
                    aria-current={selected ? 'true' : undefined}
                    className={cx(
                      'block rounded-md px-2.5 py-1.5 focus-visible:outline-2 focus-visible:outline-indigo-500',
                      selected
                        ? 'bg-indigo-50 dark:bg-indigo-500/15'
                        : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60',
                    )}
                  >
                    <div className="flex items-center gap-2">
                      <RunStatusBadge status={run.status} compact />
                      <span className="min-w-0 flex-1 truncate text-[13px] text-zinc-900 dark:text-zinc-100">
                        {run.input}
                      </span>
                    </div>
                    <div className="mt-0.5 flex gap-2 pl-3.5 text-[11px] text-zinc-500 dark:text-zinc-400">
                      <span className="tabular-nums">{formatWhen(run.createdAt)}</span>
                      {agentId ? null : <span className="truncate">{run.agentName}</span>}
                    </div>
                  </a>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">
            {!history || history.status === 'loading' ? 'Loading runs…' : 'No runs yet.'}
          </p>
        )}
        {history?.more ? (
          <div className="p-2">
            <Button
              variant="ghost"
              className="w-full justify-center"
              disabled={history.status === 'loading'}
              onClick={() => void loadHistory(agentId ?? null, true)}
            >
              Older runs
            </Button>
          </div>
        ) : null}
      </div>
    </aside>
  );
}
