import type { kbGraphMethods } from '@shared/api/kb-graph';
import type { HandlerSlice } from '../../handlers';
import type { KnowledgeGraphService } from './service';

export function kbGraphHandlers(graph: KnowledgeGraphService): HandlerSlice<typeof kbGraphMethods> {
  return {
    'kb.related': ({ documentId, limit }) => graph.related(documentId, limit),
    'kb.graph': ({ kbId, limit }) => graph.graph(kbId, limit),
  };
}
