import { useEffect } from 'react';
import type { RelatedDocument, RelatedLink } from '@shared/api/kb-graph';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { href } from '../../app/route';
import { displayPath, fileName } from './format';
import { chunkHref } from './SearchHits';

/** Related documents asked for at once. */
const LIMIT = 10;
/** Changes to a knowledge base's documents come in bursts while it ingests: reload once they settle. */
const RELOAD_AFTER_MS = 800;

const linkKinds: Record<RelatedLink['kind'], string> = {
  markdown: 'link',
  wiki: 'wiki link',
  html: 'link',
  import: 'import',
};

function linkSummary(out: number, inn: number): string {
  if (out && inn) return '↔ linked both ways';
  return out ? '→ this document links to it' : '← it links here';
}

/** One link as a reason: its anchor text and the chunk it is in (which opens). */
function LinkReason({ link, chunk }: { link: RelatedLink; chunk: string | undefined }) {
  return (
    <li className="text-[12px] text-zinc-600 dark:text-zinc-300" data-testid="related-link">
      <span className="text-zinc-400">{linkKinds[link.kind]}</span>{' '}
      <span title={link.target}>“{link.text || link.target}”</span>
      {chunk && link.chunkIndex !== null ? (
        <>
          {' · '}
          <a
            href={chunk}
            className="text-zinc-500 hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
          >
            chunk {link.chunkIndex + 1}
          </a>
        </>
      ) : null}
    </li>
  );
}

function Related({
  kbId,
  documentId,
  item,
}: {
  kbId: string;
  documentId: string;
  item: RelatedDocument;
}) {
  const { document: doc, reasons } = item;
  const title = doc.title || fileName(doc.path);
  const { linksOut, linksIn, sharedTerms } = reasons;
  return (
    <li
      className="space-y-1 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800"
      data-testid="related-document"
    >
      <div className="flex items-baseline justify-between gap-3">
        <a
          href={href('knowledge', kbId, 'documents', doc.id)}
          className="truncate text-[13px] font-medium text-zinc-900 hover:underline dark:text-zinc-100"
        >
          {title}
        </a>
        <span
          className="shrink-0 font-mono text-[11px] text-zinc-400 tabular-nums"
          title="Relatedness: links count 1 per direction, shared terms up to 1"
        >
          {item.score.toFixed(2)}
        </span>
      </div>
      <p
        className="truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400"
        title={doc.path}
      >
        {displayPath(doc.path, kbId)}
      </p>
      {linksOut.length || linksIn.length ? (
        <div>
          <p
            className="text-[12px] font-medium text-indigo-700 dark:text-indigo-300"
            data-testid="related-linked"
          >
            {linkSummary(linksOut.length, linksIn.length)}
          </p>
          <ul>
            {linksOut.map((link, i) => (
              <LinkReason
                key={`out-${i}`}
                link={link}
                chunk={
                  link.chunkIndex === null
                    ? undefined
                    : chunkHref(kbId, documentId, link.chunkIndex)
                }
              />
            ))}
            {linksIn.map((link, i) => (
              <LinkReason
                key={`in-${i}`}
                link={link}
                chunk={
                  link.chunkIndex === null ? undefined : chunkHref(kbId, doc.id, link.chunkIndex)
                }
              />
            ))}
          </ul>
        </div>
      ) : null}
      {sharedTerms.length ? (
        <ul className="flex flex-wrap gap-1" aria-label="Shared terms">
          {sharedTerms.map((t) => (
            <li
              key={`${t.kind}:${t.term}`}
              title={`${t.kind === 'entity' ? 'Name' : 'Term'} both use · weight ${t.weight.toFixed(3)}`}
              className={
                t.kind === 'entity'
                  ? 'rounded bg-amber-50 px-1.5 text-[11px] text-amber-800 dark:bg-amber-500/15 dark:text-amber-300'
                  : 'rounded bg-zinc-100 px-1.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300'
              }
              data-testid="shared-term"
            >
              {t.term}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/**
 * "Related documents" of a document: those it links to or that link to it (with the anchor text
 * and the chunk of each link), and those sharing its key terms (as chips). Reloads when documents
 * of the knowledge base change.
 */
export function RelatedDocuments({ kbId, documentId }: { kbId: string; documentId: string }) {
  const api = useApi();
  const loaded = useLoader(
    () => api.call('kb.related', { documentId, limit: LIMIT }),
    [api, documentId],
  );
  const { reload } = loaded;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.subscribe('kb.document.changed', (event) => {
      if (event.kbId !== kbId) return;
      clearTimeout(timer);
      timer = setTimeout(reload, RELOAD_AFTER_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [api, kbId, reload]);

  const related = loaded.data?.related;
  return (
    <section aria-label="Related documents" className="space-y-2">
      <h4 className="text-[13px] font-semibold">Related documents</h4>
      {loaded.error ? (
        <p className="text-[12px] text-red-700 dark:text-red-300" role="alert">
          Could not find related documents: {loaded.error.message}
        </p>
      ) : !related ? (
        <p className="text-[12px] text-zinc-500">Finding related documents…</p>
      ) : related.length ? (
        <ul className="space-y-2">
          {related.map((item) => (
            <Related key={item.document.id} kbId={kbId} documentId={documentId} item={item} />
          ))}
        </ul>
      ) : (
        <p className="text-[12px] text-zinc-500" data-testid="related-empty">
          No related documents yet. Documents this one links to or that link to it, and those
          sharing its key terms, show here once they are ingested.
        </p>
      )}
    </section>
  );
}
