import { z } from 'zod';
import type { Agent, ToolRef } from '@shared/entities/agent';
import type { JsonObject, ToolSpec } from '@shared/entities/llm';
import { AppError, parseOrThrow } from '@shared/errors';
import type { ApprovalPolicy, RuntimeTool, ToolContext, ToolOutput, ToolSource } from './types';

/** A tool built into the engine, with its arguments described (and checked) by a zod schema. */
export interface BuiltinTool<A extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  args: A;
  /** Default `auto`: built-ins are safe to run without asking. */
  approval?: ApprovalPolicy;
  /** Offered without being chosen in `tools` when this says so (e.g. delegation to the agent's delegates). */
  implicitFor?(agent: Agent): boolean;
  /** Tailors the spec to the agent (e.g. the agents it may delegate to). */
  specFor?(agent: Agent, spec: ToolSpec): Promise<ToolSpec>;
  run(args: z.output<A>, ctx: ToolContext): Promise<ToolOutput>;
}

export interface BuiltinToolInfo {
  name: string;
  description: string;
  approval: ApprovalPolicy;
  inputSchema: JsonObject;
}

/** JSON Schema of a tool's arguments, as sent to the model. */
export function jsonSchemaOf(schema: z.ZodType): JsonObject {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  return rest;
}

/**
 * The built-in tools, as one tool source. Capabilities add theirs with `register` (the RAG engine
 * registers `knowledge_search`); agents select them with `{ kind: 'builtin', name }`.
 */
export class BuiltinTools implements ToolSource {
  readonly id = 'builtin';
  readonly kinds = ['builtin'] as const;
  private readonly tools = new Map<string, RuntimeTool>();
  private readonly infos = new Map<string, BuiltinToolInfo>();
  private readonly defs = new Map<string, BuiltinTool>();

  register<A extends z.ZodType>(tool: BuiltinTool<A>): void {
    if (this.tools.has(tool.name)) throw new Error(`A built-in tool named ${tool.name} is already registered`);
    const inputSchema = jsonSchemaOf(tool.args);
    const approval = tool.approval ?? 'auto';
    this.infos.set(tool.name, { name: tool.name, description: tool.description, approval, inputSchema });
    this.defs.set(tool.name, tool as unknown as BuiltinTool);
    this.tools.set(tool.name, {
      spec: { name: tool.name, description: tool.description, inputSchema },
      source: this.id,
      key: `builtin:${tool.name}`,
      approval,
      call: (raw, ctx) => tool.run(parseOrThrow(tool.args, raw, `arguments of ${tool.name}`), ctx),
    });
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  list(): BuiltinToolInfo[] {
    return [...this.infos.values()];
  }

  /** The chosen built-ins, and those the agent's settings imply (knowledge_search, delegate_to_agent). */
  async resolve(refs: ToolRef[], ctx?: { agent: Agent }): Promise<RuntimeTool[]> {
    const names = new Set(refs.flatMap((ref) => (ref.kind === 'builtin' ? [ref.name] : [])));
    if (ctx) for (const [name, def] of this.defs) if (def.implicitFor?.(ctx.agent)) names.add(name);
    const out: RuntimeTool[] = [];
    for (const name of names) {
      const ref = { name };
      const tool = this.tools.get(ref.name);
      if (!tool) {
        throw new AppError('CONFIG', `The built-in tool "${ref.name}" is not available.`, {
          hint: `Remove it from the agent's tools. Available: ${[...this.tools.keys()].join(', ') || 'none'}.`,
        });
      }
      const def = this.defs.get(name);
      out.push(ctx && def?.specFor ? { ...tool, spec: await def.specFor(ctx.agent, tool.spec) } : tool);
    }
    return out;
  }
}

const TimeArgs = z.object({ timeZone: z.string().max(64).optional().describe('IANA time zone, e.g. Europe/Paris') }).strict();

/** `current_time`: the date and time now, in UTC and in a time zone the model may name. */
export const currentTimeTool: BuiltinTool<typeof TimeArgs> = {
  name: 'current_time',
  description: 'The current date and time (ISO 8601, UTC), and in a given IANA time zone if one is named.',
  args: TimeArgs,
  async run(args) {
    const now = new Date();
    if (!args.timeZone) return JSON.stringify({ utc: now.toISOString() });
    let local: string;
    try {
      local = now.toLocaleString('sv-SE', { timeZone: args.timeZone, hour12: false });
    } catch {
      throw new AppError('VALIDATION', `Unknown time zone "${args.timeZone}".`, { hint: 'Use an IANA name such as Europe/Paris.' });
    }
    return JSON.stringify({ utc: now.toISOString(), timeZone: args.timeZone, local });
  },
};
