import { useState, type KeyboardEvent } from 'react';
import type { ThreadListItem } from '@shared/entities/thread';
import { toAppError } from '../../api/core';
import { href } from '../../app/route';
import { cx } from '../../ui/cx';
import { inputClass } from '../../ui/Field';
import { DownloadIcon, PencilIcon, PinIcon, TrashIcon, UploadIcon } from '../../ui/icons';
import { formatWhen } from '../runs/format';

export interface ThreadItemProps {
  thread: ThreadListItem;
  selected: boolean;
  onRename(title: string): Promise<void>;
  onTogglePin(): Promise<void>;
  onToggleArchive(): Promise<void>;
  onDelete(): void;
}

const iconButton =
  'rounded p-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100';

/**
 * One thread in the list: opens it; Rename (inline: Enter saves, Escape cancels), Pin, Archive
 * (Unarchive, for an archived one, which is marked so) and Delete beside it.
 */
export function ThreadItem({
  thread,
  selected,
  onRename,
  onTogglePin,
  onToggleArchive,
  onDelete,
}: ThreadItemProps) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(thread.title);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    const next = title.trim();
    if (!next || next === thread.title) return setEditing(false);
    try {
      await onRename(next);
      setEditing(false);
      setError(null);
    } catch (caught) {
      setError(toAppError(caught).message);
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') void save();
    if (e.key === 'Escape') {
      setTitle(thread.title);
      setEditing(false);
      setError(null);
    }
  };

  return (
    <li data-testid="thread-item" data-thread-id={thread.id} className="group relative">
      {editing ? (
        <div className="px-1.5 py-1">
          <label htmlFor={`thread-title-${thread.id}`} className="sr-only">
            Thread title
          </label>
          <input
            id={`thread-title-${thread.id}`}
            autoFocus
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => void save()}
            className={cx(inputClass, 'h-7 text-[13px]')}
          />
          {error ? (
            <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </div>
      ) : (
        <>
          <a
            href={href('chat', thread.agentId, thread.id)}
            aria-current={selected ? 'true' : undefined}
            className={cx(
              'block rounded-md py-1.5 pr-24 pl-2.5 focus-visible:outline-2 focus-visible:outline-indigo-500',
              selected
                ? 'bg-indigo-50 dark:bg-indigo-500/15'
                : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60',
            )}
          >
            <span className="flex items-center gap-1.5">
              {thread.pinned ? (
                <PinIcon
                  width={12}
                  height={12}
                  className="shrink-0 text-indigo-500"
                  aria-label="Pinned"
                />
              ) : null}
              <span className="min-w-0 flex-1 truncate text-[13px] text-zinc-900 dark:text-zinc-100">
                {thread.title}
              </span>
              {thread.archived ? (
                <span
                  data-testid="thread-archived"
                  className="shrink-0 rounded bg-zinc-200 px-1 text-[10px] text-zinc-600 dark:bg-zinc-700 dark:text-zinc-300"
                >
                  Archived
                </span>
              ) : null}
            </span>
            <span className="mt-0.5 block text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">
              {formatWhen(thread.updatedAt)}
            </span>
            {thread.match ? (
              <span
                className="mt-0.5 line-clamp-2 block text-[11px] text-zinc-600 dark:text-zinc-300"
                data-testid="thread-match"
              >
                {thread.match}
              </span>
            ) : null}
          </a>
          <div className="absolute top-1 right-1 flex opacity-0 group-focus-within:opacity-100 group-hover:opacity-100">
            <button
              type="button"
              className={iconButton}
              aria-label={`Rename “${thread.title}”`}
              onClick={() => setEditing(true)}
            >
              <PencilIcon width={13} height={13} />
            </button>
            <button
              type="button"
              className={iconButton}
              aria-label={`${thread.pinned ? 'Unpin' : 'Pin'} “${thread.title}”`}
              aria-pressed={thread.pinned}
              onClick={() => void onTogglePin().catch(() => {})}
            >
              <PinIcon width={13} height={13} />
            </button>
            <button
              type="button"
              className={iconButton}
              aria-label={`${thread.archived ? 'Unarchive' : 'Archive'} “${thread.title}”`}
              onClick={() => void onToggleArchive().catch(() => {})}
            >
              {thread.archived ? (
                <UploadIcon width={13} height={13} />
              ) : (
                <DownloadIcon width={13} height={13} />
              )}
            </button>
            <button
              type="button"
              className={iconButton}
              aria-label={`Delete “${thread.title}”`}
              onClick={onDelete}
            >
              <TrashIcon width={13} height={13} />
            </button>
          </div>
        </>
      )}
    </li>
  );
}
