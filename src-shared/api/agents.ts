import { z } from 'zod';
import { Agent, AgentInput, AgentPatch, Id } from '../entities/agent';
import { method } from './define';

export const agentMethods = {
  'agents.list': method(z.object({ tag: z.string().optional() }).strict().default({}), z.array(Agent)),
  'agents.get': method(z.object({ id: Id }).strict(), Agent),
  'agents.create': method(AgentInput, Agent),
  'agents.update': method(
    z
      .object({
        id: Id,
        patch: AgentPatch,
        /** When given, the update fails with CONFLICT if the agent changed since. */
        expectedRevision: z.number().int().nonnegative().optional(),
      })
      .strict(),
    Agent,
  ),
  'agents.duplicate': method(z.object({ id: Id }).strict(), Agent),
  'agents.delete': method(z.object({ id: Id }).strict(), z.object({ deleted: z.boolean() })),
};

export const agentEvents = {
  'agents.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upserted'), agent: Agent }),
    z.object({ kind: z.literal('deleted'), id: Id }),
  ]),
};
