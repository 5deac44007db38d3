import type { memoryMethods } from '@shared/api/memory';
import type { AgentService } from '../agents/service';
import type { HandlerSlice } from '../handlers';
import type { ThreadService } from '../threads/service';
import type { ConversationService } from './conversation';
import type { MemoryService } from './service';

export function memoryHandlers(deps: {
  memory: MemoryService;
  conversations: ConversationService;
  agents: AgentService;
  threads: ThreadService;
}): HandlerSlice<typeof memoryMethods> {
  const { memory, conversations, agents, threads } = deps;
  return {
    'memory.list': async ({ agentId, query, limit }) => {
      await agents.get(agentId);
      return memory.list(agentId, { limit, ...(query ? { query } : {}) });
    },
    'memory.add': async ({ agentId, text }) => {
      await agents.get(agentId);
      return memory.add(agentId, text);
    },
    'memory.delete': async ({ id }) => ({ deleted: await memory.delete(id) }),
    'memory.conversation': async ({ agentId, threadId }) => {
      if (threadId) {
        const thread = await threads.get(threadId);
        return conversations.get({ threadId: thread.id, agentId: thread.agentId });
      }
      const agent = await agents.get(agentId!);
      const latest = await threads.repo.latest(agent.id);
      return latest ? conversations.get({ threadId: latest.id, agentId: agent.id }) : { agentId: agent.id, summary: null, turns: [], tokens: 0 };
    },
    'memory.clearConversation': async ({ agentId, threadId }) => ({
      cleared: threadId ? await conversations.clear((await threads.get(threadId)).id) : await conversations.clearAgent(agentId!),
    }),
  };
}
