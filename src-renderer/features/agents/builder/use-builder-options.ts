import type { KnowledgeBase } from '@shared/api/knowledge';
import type { MethodOutput } from '@shared/api/index';
import type { McpServerView, McpTool } from '@shared/entities/mcp';
import { useApi } from '../../../api/context';
import { useLoader, type Loaded } from '../../../api/use-loader';

export type BuiltinToolInfo = MethodOutput<'runs.builtinTools'>[number];

/** What the builder offers: MCP servers (with their state), knowledge bases and built-in tools. */
export interface BuilderOptions {
  servers: Loaded<McpServerView[]>;
  knowledgeBases: Loaded<KnowledgeBase[]>;
  builtins: Loaded<BuiltinToolInfo[]>;
}

export function useBuilderOptions(): BuilderOptions {
  const api = useApi();
  return {
    servers: useLoader(() => api.call('mcp.servers.list', {}), [api]),
    knowledgeBases: useLoader(() => api.call('kb.list', {}), [api]),
    builtins: useLoader(() => api.call('runs.builtinTools', {}), [api]),
  };
}

/** A server's tools as last listed (kept while it is stopped); loaded only when `enabled`. */
export function useServerTools(serverId: string, enabled: boolean): Loaded<McpTool[]> {
  const api = useApi();
  return useLoader(() => (enabled ? api.call('mcp.servers.tools', { id: serverId }) : Promise.resolve([])), [api, serverId, enabled]);
}
