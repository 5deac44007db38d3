import { useMemo } from 'react';
import { useReconnected } from '../../api/connection';
import { navigate, useRoute } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { PlugIcon, PlusIcon } from '../../ui/icons';
import { AddServer } from './AddServer';
import { ServerDetail } from './ServerDetail';
import { ServerList } from './ServerList';
import { sortServers, useMcp } from './store';

/**
 * `#/mcp` lists the servers; `#/mcp/new/<how>` adds one; `#/mcp/<id>/<tab>` shows one.
 */
export function McpPage() {
  const { rest } = useRoute();
  const byId = useMcp((s) => s.byId);
  const status = useMcp((s) => s.status);
  const error = useMcp((s) => s.error);
  const reload = useMcp((s) => s.reload);
  useReconnected(() => void reload());

  const views = useMemo(() => sortServers(byId), [byId]);
  const [target, tab] = rest;
  const adding = target === 'new';
  const selected = target && !adding ? byId[target] : undefined;
  const loaded = status === 'ready' || views.length > 0;

  let main;
  if (status === 'error' && !views.length) {
    main = (
      <div className="p-6">
        <Banner tone="error" actions={<Button onClick={() => void reload()}>Retry</Button>}>
          <p>Could not load the MCP servers: {error?.message}</p>
          {error?.hint ? <p className="opacity-80">{error.hint}</p> : null}
        </Banner>
      </div>
    );
  } else if (loaded && !views.length && !adding) {
    main = (
      <div className="flex h-full items-center justify-center p-8">
        <div className="max-w-sm text-center">
          <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
            <PlugIcon />
          </div>
          <h2 className="text-sm font-semibold">No MCP servers yet</h2>
          <p className="mt-1 text-[13px] text-zinc-500 dark:text-zinc-400">
            MCP servers give agents tools: files, git, the web, databases. Add one from the catalog,
            paste your Claude Desktop config, or set one up by hand.
          </p>
          <Button variant="primary" className="mt-4" onClick={() => navigate('mcp', 'new')}>
            <PlusIcon width={14} height={14} /> Add your first server
          </Button>
        </div>
      </div>
    );
  } else {
    main = (
      <div className="flex h-full">
        <aside
          className="flex w-80 shrink-0 flex-col border-r border-zinc-200 dark:border-zinc-800"
          aria-label="Server list"
        >
          <div className="flex items-center justify-between gap-2 border-b border-zinc-200 p-2.5 dark:border-zinc-800">
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {views.length} server{views.length === 1 ? '' : 's'}
            </span>
            <Button variant="primary" onClick={() => navigate('mcp', 'new')}>
              <PlusIcon width={14} height={14} /> New server
            </Button>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto">
            {loaded ? (
              <ServerList views={views} selectedId={selected?.server.id} />
            ) : (
              <p className="p-4 text-xs text-zinc-500">Loading servers…</p>
            )}
          </div>
        </aside>
        <section className="min-w-0 flex-1" aria-label="Server">
          {adding ? (
            <AddServer tab={tab} />
          ) : selected ? (
            <ServerDetail key={selected.server.id} view={selected} tab={tab} />
          ) : target && loaded ? (
            <div className="p-6">
              <Banner
                tone="warning"
                actions={<Button onClick={() => navigate('mcp')}>Back to the list</Button>}
              >
                This server does not exist (any more).
              </Banner>
            </div>
          ) : (
            <div className="flex h-full items-center justify-center p-8 text-[13px] text-zinc-500 dark:text-zinc-400">
              Select a server to see its status, tools and logs.
            </div>
          )}
        </section>
      </div>
    );
  }

  return (
    <>
      {main}
    </>
  );
}
