import type { agentMethods } from '@shared/api/agents';
import type { HandlerSlice } from '../handlers';
import type { AgentService } from './service';

export function agentHandlers(agents: AgentService): HandlerSlice<typeof agentMethods> {
  return {
    'agents.list': (input) => agents.list(input),
    'agents.get': ({ id }) => agents.get(id),
    'agents.create': (input) => agents.create(input),
    'agents.update': ({ id, patch, expectedRevision }) => agents.update(id, patch, expectedRevision),
    'agents.duplicate': ({ id }) => agents.duplicate(id),
    'agents.delete': async ({ id }) => ({ deleted: await agents.delete(id) }),
    'agents.revisions': ({ id }) => agents.revisions(id),
    'agents.revision': ({ id, revision }) => agents.revision(id, revision),
    'agents.restore': ({ id, revision }) => agents.restore(id, revision),
    'agents.problems': () => agents.problems(),
    'agents.usedBy': ({ kind, id }) => agents.usedBy(kind, id),
  };
}
