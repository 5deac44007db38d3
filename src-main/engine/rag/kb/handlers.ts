import { isThreadKnowledgeBase } from '@shared/entities/attachment';
import type { knowledgeMethods } from '@shared/api/knowledge';
import type { HandlerSlice } from '../../handlers';
import type { KnowledgeBaseService } from './service';

export function knowledgeHandlers(kb: KnowledgeBaseService): HandlerSlice<typeof knowledgeMethods> {
  return {
    'kb.list': async ({ includeThreads }) => {
      const all = await kb.list();
      return includeThreads ? all : all.filter((k) => !isThreadKnowledgeBase(k));
    },
    'kb.get': ({ id }) => kb.get(id),
    'kb.create': (input) => kb.create(input),
    'kb.update': ({ id, patch, expectedRevision }) => kb.update(id, patch, expectedRevision),
    'kb.delete': async ({ id }) => ({ deleted: await kb.delete(id) }),
    'kb.search': (input, ctx) => kb.search(input, ctx.signal),
    'kb.documents': ({ kbId, tag, status, limit, offset }) =>
      kb.listDocuments(kbId, { tag, status, limit, offset }),
    'kb.document': ({ id }) => kb.document(id),
  };
}
