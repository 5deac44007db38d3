import { useEffect, useState } from 'react';
import type { KnowledgeBase } from '@shared/api/knowledge';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { useLoader } from '../../api/use-loader';
import { href, navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ChunkCard } from './ChunkCard';
import { FailureNote } from './FailureNote';
import { displayPath, fileName, formatBytes, formatDateTime, plural } from './format';
import { useIngest } from './ingest-store';
import { RelatedDocuments } from './RelatedDocuments';
import { chunkHref } from './SearchHits';
import { StatusPill } from './StatusPill';

/** Chunks rendered at first; the rest on request (and always up to the one asked for). */
const FIRST_CHUNKS = 200;

/** `#/knowledge/<kb>/documents/<id>/<chunk>`: one document with its chunks; the chunk is ringed. */
export function DocumentView({
  kb,
  documentId,
  chunkIndex,
}: {
  kb: KnowledgeBase;
  documentId: string;
  chunkIndex: number | undefined;
}) {
  const api = useApi();
  const retryDocument = useIngest((s) => s.retryDocument);
  const loaded = useLoader(() => api.call('kb.document', { id: documentId }), [api, documentId]);
  const { reload } = loaded;
  const [showAll, setShowAll] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Re-ingested or removed elsewhere: show what is there now.
  useEffect(
    () =>
      api.subscribe('kb.document.changed', (event) => {
        if ((event.kind === 'deleted' ? event.id : event.document.id) === documentId) reload();
      }),
    [api, documentId, reload],
  );

  const selectedId = chunkIndex === undefined ? undefined : `kb-chunk-${chunkIndex}`;
  const chunks = loaded.data?.chunks;
  useEffect(() => {
    if (selectedId && chunks)
      document.getElementById(selectedId)?.scrollIntoView?.({ block: 'start' });
  }, [selectedId, chunks]);

  const back = (
    <a
      href={href('knowledge', kb.id, 'documents')}
      className="text-xs text-zinc-500 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100"
    >
      ← All documents
    </a>
  );

  if (loaded.error) {
    return (
      <div className="mx-auto max-w-4xl space-y-3 py-4">
        {back}
        <Banner
          tone={loaded.error.code === 'NOT_FOUND' ? 'warning' : 'error'}
          actions={<Button onClick={reload}>Retry</Button>}
        >
          <p>
            {loaded.error.code === 'NOT_FOUND'
              ? 'This document is no longer in the knowledge base.'
              : `Could not load the document: ${loaded.error.message}`}
          </p>
          {loaded.error.hint ? <p className="opacity-80">{loaded.error.hint}</p> : null}
        </Banner>
      </div>
    );
  }
  if (!loaded.data) return <p className="py-4 text-xs text-zinc-500">Loading the document…</p>;

  const { document: doc } = loaded.data;
  const all = loaded.data.chunks;
  const shown = showAll ? all.length : Math.max(FIRST_CHUNKS, (chunkIndex ?? 0) + 1);
  const title = doc.title || fileName(doc.path);

  return (
    <div
      className="mx-auto max-w-4xl space-y-3 py-4"
      aria-label={`Document ${title}`}
      role="region"
    >
      {back}
      <div className="space-y-1">
        <div className="flex items-center justify-between gap-3">
          <h3 className="truncate text-sm font-semibold" data-testid="document-title">
            {title}
          </h3>
          <StatusPill status={doc.status} />
        </div>
        <p
          className="font-mono text-[11px] break-all text-zinc-500 dark:text-zinc-400"
          title={doc.path}
          data-testid="document-path"
        >
          {displayPath(doc.path, doc.kbId)}
        </p>
        <p className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {doc.format.toUpperCase()} · {formatBytes(doc.bytes)} · {plural(all.length, 'chunk')} ·
          updated {formatDateTime(doc.updatedAt)}
          {doc.tags.length ? ` · tags: ${doc.tags.join(', ')}` : ''}
        </p>
        {doc.error ? (
          <FailureNote
            failure={{ ...doc.error, reason: doc.error.reason ?? '' }}
            advice
            actions={
              <Button
                onClick={() =>
                  void retryDocument(doc.id).then(
                    () => navigate('knowledge', kb.id, 'documents'),
                    (e: unknown) => setError(toAppError(e).message),
                  )
                }
              >
                Retry
              </Button>
            }
          />
        ) : null}
        {error ? <Banner tone="error">{error}</Banner> : null}
      </div>

      <RelatedDocuments kbId={kb.id} documentId={doc.id} />

      {all.length ? (
        <ol className="space-y-2" aria-label="Chunks">
          {all.slice(0, shown).map((chunk) => (
            <li key={chunk.id}>
              <ChunkCard
                id={`kb-chunk-${chunk.index}`}
                chunk={chunk}
                selected={chunk.index === chunkIndex}
                header={
                  <a
                    href={chunkHref(kb.id, doc.id, chunk.index)}
                    className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
                    aria-label={`Link to chunk ${chunk.index + 1}`}
                  >
                    link
                  </a>
                }
              />
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-[13px] text-zinc-500">
          {doc.status === 'ready' ? 'This document has no text to search.' : 'No chunks yet.'}
        </p>
      )}
      {shown < all.length ? (
        <div className="text-center">
          <Button variant="ghost" onClick={() => setShowAll(true)}>
            Show all {all.length} chunks
          </Button>
        </div>
      ) : null}
    </div>
  );
}
