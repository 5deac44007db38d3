import { useEffect, useRef } from 'react';
import type { InboxItem } from '@shared/entities/automation';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { href, useRoute } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { cx } from '../../ui/cx';
import { EmptyState } from '../../ui/EmptyState';
import { InboxIcon } from '../../ui/icons';
import { Markdown } from '../../ui/Markdown';
import { StatusDot } from '../../ui/StatusDot';
import { formatInZone, statusLooks } from '../automations/describe';
import { formatWhen } from '../runs/format';
import { useInbox } from './use-inbox';

function ItemView({ item }: { item: InboxItem }) {
  const api = useApi();
  const run = useLoader(
    () => (item.runId ? api.call('runs.get', { runId: item.runId }) : Promise.resolve(null)),
    [api, item.runId],
  );
  return (
    <article aria-label={item.title} className="flex h-full flex-col">
      <div className="flex min-h-11 shrink-0 flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-5 py-1.5 dark:border-zinc-800">
        <div className="flex min-w-0 items-center gap-3">
          <h2 className="truncate text-[13px] font-semibold">{item.title}</h2>
          <StatusDot status={item.status} look={statusLooks[item.status]} />
        </div>
        <div className="flex gap-3 text-[13px]">
          <a
            href={href('automations', item.automationId)}
            className="text-zinc-600 hover:underline dark:text-zinc-400"
          >
            {item.automationName}
          </a>
          {run.data ? (
            <a
              href={href('runs', run.data.agentId, run.data.id)}
              className="text-indigo-600 hover:underline dark:text-indigo-400"
            >
              Open run
            </a>
          ) : null}
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-5">
        <p className="mb-3 text-[11px] text-zinc-500 dark:text-zinc-400">
          {formatInZone(item.createdAt)}
        </p>
        <Markdown text={item.body || '_No output._'} data-testid="inbox-body" />
      </div>
    </article>
  );
}

/** `#/inbox`: results of automations' runs, unread in bold; `#/inbox/<item>` opens one and marks it read. */
export function InboxPage() {
  const [selectedId] = useRoute().rest;
  const { items, error, loading, reload, markRead } = useInbox();
  const selected = items.find((item) => item.id === selectedId);
  const unread = items.filter((item) => item.unread).length;

  const marked = useRef(new Set<string>());
  useEffect(() => {
    if (!selected?.unread || marked.current.has(selected.id)) return;
    marked.current.add(selected.id);
    void markRead([selected.id]).catch(() => marked.current.delete(selected.id));
  }, [selected?.id, selected?.unread, markRead]);

  if (!loading && !error && !items.length)
    return (
      <EmptyState icon={<InboxIcon />} title="The inbox is empty">
        Results of automations' runs arrive here, unread until you open them. Set up an automation
        on the Automations page.
      </EmptyState>
    );

  return (
    <div className="flex h-full">
      <aside
        aria-label="Inbox items"
        className="flex w-80 shrink-0 flex-col border-r border-zinc-200 dark:border-zinc-800"
      >
        <div className="flex h-11 shrink-0 items-center justify-between border-b border-zinc-200 px-3 dark:border-zinc-800">
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{unread} unread</span>
          <Button variant="ghost" disabled={!unread} onClick={() => void markRead(undefined)}>
            Mark all read
          </Button>
        </div>
        {error ? (
          <div className="p-2">
            <Banner tone="error" actions={<Button onClick={reload}>Retry</Button>}>
              {error.message}
            </Banner>
          </div>
        ) : null}
        <ul className="min-h-0 flex-1 space-y-px overflow-y-auto p-1.5">
          {items.map((item) => (
            <li key={item.id} data-testid="inbox-item" data-unread={item.unread}>
              <a
                href={href('inbox', item.id)}
                aria-current={item.id === selectedId ? 'true' : undefined}
                className={cx(
                  'block rounded-md px-2.5 py-1.5 focus-visible:outline-2 focus-visible:outline-indigo-500',
                  item.id === selectedId
                    ? 'bg-indigo-50 dark:bg-indigo-500/15'
                    : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60',
                )}
              >
                <div className="flex items-center gap-2">
                  <StatusDot status={item.status} look={statusLooks[item.status]} compact />
                  <span
                    className={cx(
                      'min-w-0 flex-1 truncate text-[13px]',
                      item.unread
                        ? 'font-semibold text-zinc-900 dark:text-zinc-50'
                        : 'text-zinc-700 dark:text-zinc-300',
                    )}
                  >
                    {item.title}
                  </span>
                  {item.unread ? <span className="sr-only">(unread)</span> : null}
                </div>
                <div className="mt-0.5 flex gap-2 pl-3.5 text-[11px] text-zinc-500 dark:text-zinc-400">
                  <span className="tabular-nums">{formatWhen(item.createdAt)}</span>
                  <span className="truncate">{item.automationName}</span>
                </div>
              </a>
            </li>
          ))}
        </ul>
      </aside>
      <div className="min-w-0 flex-1">
        {selected ? (
          <ItemView key={selected.id} item={selected} />
        ) : (
          <p className="p-5 text-xs text-zinc-500 dark:text-zinc-400">
            {loading ? 'Loading the inbox…' : 'Choose an item to read it.'}
          </p>
        )}
      </div>
    </div>
  );
}
