import { useEffect, useState } from 'react';
import type { Agent } from '@shared/entities/agent';
import { toAppError } from '../../api/core';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { inputClass } from '../../ui/Field';
import { PlusIcon } from '../../ui/icons';
import { smallSelectClass } from '../mcp/styles';
import { listKey, useThreads } from './store';
import { ThreadItem } from './ThreadItem';

export interface ThreadSidebarProps {
  agents: readonly Agent[];
  agentId: string;
  threadId: string | undefined;
}

/**
 * The chat sidebar: which agent, a new chat, a search, whether to show archived threads, and the
 * agent's threads (pinned first), a page at a time.
 */
export function ThreadSidebar({ agents, agentId, threadId }: ThreadSidebarProps) {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const list = useThreads((s) => s.lists[listKey(agentId, search, showArchived)]);
  const threads = useThreads((s) => s.threads);
  const loadList = useThreads((s) => s.loadList);
  const loadMore = useThreads((s) => s.loadMore);
  const setArchived = useThreads((s) => s.setArchived);
  const rename = useThreads((s) => s.rename);
  const setPinned = useThreads((s) => s.setPinned);
  const remove = useThreads((s) => s.remove);

  // Searches once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(query.trim()), 250);
    return () => clearTimeout(timer);
  }, [query]);
  useEffect(() => {
    void loadList(agentId, search, showArchived);
  }, [agentId, search, showArchived, loadList]);

  const target = deleting ? threads[deleting] : undefined;
  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await remove(deleting);
      if (deleting === threadId) navigate('chat', agentId);
      setDeleting(null);
      setDeleteError(null);
    } catch (error) {
      setDeleteError(toAppError(error).message);
    }
  };

  return (
    <aside
      aria-label="Threads"
      className="flex w-64 shrink-0 flex-col border-r border-zinc-200 dark:border-zinc-800"
    >
      <div className="space-y-2 border-b border-zinc-200 p-2.5 dark:border-zinc-800">
        <label htmlFor="chat-agent" className="sr-only">
          Agent
        </label>
        <select
          id="chat-agent"
          className={`${smallSelectClass} w-full`}
          value={agentId}
          onChange={(e) => navigate('chat', e.target.value)}
        >
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
          {!agents.some((a) => a.id === agentId) ? (
            <option value={agentId}>Deleted agent</option>
          ) : null}
        </select>
        <Button
          variant="primary"
          className="w-full justify-center"
          onClick={() => navigate('chat', agentId)}
        >
          <PlusIcon width={14} height={14} /> New chat
        </Button>
        <label htmlFor="thread-search" className="sr-only">
          Search threads
        </label>
        <input
          id="thread-search"
          type="search"
          placeholder="Search threads…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className={`${inputClass} h-7 text-[13px]`}
        />
        <Checkbox
          id="thread-show-archived"
          label="Show archived"
          checked={showArchived}
          onChange={setShowArchived}
        />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {list?.status === 'error' ? (
          <div className="p-2">
            <Banner
              tone="error"
              actions={
                <Button onClick={() => void loadList(agentId, search, showArchived)}>Retry</Button>
              }
            >
              {list.error?.message}
            </Banner>
          </div>
        ) : null}
        {list?.ids.length ? (
          <ul aria-label="Threads of this agent" className="space-y-px p-1.5">
            {list.ids.map((id) => {
              const thread = threads[id];
              return thread ? (
                <ThreadItem
                  key={id}
                  thread={thread}
                  selected={id === threadId}
                  onRename={(title) => rename(id, title)}
                  onTogglePin={() => setPinned(id, !thread.pinned)}
                  onToggleArchive={() => setArchived(id, !thread.archived)}
                  onDelete={() => setDeleting(id)}
                />
              ) : null;
            })}
          </ul>
        ) : null}
        {list?.hasMore && list.status === 'ready' && list.ids.length > 0 ? (
          <div className="px-1.5 pb-2">
            <Button
              variant="ghost"
              className="w-full justify-center"
              disabled={list.loadingMore}
              onClick={() => void loadMore(agentId, search, showArchived)}
            >
              {list.loadingMore ? 'Loading more…' : 'Load more'}
            </Button>
          </div>
        ) : null}
        {list?.ids.length ? null : (
          <p className="px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">
            {!list || list.status === 'loading'
              ? 'Loading threads…'
              : search
                ? 'No thread matches.'
                : 'No threads yet.'}
          </p>
        )}
      </div>
      {deleting ? (
        <ConfirmDialog
          title="Delete this thread?"
          confirmLabel="Delete"
          danger
          onConfirm={() => void confirmDelete()}
          onCancel={() => {
            setDeleting(null);
            setDeleteError(null);
          }}
        >
          <p>
            “{target?.title ?? 'This thread'}” and its {target?.runCount ?? 0} run
            {target?.runCount === 1 ? '' : 's'}, with their traces, will be deleted.
          </p>
          {deleteError ? (
            <p role="alert" className="mt-2 text-red-600 dark:text-red-400">
              {deleteError}
            </p>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </aside>
  );
}
