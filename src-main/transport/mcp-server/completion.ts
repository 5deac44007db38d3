import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CompleteRequestSchema, type CompleteResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApiClient } from '@shared/api/index';
import { isMethodName } from '@shared/api/index';
import { agentsByPromptName, TASK_ARGUMENT } from './prompts';
import { AGENT_URI, DOCUMENT_URI } from './resources';

/** The most values one completion returns (the specification's bound). */
const MAX_VALUES = 100;
const RECENT_RUNS = 50;

export function completionResult(values: string[]): CompleteResult {
  const unique = [...new Set(values)];
  return {
    completion: {
      values: unique.slice(0, MAX_VALUES),
      total: unique.length,
      hasMore: unique.length > MAX_VALUES,
    },
  };
}

const startsWith = (value: string, typed: string) =>
  value.toLowerCase().startsWith(typed.toLowerCase());

/** The agent's recent tasks (top-level runs, newest first) that start with what was typed. */
async function recentTasks(client: ApiClient, promptName: string, typed: string): Promise<string[]> {
  const agent = (await agentsByPromptName(client)).get(promptName);
  if (!agent) return [];
  const runs = await client.call('runs.list', {
    agentId: agent.id,
    parentRunId: null,
    limit: RECENT_RUNS,
  });
  return runs.map((r) => r.input).filter((input) => input.length <= 1000 && startsWith(input, typed));
}

async function agentIds(client: ApiClient, typed: string): Promise<string[]> {
  const agents = await client.call('agents.list', {});
  const lower = typed.toLowerCase();
  return agents
    .filter((a) => startsWith(a.id, typed) || a.name.toLowerCase().includes(lower))
    .map((a) => a.id);
}

async function documentVariable(
  client: ApiClient,
  name: string,
  typed: string,
  kbId: string | undefined,
): Promise<string[]> {
  if (!isMethodName('kb.list')) return [];
  if (name === 'kbId') {
    const lower = typed.toLowerCase();
    return (await client.call('kb.list', {}))
      .filter((kb) => startsWith(kb.id, typed) || kb.name.toLowerCase().includes(lower))
      .map((kb) => kb.id);
  }
  if (name !== 'documentId' || !kbId) return [];
  const { documents } = await client.call('kb.documents', { kbId, status: 'ready', limit: 200 });
  const lower = typed.toLowerCase();
  return documents
    .filter((d) => startsWith(d.id, typed) || (d.title || d.path).toLowerCase().includes(lower))
    .map((d) => d.id);
}

/**
 * `completion/complete`: an agent prompt's `task` from the agent's recent tasks; the variables of
 * the resource templates (agent ids, knowledge base ids, document ids of the chosen base). What
 * has nothing to complete (an unknown prompt or template, another argument) gets no values, not
 * an error: a client completing while agents change sees an empty list.
 */
export function registerCompletion(
  server: McpServer,
  client: ApiClient,
  log: (message: string) => void = () => {},
): void {
  server.server.setRequestHandler(CompleteRequestSchema, async ({ params }) => {
    const { ref, argument } = params;
    try {
      if (ref.type === 'ref/prompt')
        return completionResult(
          argument.name === TASK_ARGUMENT
            ? await recentTasks(client, ref.name, argument.value)
            : [],
        );
      if (ref.uri === AGENT_URI && argument.name === 'id')
        return completionResult(await agentIds(client, argument.value));
      if (ref.uri === DOCUMENT_URI)
        return completionResult(
          await documentVariable(client, argument.name, argument.value, params.context?.arguments?.kbId),
        );
    } catch (error) {
      log(`completion failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return completionResult([]);
  });
}
