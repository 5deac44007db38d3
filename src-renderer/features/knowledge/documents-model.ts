import type { EventPayload } from '@shared/api/index';
import type { KbDocument } from '@shared/api/knowledge';

export type DocumentStatusFilter = KbDocument['status'] | 'all';

export interface DocumentPage {
  documents: KbDocument[];
  total: number;
}

/** Applies a `kb.document.changed` event to a loaded page of one knowledge base's documents. */
export function applyDocumentChange(
  page: DocumentPage,
  event: EventPayload<'kb.document.changed'>,
  kbId: string,
  status: DocumentStatusFilter,
): DocumentPage {
  if (event.kbId !== kbId) return page;
  const id = event.kind === 'deleted' ? event.id : event.document.id;
  const index = page.documents.findIndex((d) => d.id === id);
  const keep = event.kind === 'upserted' && (status === 'all' || event.document.status === status);
  if (event.kind === 'upserted' && keep) {
    if (index >= 0) {
      const documents = [...page.documents];
      documents[index] = event.document;
      return { ...page, documents };
    }
    return { documents: [event.document, ...page.documents], total: page.total + 1 };
  }
  if (index < 0) return page;
  return {
    documents: page.documents.filter((d) => d.id !== id),
    total: Math.max(0, page.total - 1),
  };
}

/** Documents whose title or path contain the text. */
export function filterDocuments(documents: readonly KbDocument[], text: string): KbDocument[] {
  const q = text.trim().toLowerCase();
  if (!q) return [...documents];
  return documents.filter(
    (d) => d.title.toLowerCase().includes(q) || d.path.toLowerCase().includes(q),
  );
}
