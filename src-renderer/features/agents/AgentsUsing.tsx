import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';

/**
 * Which agents use an MCP server, a knowledge base or (as a delegate) an agent, for the confirmation before deleting it:
 * they keep the reference and show it as missing until it is removed from them.
 */
export function AgentsUsing({ kind, id }: { kind: 'mcp-server' | 'knowledge-base' | 'agent'; id: string }) {
  const api = useApi();
  const users = useLoader(() => api.call('agents.usedBy', { kind, id }), [api, kind, id]);
  const names = (users.data ?? []).map((a) => a.name);
  if (!names.length) return null;
  return (
    <p className="mt-2 text-amber-700 dark:text-amber-300" role="status">
      Used by {names.length === 1 ? 'the agent' : `${names.length} agents`}: {names.join(', ')}. They will show it as
      missing until you remove it from them.
    </p>
  );
}
