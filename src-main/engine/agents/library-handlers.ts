import type { agentTemplateMethods } from '@shared/api/agent-templates';
import type { HandlerSlice } from '../handlers';
import { exportAgent, importAgent } from './export';
import type { AgentService } from './service';
import { createFromTemplate, listTemplates } from './templates';

/** Templates, export and import of agent definitions. */
export function agentLibraryHandlers(agents: AgentService): HandlerSlice<typeof agentTemplateMethods> {
  return {
    'agents.templates': async () => listTemplates(),
    'agents.createFromTemplate': (input) => createFromTemplate(agents, input),
    'agents.export': async ({ id }) => {
      const { fileName, json } = exportAgent(await agents.get(id));
      return { fileName, json };
    },
    'agents.import': ({ json, name }) => importAgent(agents, json, name),
  };
}
