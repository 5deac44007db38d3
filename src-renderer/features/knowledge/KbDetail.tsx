import { useState } from 'react';
import type { KnowledgeBase } from '@shared/api/knowledge';
import { useAction } from '../../api/use-action';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TrashIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { tabPanelProps, Tabs } from '../../ui/Tabs';
import { AskPanel } from './AskPanel';
import { DocumentsPanel } from './DocumentsPanel';
import { DocumentView } from './DocumentView';
import { plural, settingsSummary } from './format';
import { useIngest } from './ingest-store';
import { KbForm } from './KbForm';
import { useKnowledge } from './kb-store';
import { SearchPanel } from './SearchPanel';
import { WatchPanel } from './WatchPanel';
import { AgentsUsing } from '../agents/AgentsUsing';

const tabIds = ['documents', 'search', 'ask', 'folders', 'settings'] as const;
type DetailTab = (typeof tabIds)[number];
const labels: Record<DetailTab, string> = {
  documents: 'Documents',
  search: 'Search',
  ask: 'Ask',
  folders: 'Watched folders',
  settings: 'Settings',
};
const isTab = (value: string | undefined): value is DetailTab => tabIds.some((t) => t === value);

/** `#/knowledge/<id>/<tab>/…`: one knowledge base, its actions and panels. */
export function KbDetail({ kb, path }: { kb: KnowledgeBase; path: string[] }) {
  const [tab, documentId, chunk] = path;
  const current: DetailTab = isTab(tab) ? tab : 'documents';
  const remove = useKnowledge((s) => s.remove);
  const reindex = useIngest((s) => s.reindex);
  const [dialog, setDialog] = useState<'delete' | 'reindex' | null>(null);
  const [force, setForce] = useState(false);
  const { busy, error, run } = useAction();

  const tabs = tabIds.map((id) => ({
    id,
    label: labels[id],
    badge: id === 'documents' ? kb.counts.documents : undefined,
  }));

  return (
    <div className="flex h-full flex-col">
      <div className="flex h-11 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-5 dark:border-zinc-800">
        <div className="flex min-w-0 items-baseline gap-3">
          <h2 className="truncate text-[13px] font-semibold">{kb.name}</h2>
          <span
            className="shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
            data-testid="kb-detail-counts"
          >
            {plural(kb.counts.documents, 'document')} · {plural(kb.counts.chunks, 'chunk')}
            {kb.counts.failed ? (
              <span className="text-red-600 dark:text-red-400"> · {kb.counts.failed} failed</span>
            ) : null}
          </span>
        </div>
        <div className="flex shrink-0 items-center gap-1.5">
          <Button disabled={busy} onClick={() => setDialog('reindex')}>
            Re-index
          </Button>
          <Button variant="ghost" disabled={busy} onClick={() => setDialog('delete')}>
            <TrashIcon width={14} height={14} /> Delete
          </Button>
        </div>
      </div>

      <div className="space-y-2 border-b border-zinc-200 px-5 py-2 dark:border-zinc-800">
        <p className="flex min-w-0 gap-2 text-xs text-zinc-500 dark:text-zinc-400">
          <span className="shrink-0 font-mono text-[11px]" data-testid="kb-summary">
            {settingsSummary(kb)}
          </span>
          {kb.description ? (
            <span className="truncate text-zinc-600 dark:text-zinc-300" title={kb.description}>
              — {kb.description}
            </span>
          ) : null}
        </p>
        {error ? <Banner tone="error">{error}</Banner> : null}
      </div>

      <Tabs
        label="Knowledge base"
        idPrefix="kb-detail"
        tabs={tabs}
        current={current}
        onSelect={(id) => navigate('knowledge', kb.id, id)}
      />
      <div
        {...tabPanelProps('kb-detail', current)}
        className="min-h-0 flex-1 overflow-y-auto px-5 outline-none"
      >
        {current === 'documents' && documentId ? (
          <DocumentView
            key={documentId}
            kb={kb}
            documentId={documentId}
            chunkIndex={chunk === undefined ? undefined : Number(chunk)}
          />
        ) : null}
        {current === 'documents' && !documentId ? <DocumentsPanel kb={kb} /> : null}
        {current === 'search' ? <SearchPanel kb={kb} /> : null}
        {current === 'ask' ? <AskPanel kb={kb} /> : null}
        {current === 'folders' ? <WatchPanel kb={kb} /> : null}
        {current === 'settings' ? <KbForm key={kb.id} base={kb} onSaved={() => undefined} /> : null}
      </div>

      {dialog === 'delete' ? (
        <ConfirmDialog
          title={`Delete “${kb.name}”?`}
          confirmLabel="Delete knowledge base"
          danger
          busy={busy}
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            void run(async () => {
              await remove(kb.id);
              navigate('knowledge');
            });
          }}
        >
          Its {plural(kb.counts.documents, 'document')}, chunks and vectors are deleted, and agents
          lose it. Your files are not touched. This cannot be undone.
          <AgentsUsing kind="knowledge-base" id={kb.id} />
        </ConfirmDialog>
      ) : null}
      {dialog === 'reindex' ? (
        <Modal
          title={`Re-index “${kb.name}”?`}
          onClose={() => setDialog(null)}
          actions={
            <>
              <Button onClick={() => setDialog(null)}>Cancel</Button>
              <Button
                variant="primary"
                onClick={() => {
                  setDialog(null);
                  void run(async () => {
                    await reindex(kb.id, force);
                    navigate('knowledge', kb.id, 'documents');
                  });
                }}
              >
                Re-index
              </Button>
            </>
          }
        >
          <p className="mb-3">
            Every document’s file is read again: changed files are re-embedded, vanished ones
            removed.
          </p>
          <Checkbox
            id="kb-reindex-force"
            label="Re-embed unchanged files too"
            checked={force}
            onChange={setForce}
            hint="Needed after changing the chunk size. Slower."
          />
        </Modal>
      ) : null}
    </div>
  );
}
