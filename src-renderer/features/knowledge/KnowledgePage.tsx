import { useMemo } from 'react';
import { useReconnected } from '../../api/connection';
import { navigate, useRoute } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { BookIcon, PlusIcon } from '../../ui/icons';
import { KbDetail } from './KbDetail';
import { KbForm } from './KbForm';
import { KbList } from './KbList';
import { sortKnowledgeBases, useKnowledge } from './kb-store';

/**
 * `#/knowledge` lists knowledge bases; `#/knowledge/new` creates one; `#/knowledge/<id>/<tab>`
 * shows one; `#/knowledge/<id>/documents/<documentId>/<chunkIndex>` opens a document at a chunk.
 */
export function KnowledgePage() {
  const { rest } = useRoute();
  const byId = useKnowledge((s) => s.byId);
  const status = useKnowledge((s) => s.status);
  const error = useKnowledge((s) => s.error);
  const reload = useKnowledge((s) => s.reload);
  useReconnected(() => void reload());

  const kbs = useMemo(() => sortKnowledgeBases(byId), [byId]);
  const [target, ...path] = rest;
  const creating = target === 'new';
  const selected = target && !creating ? byId[target] : undefined;
  const loaded = status === 'ready' || kbs.length > 0;

  if (status === 'error' && !kbs.length) {
    return (
      <div className="p-6">
        <Banner tone="error" actions={<Button onClick={() => void reload()}>Retry</Button>}>
          <p>Could not load the knowledge bases: {error?.message}</p>
          {error?.hint ? <p className="opacity-80">{error.hint}</p> : null}
        </Banner>
      </div>
    );
  }

  if (loaded && !kbs.length && !creating) {
    return (
      <div className="flex h-full items-center justify-center p-8">
        <div className="max-w-sm text-center">
          <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
            <BookIcon />
          </div>
          <h2 className="text-sm font-semibold">No knowledge bases yet</h2>
          <p className="mt-1 text-[13px] text-zinc-500 dark:text-zinc-400">
            A knowledge base indexes your documents — PDFs, Word, Markdown, HTML, code — so agents
            can search them and cite what they find. Everything stays on this machine.
          </p>
          <Button variant="primary" className="mt-4" onClick={() => navigate('knowledge', 'new')}>
            <PlusIcon width={14} height={14} /> Create your first knowledge base
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="flex h-full">
      <aside
        className="flex w-72 shrink-0 flex-col border-r border-zinc-200 dark:border-zinc-800"
        aria-label="Knowledge base list"
      >
        <div className="flex items-center justify-between gap-2 border-b border-zinc-200 p-2.5 dark:border-zinc-800">
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            {kbs.length} knowledge base{kbs.length === 1 ? '' : 's'}
          </span>
          <Button variant="primary" onClick={() => navigate('knowledge', 'new')}>
            <PlusIcon width={14} height={14} /> New
          </Button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          {loaded ? (
            <KbList kbs={kbs} selectedId={selected?.id} />
          ) : (
            <p className="p-4 text-xs text-zinc-500">Loading knowledge bases…</p>
          )}
        </div>
        {status === 'error' ? (
          <div className="border-t border-zinc-200 p-2 dark:border-zinc-800">
            <Banner tone="error" actions={<Button onClick={() => void reload()}>Retry</Button>}>
              {error?.message}
            </Banner>
          </div>
        ) : null}
      </aside>

      <section className="min-w-0 flex-1" aria-label="Knowledge base">
        {creating ? (
          <div className="flex h-full flex-col">
            <div className="flex h-11 shrink-0 items-center border-b border-zinc-200 px-5 dark:border-zinc-800">
              <h2 className="text-[13px] font-semibold">New knowledge base</h2>
            </div>
            <div className="min-h-0 flex-1 overflow-y-auto px-5">
              <KbForm
                base={undefined}
                onSaved={(kb) => navigate('knowledge', kb.id, 'documents')}
                onCancel={() => navigate('knowledge')}
              />
            </div>
          </div>
        ) : selected ? (
          <KbDetail key={selected.id} kb={selected} path={path} />
        ) : (
          <div className="flex h-full items-center justify-center p-8 text-center text-[13px] text-zinc-500 dark:text-zinc-400">
            {target && loaded
              ? 'This knowledge base no longer exists. It may have been deleted elsewhere.'
              : 'Select a knowledge base, or create a new one.'}
          </div>
        )}
      </section>
    </div>
  );
}
