import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ApiClient } from '@shared/api/index';
import { registerChangeNotifications } from './changes';
import { registerCompletion } from './completion';
import { registerLogging } from './logging';
import { registerAgentPrompts } from './prompts';
import { registerFactoryResources } from './resources';
import { registerFactoryTools } from './tools';

export interface FactoryServerOptions {
  version: string;
  /** Diagnostics (stderr or a log file; never stdout, which may be the protocol). */
  log?: (message: string) => void;
}

/**
 * Agent Factory as an MCP server, over any API client (in-process engine or a running app): tools
 * `list_agents`, `run_agent`, `knowledge_search`; agents and knowledge documents as resources (with
 * subscriptions); each agent as a prompt; completion of prompt arguments and template variables;
 * log messages (`logging/setLevel`); list and resource change notifications from the engine's events.
 * One instance serves one connection; make one per session.
 */
export function createFactoryMcpServer(
  client: ApiClient,
  options: FactoryServerOptions,
): McpServer {
  const server = new McpServer(
    { name: 'agent-factory', title: 'Agent Factory', version: options.version },
    {
      capabilities: {
        tools: {},
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      instructions:
        'Agent Factory runs AI agents. Use list_agents to see them and run_agent to give one a task; ' +
        'knowledge_search searches its knowledge bases. Agent definitions and knowledge documents are resources; ' +
        'each agent is also a prompt.',
    },
  );
  const notify = registerLogging(server);
  registerFactoryTools(server, client, { ...(options.log ? { log: options.log } : {}), notify });
  registerFactoryResources(server, client, options.log);
  registerAgentPrompts(server, client);
  registerCompletion(server, client, options.log);
  registerChangeNotifications(server, client);
  return server;
}
