import { z } from 'zod';
import { AppError } from '@shared/errors';
import type { RunService } from '../service';
import type { BuiltinTool } from './builtins';

const Args = z
  .object({
    agent: z.string().trim().min(1).max(200).describe('Name or id of the agent to hand the task to'),
    task: z.string().trim().min(1).max(100_000).describe('The task, self-contained: the other agent sees nothing else'),
  })
  .strict();

/**
 * `delegate_to_agent`: runs another agent on a task as a child run (its trace nests under this
 * run's) and answers with its final answer. Cycles and depth are refused by `RunService.start`.
 */
export function delegateTool(runs: RunService): BuiltinTool<typeof Args> {
  return {
    name: 'delegate_to_agent',
    description: 'Hand a task to another agent and wait for its answer. Give the agent by name or id, and a self-contained task.',
    args: Args,
    async run(args, ctx) {
      const child = await runs.start(args.agent, args.task, { parentRunId: ctx.runId, history: false });
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
