import { z } from 'zod';
import { SearchMode, type SearchRequest, type SearchResult } from '@shared/api/knowledge';
import { AppError } from '@shared/errors';
import type { BuiltinTool } from '../../runtime/tools/builtins';
import { citedHit } from './sources';

const KnowledgeSearchArgs = z
  .object({
    query: z.string().trim().min(1).max(10_000).describe('What to look for, in words the documents would use'),
    k: z.number().int().min(1).max(20).optional().describe('How many passages at most (default 5)'),
    mode: SearchMode.optional().describe('hybrid (default): meaning and keywords; vector: meaning only; keyword: exact words'),
  })
  .strict();

/** What the tool needs: search over knowledge bases (the knowledge base service's `search`). */
export interface KnowledgeSearcher {
  search(request: SearchRequest, signal?: AbortSignal): Promise<SearchResult>;
}

/**
 * `knowledge_search`: searches the knowledge bases attached to the running agent and answers
 * numbered passages with their citations (document path, page, heading path, character offsets,
 * scores), so the model can cite them as [1], [2].
 */
export function knowledgeSearchTool(searcher: KnowledgeSearcher): BuiltinTool<typeof KnowledgeSearchArgs> {
  return {
    name: 'knowledge_search',
    description:
      "Search this agent's knowledge bases for passages relevant to a query. Answers numbered passages with their source " +
      '(document path, page, section, character offsets). Cite them as [n] in your answer.',
    args: KnowledgeSearchArgs,
    // Offered to every agent with knowledge bases whose retrieval mode includes the tool.
    implicitFor: (agent) => agent.knowledgeBaseIds.length > 0 && agent.knowledge.mode !== 'auto',
    async run(args, ctx) {
      const kbIds = ctx.agent.knowledgeBaseIds;
      if (!kbIds.length) {
        throw new AppError('CONFIG', `The agent "${ctx.agent.name}" has no knowledge bases to search.`, {
          hint: 'Attach a knowledge base to the agent, or remove knowledge_search from its tools.',
        });
      }
      const result = await searcher.search({ kbIds, query: args.query, k: args.k ?? 5, mode: args.mode ?? 'hybrid' }, ctx.signal);
      if (!result.hits.length) return JSON.stringify({ query: args.query, hits: [], note: 'Nothing relevant was found.' });
      return JSON.stringify({ query: args.query, mode: result.mode, hits: result.hits.map((hit, i) => citedHit(hit, i + 1)) });
    },
  };
}
