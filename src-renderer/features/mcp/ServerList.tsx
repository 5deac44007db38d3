import type { McpServerView } from '@shared/entities/mcp';
import { href } from '../../app/route';
import { cx } from '../../ui/cx';
import { endpointSummary } from './format';
import { StatusBadge } from './StatusBadge';

/** The configured servers with their live state. */
export function ServerList({
  views,
  selectedId,
}: {
  views: readonly McpServerView[];
  selectedId: string | undefined;
}) {
  return (
    <ul aria-label="MCP servers" className="space-y-px p-1.5">
      {views.map(({ server, status }) => {
        const selected = server.id === selectedId;
        return (
          <li
            key={server.id}
            data-testid="mcp-server-item"
            data-server-id={server.id}
            data-state={status.state}
          >
            <a
              href={href('mcp', server.id)}
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
                  {server.name}
                </span>
                <StatusBadge state={status.state} className="shrink-0" />
              </div>
              <div className="mt-0.5 flex items-baseline justify-between gap-2 text-xs text-zinc-500 dark:text-zinc-400">
                <span className="truncate font-mono text-[11px]">{endpointSummary(server)}</span>
                {status.toolCount !== undefined ? (
                  <span className="shrink-0 tabular-nums">
                    {status.toolCount} tool{status.toolCount === 1 ? '' : 's'}
                  </span>
                ) : null}
              </div>
              {status.error && (status.state === 'crashed' || status.state === 'degraded') ? (
                <p
                  className="mt-0.5 truncate text-xs text-red-600 dark:text-red-400"
                  title={status.error.message}
                >
                  {status.error.message}
                </p>
              ) : null}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
