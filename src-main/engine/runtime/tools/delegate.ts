import { z } from 'zod';
import type { Agent } from '@shared/entities/agent';
import { AppError } from '@shared/errors';
import type { AgentService } from '../../agents/service';
import type { RunService } from '../service';
import type { BuiltinTool } from './builtins';

const Args = z
  .object({
    agent: z.string().trim().min(1).max(200).describe('Name or id of the agent to hand the task to'),
    task: z.string().trim().min(1).max(100_000).describe('The task, self-contained: the other agent sees nothing else'),
  })
  .strict();

/** The delegates of an agent that still exist, in the agent's order. */
async function delegatesOf(agents: Pick<AgentService, 'list'>, agent: Agent): Promise<Agent[]> {
  const all = new Map((await agents.list()).map((a) => [a.id, a]));
  return agent.delegateIds.flatMap((id) => all.get(id) ?? []);
}

/**
 * `delegate_to_agent`: runs another agent on a task as a child run (its trace nests under this
 * run's) and answers with its final answer. An agent with delegates gets it without choosing it,
 * and may hand work only to them (the tool lists them); an agent that chose the tool without
 * naming delegates may hand work to any agent. Cycles and depth are refused by `RunService.start`.
 */
export function delegateTool(runs: RunService, agents: Pick<AgentService, 'list' | 'resolve'>): BuiltinTool<typeof Args> {
  return {
    name: 'delegate_to_agent',
    description: 'Hand a task to another agent and wait for its answer. Give the agent by name or id, and a self-contained task.',
    args: Args,
    implicitFor: (agent) => agent.delegateIds.length > 0,
    async specFor(agent, spec) {
      if (!agent.delegateIds.length) return spec;
      const delegates = await delegatesOf(agents, agent);
      const list = delegates.map((d) => `- ${d.name}${d.description ? `: ${d.description.slice(0, 300)}` : ''}`).join('\n');
      const properties = (spec.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
      return {
        ...spec,
        description: `Hand a task to one of these agents and wait for its answer:\n${list || '(none available)'}\nGive a self-contained task.`,
        inputSchema: { ...spec.inputSchema, properties: { ...properties, agent: { ...properties.agent, enum: delegates.map((d) => d.name) } } },
      };
    },
    async run(args, ctx) {
      let target = args.agent;
      if (ctx.agent.delegateIds.length) {
        const delegates = await delegatesOf(agents, ctx.agent);
        const chosen = await agents.resolve(args.agent).catch(() => undefined);
        if (!chosen || !delegates.some((d) => d.id === chosen.id)) {
          throw new AppError('FORBIDDEN', `${ctx.agent.name} may not hand work to "${args.agent}".`, {
            hint: `It may delegate to: ${delegates.map((d) => d.name).join(', ') || 'nobody (its delegates were deleted)'}.`,
          });
        }
        target = chosen.id;
      }
      const child = await runs.start(target, args.task, { parentRunId: ctx.runId, history: false });
      ctx.emit({ type: 'delegation.started', callId: ctx.callId, childRunId: child.id, agentId: child.agentId, agentName: child.agentName, task: args.task });
      const done = await runs.waitFor(child.id);
      ctx.emit({ type: 'delegation.finished', callId: ctx.callId, childRunId: child.id, agentName: child.agentName, status: done.status, output: done.output });
      if (done.status !== 'succeeded') {
        throw new AppError('TOOL_ERROR', `${child.agentName} did not finish the task (${done.status}${done.error ? `: ${done.error.message}` : ''}).`);
      }
      return done.output ?? '';
    },
  };
}
