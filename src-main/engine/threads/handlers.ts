import type { threadMethods } from '@shared/api/threads';
import type { HandlerSlice } from '../handlers';
import type { RunService } from '../runtime/service';
import { replayLastTurn } from './replay';
import type { ThreadService } from './service';

export function threadHandlers(deps: { threads: ThreadService; runs: RunService }): HandlerSlice<typeof threadMethods> {
  const { threads, runs } = deps;
  return {
    'threads.list': ({ agentId, query, includeArchived, limit, offset }) =>
      threads.list({ includeArchived, limit, ...(offset ? { offset } : {}), ...(agentId ? { agentId } : {}), ...(query ? { query } : {}) }),
    'threads.get': ({ threadId }) => threads.detail(threadId),
    'threads.create': ({ agentId, title }) => threads.create(agentId, title),
    'threads.update': ({ threadId, title, pinned, archived }) =>
      threads.update(threadId, { ...(title !== undefined ? { title } : {}), ...(pinned !== undefined ? { pinned } : {}), ...(archived !== undefined ? { archived } : {}) }),
    'threads.delete': async ({ threadId }) => {
      const thread = await threads.get(threadId);
      await runs.cancelThread(thread.id);
      return threads.delete(thread.id);
    },
    'threads.regenerate': ({ threadId, options }) => replayLastTurn(deps, threadId, undefined, options),
    'threads.editLast': ({ threadId, input, options, attachments }) => replayLastTurn(deps, threadId, input, options, attachments),
  };
}
