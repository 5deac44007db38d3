import { AppError } from '@shared/errors';
import type { Handler } from '../handlers';
import type { AgentService } from './service';

const LISTED = 5;

/** "Researcher, Writer and 3 more". */
function namesOf(agents: readonly { name: string }[]): string {
  const names = agents.slice(0, LISTED).map((a) => `"${a.name}"`);
  const more = agents.length - names.length;
  if (more > 0) return `${names.join(', ')} and ${more} more`;
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}

/**
 * Refuses to delete what agents use (CONFLICT naming them) unless `force` is given; forced, the
 * agents keep the reference and show it as a problem (`agents.problems`) until it is fixed.
 */
export async function refuseIfUsed(
  agents: AgentService,
  kind: 'mcp-server' | 'knowledge-base',
  id: string,
  force: boolean | undefined,
): Promise<void> {
  if (force) return;
  const users = await agents.usedBy(kind, id);
  if (!users.length) return;
  const what = kind === 'mcp-server' ? 'MCP server' : 'knowledge base';
  throw new AppError(
    'CONFLICT',
    `${users.length === 1 ? 'The agent' : `${users.length} agents`} ${namesOf(users)} ${users.length === 1 ? 'uses' : 'use'} this ${what}.`,
    {
      hint: `Remove it from ${users.length === 1 ? 'that agent' : 'those agents'} first, or delete it anyway (they will show it as missing).`,
    },
  );
}

type DeleteHandler<M extends 'kb.delete' | 'mcp.servers.delete' | 'agents.delete'> = Handler<M>;

/**
 * Wraps the delete handlers of knowledge bases and MCP servers with `refuseIfUsed`, and refuses to
 * delete an agent that automations run.
 */
export function guardDeletesInUse(
  agents: AgentService,
  handlers: {
    'kb.delete': DeleteHandler<'kb.delete'>;
    'mcp.servers.delete': DeleteHandler<'mcp.servers.delete'>;
    'agents.delete'?: DeleteHandler<'agents.delete'>;
  },
  automations?: { usedBy(agentId: string): Promise<{ id: string; name: string }[]> },
): void {
  const agentDelete = handlers['agents.delete'];
  if (agentDelete && automations)
    handlers['agents.delete'] = async (input, ctx) => {
      const agent = await agents.resolve(input.id);
      const users = await automations.usedBy(agent.id);
      if (users.length) {
        throw new AppError(
          'CONFLICT',
          `${users.length === 1 ? 'The automation' : `${users.length} automations`} ${namesOf(users)} ${users.length === 1 ? 'runs' : 'run'} this agent.`,
          {
            hint: `Delete ${users.length === 1 ? 'that automation' : 'those automations'} or give ${users.length === 1 ? 'it' : 'them'} another agent first.`,
          },
        );
      }
      return agentDelete(input, ctx);
    };
  const kbDelete = handlers['kb.delete'];
  const mcpDelete = handlers['mcp.servers.delete'];
  handlers['kb.delete'] = async (input, ctx) => {
    await refuseIfUsed(agents, 'knowledge-base', input.id, input.force);
    return kbDelete(input, ctx);
  };
  handlers['mcp.servers.delete'] = async (input, ctx) => {
    await refuseIfUsed(agents, 'mcp-server', input.id, input.force);
    return mcpDelete(input, ctx);
  };
}
