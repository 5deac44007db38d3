import { z } from 'zod';
import { Agent, AgentInput, Id } from '../entities/agent';
import { ModelRef } from '../entities/model';
import { method } from './define';

/** A ready-made agent definition to start from. */
export const AgentTemplate = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** What the template relies on, e.g. "MCP server: filesystem", shown before creating. */
  requires: z.array(z.string()),
  agent: AgentInput,
});
export type AgentTemplate = z.infer<typeof AgentTemplate>;

/** Templates, and an agent definition exported to / imported from a versioned JSON file. */
export const agentTemplateMethods = {
  'agents.templates': method(z.object({}).strict().default({}), z.array(AgentTemplate)),
  'agents.createFromTemplate': method(
    z
      .object({
        templateId: z.string().min(1),
        /** Default: the template's name (made unique). */
        name: z.string().trim().min(1).max(80).optional(),
        model: ModelRef.optional(),
        /** Actual MCP server ids for the template's server ids, e.g. { filesystem: "<id>" }. */
        serverIds: z.record(z.string(), z.string().min(1)).default({}),
      })
      .strict(),
    Agent,
  ),
  /** The agent as the text of an `agent-factory/agent` JSON file. */
  'agents.export': method(z.object({ id: Id }).strict(), z.object({ fileName: z.string(), json: z.string() })),
  /** Creates an agent from the text of an exported file (older versions are upgraded). */
  'agents.import': method(
    z
      .object({
        json: z.string().min(1).max(5_000_000),
        /** Default: the file's name (made unique). */
        name: z.string().trim().min(1).max(80).optional(),
      })
      .strict(),
    Agent,
  ),
};
