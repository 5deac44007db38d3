import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ApiClient } from '@shared/api/index';
import { registerFactoryResources } from './resources';
import { registerFactoryTools } from './tools';

export interface FactoryServerOptions {
  version: string;
  /** Diagnostics (stderr or a log file; never stdout, which may be the protocol). */
  log?: (message: string) => void;
}

/**
 * Agent Factory as an MCP server, over any API client (in-process engine or a running app): tools
 * `list_agents`, `run_agent`, `knowledge_search`, and agents and knowledge documents as resources.
 * One instance serves one connection; make one per session.
 */
export function createFactoryMcpServer(
  client: ApiClient,
  options: FactoryServerOptions,
): McpServer {
  const server = new McpServer(
    { name: 'agent-factory', title: 'Agent Factory', version: options.version },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        'Agent Factory runs AI agents. Use list_agents to see them and run_agent to give one a task; ' +
        'knowledge_search searches its knowledge bases. Agent definitions and knowledge documents are resources.',
    },
  );
  registerFactoryTools(server, client, options.log ? { log: options.log } : {});
  registerFactoryResources(server, client, options.log);
  return server;
}
