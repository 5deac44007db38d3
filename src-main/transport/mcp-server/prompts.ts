import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  McpError,
  type GetPromptResult,
  type Prompt,
} from '@modelcontextprotocol/sdk/types.js';
import type { ApiClient } from '@shared/api/index';
import type { Agent } from '@shared/entities/agent';

/** The one argument of an agent's prompt. */
export const TASK_ARGUMENT = 'task';

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'agent';
}

/**
 * Each agent under a prompt name: the slug of its name, or, when an earlier agent has that slug
 * already, the slug followed by the start of its id.
 */
export function agentPromptNames(agents: Agent[]): Map<string, Agent> {
  const byName = new Map<string, Agent>();
  for (const agent of agents) {
    const name = slug(agent.name);
    byName.set(byName.has(name) ? `${name}-${agent.id.slice(0, 8).toLowerCase()}` : name, agent);
  }
  return byName;
}

export async function agentsByPromptName(client: ApiClient): Promise<Map<string, Agent>> {
  return agentPromptNames(await client.call('agents.list', {}));
}

function asPrompt(name: string, agent: Agent): Prompt {
  return {
    name,
    title: agent.name,
    description: agent.description || `Gives a task to the Agent Factory agent "${agent.name}".`,
    arguments: [{ name: TASK_ARGUMENT, description: 'What the agent should do', required: true }],
  };
}

/** What `prompts/get` answers for an agent: a user message asking to run it with run_agent. */
export function agentPromptResult(agent: Agent, task: string): GetPromptResult {
  return {
    description: agent.description || `Gives a task to the Agent Factory agent "${agent.name}".`,
    messages: [
      {
        role: 'user',
        content: {
          type: 'text',
          text:
            `Use the run_agent tool of Agent Factory to give this task to the agent "${agent.name}" ` +
            `(agent: "${agent.id}"), then report its answer.\n\nTask:\n${task}`,
        },
      },
    ],
  };
}

/**
 * Every agent as a prompt, read from the agents at each request (so the list is never stale;
 * `notifications/prompts/list_changed` is sent when agents change, see changes.ts).
 */
export function registerAgentPrompts(server: McpServer, client: ApiClient): void {
  server.server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: [...(await agentsByPromptName(client))].map(([name, agent]) => asPrompt(name, agent)),
  }));
  server.server.setRequestHandler(GetPromptRequestSchema, async ({ params }) => {
    const agent = (await agentsByPromptName(client)).get(params.name);
    if (!agent) throw new McpError(ErrorCode.InvalidParams, `Prompt ${params.name} not found`);
    const task = params.arguments?.[TASK_ARGUMENT]?.trim();
    if (!task)
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid arguments for prompt ${params.name}: "${TASK_ARGUMENT}" is required`,
      );
    return agentPromptResult(agent, task);
  });
}
