import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ApiClient } from '@shared/api/index';
import { isMethodName } from '@shared/api/index';
import type { Agent } from '@shared/entities/agent';
import { AppError } from '@shared/errors';
import type { McpLog } from './logging';
import { errorResult, textResult } from './results';
import { runAgentToEnd } from './run-agent';

export interface FactoryToolOptions {
  /** Diagnostics (stderr or a log file; never stdout, which may be the protocol). */
  log?: (message: string) => void;
  /** Log messages to the MCP client (a run's start, steps, denials and end). */
  notify?: McpLog;
}

function agentSummary(a: Agent) {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    model: `${a.model.provider}:${a.model.model}`,
    tags: a.tags,
  };
}

const AgentSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  model: z.string(),
  tags: z.array(z.string()),
});

/** `list_agents`: the agents of this Agent Factory. */
function registerListAgents(server: McpServer, client: ApiClient): void {
  server.registerTool(
    'list_agents',
    {
      title: 'List agents',
      description:
        'Lists the agents of Agent Factory (id, name, description, model, tags). Run one with run_agent.',
      inputSchema: {
        tag: z.string().min(1).max(40).optional().describe('Only agents with this tag'),
      },
      outputSchema: { agents: z.array(AgentSummary) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ tag }) => {
      try {
        const agents = (await client.call('agents.list', tag ? { tag } : {})).map(agentSummary);
        const lines = agents.map(
          (a) => `- ${a.name} (${a.id}, ${a.model})${a.description ? `: ${a.description}` : ''}`,
        );
        return textResult(lines.length ? lines.join('\n') : 'No agents yet.', { agents });
      } catch (error) {
        return errorResult(error, 'Listing agents');
      }
    },
  );
}

/** `run_agent`: runs an agent to its final answer; approvals are denied (see runAgentToEnd). */
function registerRunAgent(server: McpServer, client: ApiClient, options: FactoryToolOptions): void {
  server.registerTool(
    'run_agent',
    {
      title: 'Run an agent',
      description:
        'Runs an Agent Factory agent on an input and returns its final answer. Tool calls that would need ' +
        'the user’s approval in Agent Factory are denied; only tools whose policy is "allow" run.',
      inputSchema: {
        agent: z.string().min(1).max(200).describe('Agent name or id (see list_agents)'),
        input: z.string().min(1).max(100_000).describe('What the agent should do'),
        history: z
          .boolean()
          .optional()
          .describe('Continue the agent’s earlier conversation (default: start fresh)'),
        maxSteps: z
          .number()
          .int()
          .min(1)
          .max(100)
          .optional()
          .describe('Most model calls in this run'),
      },
      outputSchema: {
        runId: z.string(),
        agent: z.string(),
        status: z.string(),
        output: z.string().nullable(),
        steps: z.number(),
      },
      annotations: { readOnlyHint: false, openWorldHint: true },
    },
    async ({ agent, input, history, maxSteps }, extra) => {
      const progressToken = extra._meta?.progressToken;
      let progress = 0;
      const notify: McpLog = (level, data) => options.notify?.(level, data, extra.sendNotification);
      notify('info', `run_agent: running "${agent}"`);
      let ended = false;
      try {
        const run = await runAgentToEnd(client, {
          agent,
          input,
          ...(history !== undefined ? { history } : {}),
          ...(maxSteps ? { maxSteps } : {}),
          signal: extra.signal,
          log: (message) => {
            options.log?.(message);
            notify('warning', message);
          },
          onProgress: (message: string) => {
            notify('debug', `run_agent: ${message}`);
            if (progressToken === undefined) return;
            void extra
              .sendNotification({
                method: 'notifications/progress',
                params: { progressToken, progress: ++progress, message },
              })
              .catch(() => {});
          },
        });
        ended = true;
        notify(run.status === 'succeeded' ? 'info' : 'error', {
          message: `run_agent: the run of "${run.agentName}" ended ${run.status}`,
          runId: run.id,
          status: run.status,
          steps: run.steps,
        });
        if (run.status !== 'succeeded') {
          const cause = run.error ? `: ${run.error.message}` : '';
          throw new AppError(
            run.error?.code ?? 'INTERNAL',
            `The run of "${run.agentName}" ended ${run.status}${cause}${run.output ? `\nLast output: ${run.output}` : ''}`,
            {
              hint:
                run.error?.hint ??
                `See the run ${run.id} in Agent Factory (agent-factory runs show ${run.id}).`,
            },
          );
        }
        const output = run.output ?? '';
        return textResult(output, {
          runId: run.id,
          agent: run.agentName,
          status: run.status,
          output: run.output,
          steps: run.steps,
        });
      } catch (error) {
        if (!ended)
          notify('error', `run_agent: "${agent}" did not run: ${error instanceof Error ? error.message : String(error)}`);
        return errorResult(error, 'Running agents');
      }
    },
  );
}

/** `knowledge_search`: hybrid search over one knowledge base (or all of them). */
function registerKnowledgeSearch(server: McpServer, client: ApiClient): void {
  server.registerTool(
    'knowledge_search',
    {
      title: 'Search knowledge',
      description:
        'Searches Agent Factory knowledge bases and returns the best matching passages with their source documents.',
      inputSchema: {
        query: z.string().min(1).max(10_000).describe('What to search for'),
        kb: z
          .string()
          .min(1)
          .max(200)
          .optional()
          .describe('Knowledge base name or id (default: all)'),
        k: z.number().int().min(1).max(50).optional().describe('How many passages (default 5)'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ query, kb, k }) => {
      try {
        const bases = await client.call('kb.list', {});
        const lower = kb?.toLowerCase();
        const chosen = kb
          ? bases.filter((b) => b.id === kb || b.name.toLowerCase() === lower)
          : bases.slice(0, 50);
        if (chosen.length === 0) {
          throw new AppError(
            'NOT_FOUND',
            kb ? `No knowledge base "${kb}".` : 'There are no knowledge bases yet.',
            {
              hint: bases.length
                ? `Knowledge bases: ${bases.map((b) => b.name).join(', ')}.`
                : 'Create one in Agent Factory and add documents to it.',
            },
          );
        }
        const result = await client.call('kb.search', {
          kbIds: chosen.map((b) => b.id),
          query,
          k: k ?? 5,
        });
        const hits = result.hits.map((h, i) => ({
          rank: i + 1,
          kb: chosen.find((b) => b.id === h.kbId)?.name ?? h.kbId,
          documentId: h.document.id,
          title: h.document.title,
          path: h.document.path,
          score: h.scores.rerank ?? h.scores.fused,
          text: h.chunk.text,
        }));
        const text = hits.length
          ? hits.map((h) => `[${h.rank}] ${h.title} (${h.path})\n${h.text}`).join('\n\n')
          : `Nothing found for "${query}".`;
        return textResult(text, { hits });
      } catch (error) {
        return errorResult(error, 'Knowledge search');
      }
    },
  );
}

/** The factory's tools; each is offered when the contract of this build has its methods. */
export function registerFactoryTools(
  server: McpServer,
  client: ApiClient,
  options: FactoryToolOptions = {},
): void {
  registerListAgents(server, client);
  if (isMethodName('runs.start')) registerRunAgent(server, client, options);
  if (isMethodName('kb.search')) registerKnowledgeSearch(server, client);
}
