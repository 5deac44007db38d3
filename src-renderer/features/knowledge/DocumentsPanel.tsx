import { useMemo, useState } from 'react';
import type { KbDocument, KnowledgeBase } from '@shared/api/knowledge';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { href } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { inputClass } from '../../ui/Field';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { AddFiles } from './AddFiles';
import { applyDocumentChange, filterDocuments, type DocumentStatusFilter } from './documents-model';
import { FailureNote } from './FailureNote';
import { displayPath, fileName, formatBytes, formatDateTime, plural } from './format';
import { IngestProgress } from './IngestProgress';
import { useIngest } from './ingest-store';
import { StatusPill } from './StatusPill';
import { useLive } from './use-live';

const statusOptions: { value: DocumentStatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'ready', label: 'Ready' },
  { value: 'pending', label: 'Queued' },
  { value: 'failed', label: 'Failed' },
];
const PAGE = 200;

/** The Documents tab: add files, follow their ingestion, and the documents with their state. */
export function DocumentsPanel({ kb }: { kb: KnowledgeBase }) {
  const api = useApi();
  const [status, setStatus] = useState<DocumentStatusFilter>('all');
  const [limit, setLimit] = useState(PAGE);
  const [text, setText] = useState('');
  const docs = useLive(
    () =>
      api.call('kb.documents', {
        kbId: kb.id,
        limit,
        ...(status === 'all' ? {} : { status }),
      }),
    'kb.document.changed',
    (page, event) => applyDocumentChange(page, event, kb.id, status),
    [kb.id, status, limit],
  );
  const visible = useMemo(
    () => filterDocuments(docs.data?.documents ?? [], text),
    [docs.data, text],
  );
  const total = docs.data?.total ?? 0;

  return (
    <div className="mx-auto max-w-5xl space-y-4 py-4">
      <AddFiles kb={kb} />
      <IngestProgress kbId={kb.id} />

      <section aria-label="Documents" className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="mr-auto text-[13px] font-semibold">
            Documents{' '}
            <span className="font-normal text-zinc-500 tabular-nums">{docs.data ? total : ''}</span>
          </h3>
          <label htmlFor="kb-doc-filter" className="sr-only">
            Filter documents
          </label>
          <input
            id="kb-doc-filter"
            type="search"
            placeholder="Filter by title or path"
            value={text}
            onChange={(e) => setText(e.target.value)}
            className={`${inputClass} h-7 w-56 py-0 text-xs`}
          />
          <SegmentedControl
            label="Document status"
            options={statusOptions}
            value={status}
            onChange={setStatus}
          />
        </div>
        {docs.error ? (
          <Banner tone="error" actions={<Button onClick={docs.reload}>Retry</Button>}>
            <p>Could not load the documents: {docs.error.message}</p>
            {docs.error.hint ? <p className="opacity-80">{docs.error.hint}</p> : null}
          </Banner>
        ) : null}
        {!docs.data && docs.loading ? (
          <p className="text-xs text-zinc-500">Loading documents…</p>
        ) : null}
        {docs.data && !visible.length ? (
          <p className="rounded-md border border-zinc-200 px-3 py-6 text-center text-[13px] text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            {total ? 'No documents match this filter.' : 'No documents yet: drop some files above.'}
          </p>
        ) : null}
        {visible.length ? (
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800/70 dark:border-zinc-800">
            {visible.map((doc) => (
              <DocumentRow
                key={doc.id}
                kb={kb}
                doc={doc}
                onDeleted={() =>
                  docs.update((page) =>
                    applyDocumentChange(
                      page,
                      { kind: 'deleted', kbId: kb.id, id: doc.id, path: doc.path },
                      kb.id,
                      status,
                    ),
                  )
                }
              />
            ))}
          </ul>
        ) : null}
        {docs.data && docs.data.documents.length < total && limit < 1000 ? (
          <div className="text-center">
            <Button variant="ghost" onClick={() => setLimit((n) => Math.min(1000, n + PAGE))}>
              Show more ({docs.data.documents.length} of {total})
            </Button>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function DocumentRow({
  kb,
  doc,
  onDeleted,
}: {
  kb: KnowledgeBase;
  doc: KbDocument;
  onDeleted: () => void;
}) {
  const api = useApi();
  const retryDocument = useIngest((s) => s.retryDocument);
  const [confirm, setConfirm] = useState(false);
  const { busy, error, run } = useAction();
  const title = doc.title || fileName(doc.path);

  return (
    <li
      className="px-3 py-2"
      data-testid="kb-document"
      data-document-id={doc.id}
      data-status={doc.status}
    >
      <div className="flex items-center gap-3">
        <div className="min-w-0 flex-1">
          <a
            href={href('knowledge', kb.id, 'documents', doc.id)}
            className="block truncate text-[13px] font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-100"
          >
            {title}
          </a>
          <p
            className="truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400"
            title={doc.path}
          >
            {displayPath(doc.path, kb.id)}
          </p>
        </div>
        <span className="w-14 shrink-0 text-[11px] text-zinc-500 uppercase">{doc.format}</span>
        <span className="w-20 shrink-0 text-right text-xs text-zinc-500 tabular-nums">
          {plural(doc.chunkCount, 'chunk')}
        </span>
        <span className="w-16 shrink-0 text-right text-xs text-zinc-500 tabular-nums">
          {formatBytes(doc.bytes)}
        </span>
        <span className="hidden w-28 shrink-0 text-right text-xs text-zinc-500 tabular-nums lg:block">
          {formatDateTime(doc.updatedAt)}
        </span>
        <StatusPill status={doc.status} className="w-20 shrink-0" />
        <div className="flex w-28 shrink-0 justify-end gap-1">
          {doc.status === 'failed' ? (
            <Button disabled={busy} onClick={() => void run(() => retryDocument(doc.id))}>
              Retry
            </Button>
          ) : null}
          <Button
            variant="ghost"
            aria-label={`Delete ${title}`}
            disabled={busy}
            onClick={() => setConfirm(true)}
          >
            Delete
          </Button>
        </div>
      </div>
      {doc.tags.length ? (
        <div className="mt-1 flex flex-wrap gap-1">
          {doc.tags.map((tag) => (
            <span
              key={tag}
              className="rounded bg-zinc-100 px-1.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
            >
              {tag}
            </span>
          ))}
        </div>
      ) : null}
      {doc.error ? (
        <FailureNote failure={{ ...doc.error, reason: doc.error.reason ?? '' }} advice />
      ) : null}
      {error ? <p className="mt-1 text-xs text-red-600 dark:text-red-400">{error}</p> : null}
      {confirm ? (
        <ConfirmDialog
          title={`Remove “${title}”?`}
          confirmLabel="Remove document"
          danger
          busy={busy}
          onCancel={() => setConfirm(false)}
          onConfirm={() => {
            setConfirm(false);
            void run(async () => {
              await api.call('kb.document.delete', { id: doc.id });
              onDeleted();
            });
          }}
        >
          Its chunks and vectors are deleted from this knowledge base. The file itself is not
          touched (a watched folder adds it back when it changes).
        </ConfirmDialog>
      ) : null}
    </li>
  );
}
