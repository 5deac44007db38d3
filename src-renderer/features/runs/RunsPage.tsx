import { useReconnected } from '../../api/connection';
import { href, useRoute } from '../../app/route';
import { PlayIcon } from '../../ui/icons';
import { AgentsLoadError, NoAgentsYet } from '../agents/NoAgentsYet';
import { useAgentList } from '../agents/store';
import { ModelSetupNotice } from './ModelSetupNotice';
import { RunHistory } from './RunHistory';
import { RunView } from './RunView';
import { runsStoreFor } from './store';
import { useApi } from '../../api/context';

/** `#/runs` lists recent runs; `#/runs/<agent>` runs an agent; `#/runs/<agent>/<run>` shows a run. */
export function RunsPage() {
  const { rest } = useRoute();
  const [agentId, runId] = rest;
  const api = useApi();
  const { agents, byId, status, error, reload: reloadAgents } = useAgentList();
  useReconnected(() => runsStoreFor(api).getState().resync());
  const loaded = status === 'ready' || agents.length > 0;

  if (status === 'error' && !agents.length) {
    return <AgentsLoadError error={error} onRetry={() => void reloadAgents()} />;
  }

  if (loaded && !agents.length && !agentId) {
    return (
      <div className="flex h-full flex-col">
        <ModelSetupNotice />
        <NoAgentsYet icon={<PlayIcon />} title="No agents to run yet">
          Start from a template or build an agent, then run it here and watch every step live.
        </NoAgentsYet>
      </div>
    );
  }

  return (
    <div className="flex h-full">
      <RunHistory agents={agents} agentId={agentId} selectedRunId={runId} />
      <div className="min-w-0 flex-1">
        {agentId ? (
          <RunView key={agentId} agentId={agentId} agent={byId[agentId]} runId={runId} />
        ) : (
          <div className="flex h-full flex-col">
            <ModelSetupNotice />
            <div className="min-h-0 flex-1 overflow-y-auto p-5">
              <h2 className="mb-2 text-[13px] font-semibold">Run an agent</h2>
              {loaded ? (
                <ul
                  aria-label="Agents to run"
                  className="max-w-2xl divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
                >
                  {agents.map((agent) => (
                    <li key={agent.id}>
                      <a
                        href={href('runs', agent.id)}
                        className="flex items-center gap-3 px-3 py-2 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-900"
                      >
                        <PlayIcon width={14} height={14} className="shrink-0 text-indigo-500" />
                        <span className="min-w-0 flex-1">
                          <span className="block truncate text-[13px] font-medium">
                            {agent.name}
                          </span>
                          {agent.description ? (
                            <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
                              {agent.description}
                            </span>
                          ) : null}
                        </span>
                        <span className="shrink-0 font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
                          {agent.model.provider}/{agent.model.model}
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-xs text-zinc-500">Loading agents…</p>
              )}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
