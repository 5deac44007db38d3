import { z } from 'zod';
import { Agent, AgentInput, AgentPatch, AgentRevision, AgentRevisionSummary, Id } from '../entities/agent';
import { method } from './define';

/** A reference of an agent that cannot be honoured, shown beside the field it is in. */
export const AgentReferenceProblem = z.object({
  field: z.enum(['tools', 'knowledgeBaseIds', 'delegateIds']),
  /** The missing thing's id (server id, `server:tool`, knowledge base id, agent id). */
  ref: z.string(),
  message: z.string(),
});
export type AgentReferenceProblem = z.infer<typeof AgentReferenceProblem>;

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
  /** Every saved revision of an agent, newest first. */
  'agents.revisions': method(z.object({ id: Id }).strict(), z.array(AgentRevisionSummary)),
  'agents.revision': method(z.object({ id: Id, revision: z.number().int().nonnegative() }).strict(), AgentRevision),
  /** Makes an old revision current again, as a new revision. */
  'agents.restore': method(z.object({ id: Id, revision: z.number().int().nonnegative() }).strict(), Agent),
  /**
   * What the agents refer to that does not exist (any more): MCP servers, their tools, knowledge
   * bases, delegate agents; keyed by agent id (agents without problems are left out).
   */
  'agents.problems': method(z.object({}).strict().default({}), z.record(z.string(), z.array(AgentReferenceProblem))),
  /** The agents that use an MCP server or a knowledge base (asked before deleting it). */
  'agents.usedBy': method(
    z.object({ kind: z.enum(['mcp-server', 'knowledge-base', 'agent']), id: Id }).strict(),
    z.array(z.object({ id: Id, name: z.string() })),
  ),
};

export const agentEvents = {
  'agents.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upserted'), agent: Agent }),
    z.object({ kind: z.literal('deleted'), id: Id }),
  ]),
};
