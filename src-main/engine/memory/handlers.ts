import type { memoryMethods } from '@shared/api/memory';
import type { AgentService } from '../agents/service';
import type { HandlerSlice } from '../handlers';
import type { ConversationService } from './conversation';
import type { MemoryService } from './service';

export function memoryHandlers(deps: {
  memory: MemoryService;
  conversations: ConversationService;
  agents: AgentService;
}): HandlerSlice<typeof memoryMethods> {
  const { memory, conversations, agents } = deps;
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
    'memory.conversation': async ({ agentId }) => {
      await agents.get(agentId);
      return conversations.get(agentId);
    },
    'memory.clearConversation': async ({ agentId }) => ({ cleared: await conversations.clear(agentId) }),
  };
}
