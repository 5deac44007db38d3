import type { AgentReferenceProblem } from '@shared/api/agents';
import type { Agent } from '@shared/entities/agent';
import { href } from '../../app/route';
import { cx } from '../../ui/cx';

export interface AgentFilter {
  query: string;
  tag: string;
}

/** Agents whose name, description, model or tags contain the query, and that carry the tag. */
export function filterAgents(agents: readonly Agent[], { query, tag }: AgentFilter): Agent[] {
  const q = query.trim().toLowerCase();
  return agents.filter(
    (agent) =>
      (!tag || agent.tags.includes(tag)) &&
      (!q ||
        [agent.name, agent.description, agent.model.model, ...agent.tags].some((text) =>
          text.toLowerCase().includes(q),
        )),
  );
}

export function allTags(agents: readonly Agent[]): string[] {
  return [...new Set(agents.flatMap((a) => a.tags))].sort((a, b) => a.localeCompare(b));
}

export function AgentList({
  agents,
  selectedId,
  problems,
}: {
  agents: readonly Agent[];
  selectedId: string | undefined;
  /** Dangling references per agent id (`agents.problems`). */
  problems?: Record<string, AgentReferenceProblem[]> | undefined;
}) {
  return (
    <ul aria-label="Agents" className="space-y-px p-1.5">
      {agents.map((agent) => {
        const selected = agent.id === selectedId;
        const missing = problems?.[agent.id] ?? [];
        return (
          <li key={agent.id} data-testid="agent-item" data-agent-id={agent.id}>
            <a
              href={href('agents', agent.id)}
              aria-current={selected ? 'true' : undefined}
              className={cx(
                'block rounded-md px-2.5 py-2 focus-visible:outline-2 focus-visible:outline-indigo-500',
                selected
                  ? 'bg-indigo-50 dark:bg-indigo-500/15'
                  : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60',
              )}
            >
              <div className="flex items-baseline justify-between gap-2">
                <span className="truncate text-[13px] font-medium text-zinc-900 dark:text-zinc-100">
                  {agent.name}
                </span>
                <span className="flex shrink-0 items-baseline gap-1.5">
                  {missing.length ? (
                    <span
                      className="text-[11px] font-medium text-amber-700 dark:text-amber-300"
                      title={missing.map((p) => p.message).join('\n')}
                      data-testid="agent-problems"
                    >
                      ⚠ {missing.length} missing
                    </span>
                  ) : null}
                  <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
                    {agent.model.model}
                  </span>
                </span>
              </div>
              {agent.description ? (
                <p className="mt-0.5 truncate text-xs text-zinc-500 dark:text-zinc-400">
                  {agent.description}
                </p>
              ) : null}
              {agent.tags.length ? (
                <div className="mt-1 flex flex-wrap gap-1">
                  {agent.tags.map((tag) => (
                    <span
                      key={tag}
                      className="rounded bg-zinc-100 px-1.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
                    >
                      {tag}
                    </span>
                  ))}
                </div>
              ) : null}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
