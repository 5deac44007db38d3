import { useState, type FormEvent } from 'react';
import type { KbWatch } from '@shared/api/ingest';
import type { EventPayload } from '@shared/api/index';
import type { KnowledgeBase } from '@shared/api/knowledge';
import { useApi } from '../../api/context';
import { errorText, useAction } from '../../api/use-action';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { cx } from '../../ui/cx';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { TagInput } from '../../ui/TagInput';
import { isAbsolutePath } from '../../ui/paths';
import { formatDateTime } from './format';
import { useLive } from './use-live';

/** Applies a `kb.watch.changed` event to one knowledge base's watched folders. */
export function applyWatchChange(
  watches: KbWatch[],
  event: EventPayload<'kb.watch.changed'>,
  kbId: string,
): KbWatch[] {
  if (event.kind === 'deleted') return watches.filter((w) => w.id !== event.id);
  if (event.watch.kbId !== kbId) return watches;
  const index = watches.findIndex((w) => w.id === event.watch.id);
  if (index < 0) return [...watches, event.watch];
  return watches.map((w, i) => (i === index ? event.watch : w));
}

/** The Watched folders tab: folders whose files are kept ingested as they change. */
export function WatchPanel({ kb }: { kb: KnowledgeBase }) {
  const api = useApi();
  const watches = useLive(
    () => api.call('kb.watch.list', { kbId: kb.id }),
    'kb.watch.changed',
    (list, event) => applyWatchChange(list, event, kb.id),
    [kb.id],
  );
  const [path, setPath] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [pathError, setPathError] = useState<string | undefined>();
  const { busy, error, run: act } = useAction();
  const [removing, setRemoving] = useState<KbWatch | null>(null);

  // A problem with the path shows at the path field.
  const run = (action: () => Promise<unknown>) =>
    act(action, (e) => {
      const issue = e.issues?.find((i) => i.path[0] === 'path');
      if (!issue) return errorText(e);
      setPathError(issue.message);
      return null;
    });

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const folder = path.trim();
    if (!isAbsolutePath(folder))
      return setPathError('Give the full path of a folder on the server, from the root.');
    setPathError(undefined);
    const ok = await run(async () => {
      const watch = await api.call('kb.watch.add', { kbId: kb.id, path: folder, tags });
      watches.update((list) => applyWatchChange(list, { kind: 'upserted', watch }, kb.id));
    });
    if (ok) {
      setPath('');
      setTags([]);
    }
  };

  const list = watches.data ?? [];
  return (
    <div className="mx-auto max-w-4xl space-y-4 py-4">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        A watched folder is ingested now, and then kept in step: new and changed files are added,
        deleted ones removed. Paths are on the machine the engine runs on.
      </p>
      <form
        onSubmit={add}
        noValidate
        aria-label="Watch a folder"
        className="grid items-start gap-3 sm:grid-cols-[1fr_14rem_auto]"
      >
        <Field id="kb-watch-path" label="Folder" error={pathError}>
          <input
            {...describedBy('kb-watch-path', pathError)}
            className={`${inputClass} font-mono text-xs`}
            placeholder="/home/me/Documents/handbook"
            spellCheck={false}
            value={path}
            onChange={(e) => {
              setPath(e.target.value);
              setPathError(undefined);
            }}
          />
        </Field>
        <Field id="kb-watch-tags" label="Tags">
          <TagInput id="kb-watch-tags" tags={tags} onChange={setTags} placeholder="optional" />
        </Field>
        <Button type="submit" variant="primary" className="sm:mt-5" disabled={busy || !path.trim()}>
          Watch folder
        </Button>
      </form>
      {error ? <Banner tone="error">{error}</Banner> : null}
      {watches.error ? (
        <Banner tone="error" actions={<Button onClick={watches.reload}>Retry</Button>}>
          Could not load the watched folders: {watches.error.message}
        </Banner>
      ) : null}

      {watches.data && !list.length ? (
        <p className="rounded-md border border-zinc-200 px-3 py-6 text-center text-[13px] text-zinc-500 dark:border-zinc-800">
          No watched folders.
        </p>
      ) : null}
      {list.length ? (
        <ul
          aria-label="Watched folders"
          className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800/70 dark:border-zinc-800"
        >
          {list.map((watch) => (
            <li
              key={watch.id}
              className="flex items-start gap-3 px-3 py-2"
              data-testid="kb-watch"
              data-status={watch.status}
            >
              <span
                className={cx(
                  'mt-1.5 size-2 shrink-0 rounded-full',
                  watch.status === 'watching' ? 'bg-emerald-500' : 'bg-red-500',
                )}
                aria-hidden="true"
              />
              <div className="min-w-0 flex-1">
                <p className="font-mono text-xs break-all">{watch.path}</p>
                <p className="text-[11px] text-zinc-500 dark:text-zinc-400">
                  {watch.status === 'watching' ? 'Watching' : 'Not readable'}
                  {watch.lastScanAt ? ` · last scan ${formatDateTime(watch.lastScanAt)}` : ''}
                  {watch.tags.length ? ` · tags: ${watch.tags.join(', ')}` : ''}
                </p>
                {watch.error ? (
                  <p className="text-xs text-red-600 dark:text-red-400">{watch.error}</p>
                ) : null}
              </div>
              <Button
                variant="ghost"
                disabled={busy}
                onClick={() => setRemoving(watch)}
                aria-label={`Stop watching ${watch.path}`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}

      {removing ? (
        <ConfirmDialog
          title="Stop watching this folder?"
          confirmLabel="Stop watching"
          busy={busy}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const watch = removing;
            setRemoving(null);
            void run(async () => {
              await api.call('kb.watch.remove', { id: watch.id });
              watches.update((list) =>
                applyWatchChange(list, { kind: 'deleted', id: watch.id }, kb.id),
              );
            });
          }}
        >
          <span className="font-mono text-xs break-all">{removing.path}</span> is no longer
          followed. Documents already added from it stay until you remove them.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
