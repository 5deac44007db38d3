import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import type { Agent, ToolRef } from '@shared/entities/agent';
import type { McpContentBlock, McpToolResult } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import type { RuntimeTool, ToolContext, ToolOutput, ToolSource } from '../runtime/tools/types';
import type { ToolCallOptions } from './calls';
import type { ServerManager } from './manager';
import { needsTasks, type ServerRuntime, type ToolEntry } from './server-runtime';
import type { SamplingTracer } from './server-requests';
import { changedSinceConsent } from './pins';

/** A tool result as text for a model: binary blocks become short descriptions. */
export function resultText(result: Pick<McpToolResult, 'content' | 'structuredContent'>): string {
  const describe = (block: McpContentBlock): string => {
    const size = (data: unknown) =>
      typeof data === 'string' ? `, ${Math.ceil((data.length * 3) / 4 / 1024)} KB` : '';
    switch (block.type) {
      case 'text':
        return String(block.text ?? '');
      case 'image':
      case 'audio':
        return `[${block.type} ${String(block.mimeType ?? '')}${size(block.data)}]`;
      case 'resource': {
        const res = (block.resource ?? {}) as {
          uri?: string;
          text?: string;
          blob?: string;
          mimeType?: string;
        };
        return typeof res.text === 'string'
          ? res.text
          : `[resource ${res.uri ?? ''} ${res.mimeType ?? ''}${size(res.blob)}]`;
      }
      case 'resource_link':
        return `[link ${String(block.name ?? '')}: ${String(block.uri ?? '')}]`;
      default:
        return JSON.stringify(block);
    }
  };
  const text = result.content.map(describe).join('\n');
  if (text.trim() || !result.structuredContent) return text;
  return JSON.stringify(result.structuredContent);
}

const PROGRESS_EVERY_MS = 250;

/**
 * Progress notifications of a call as `tool.progress` trace events: at most one per 250 ms, except
 * the one that reaches the total (a chatty server does not flood the trace).
 */
export function progressToTrace(
  ctx: Pick<ToolContext, 'callId' | 'emit'>,
  name: string,
  now: () => number = () => performance.now(),
): (progress: Progress) => void {
  let last = -Infinity;
  return (p) => {
    const done = p.total !== undefined && p.progress >= p.total;
    if (!done && now() - last < PROGRESS_EVERY_MS) return;
    last = now();
    ctx.emit({
      type: 'tool.progress',
      callId: ctx.callId,
      name,
      progress: p.progress,
      ...(p.total !== undefined ? { total: p.total } : {}),
      ...(p.message ? { message: p.message.slice(0, 500) } : {}),
    });
  };
}

/** What the runtime and the UI see of one offered tool. */
export interface OfferedTool {
  serverId: string;
  tool: string;
  hash: string;
  runtime: RuntimeTool;
}

/**
 * The MCP servers as a source of tools for the agent runtime. Tool names are `<server>__<tool>`
 * (see namespacedToolName), so two servers can both offer `search`. A tool whose policy is
 * 'allow' and whose definition is the one the user consented to runs without asking; otherwise
 * the runtime asks (and a definition that changes during a run is asked about again here).
 */
export class McpToolSource implements ToolSource {
  readonly id = 'mcp';

  constructor(
    private readonly manager: ServerManager,
    /** Marks a call made for an unattended run while it lasts (server-requests.ts asks nobody then). */
    private readonly track: <T>(serverId: string, unattended: boolean, call: () => Promise<T>, trace?: SamplingTracer) => Promise<T> = (_s, _u, call) => call(),
  ) {}

  async resolve(
    refs: ToolRef[],
    _ctx?: { agent: Agent; signal: AbortSignal },
  ): Promise<RuntimeTool[]> {
    return (await this.listTools(refs)).map((offered) => offered.runtime);
  }

  /** The tools of the servers and tools the refs select; selected servers are started when needed. */
  async listTools(refs: ToolRef[]): Promise<OfferedTool[]> {
    const wanted = new Map<string, Set<string> | 'all'>();
    for (const ref of refs) {
      if (ref.kind === 'mcp-server') wanted.set(ref.serverId, 'all');
      else if (ref.kind === 'mcp-tool') {
        const current = wanted.get(ref.serverId);
        if (current === 'all') continue;
        wanted.set(ref.serverId, (current ?? new Set()).add(ref.tool));
      }
    }
    const out: OfferedTool[] = [];
    for (const [serverId, selection] of wanted) {
      const rt = await this.serverFor(serverId);
      if (selection !== 'all') {
        const missing = [...selection].find((tool) => !rt.tools.has(tool));
        if (missing) {
          throw new AppError(
            'CONFIG',
            `MCP server "${rt.server.name}" has no tool "${missing}" any more.`,
            {
              hint: 'Update the agent’s tools.',
            },
          );
        }
      }
      for (const entry of rt.tools.values()) {
        if (selection !== 'all' && !selection.has(entry.tool.name)) continue;
        const mode = rt.server.approval.tools[entry.tool.name] ?? rt.server.approval.default;
        if (mode === 'deny') continue;
        // A definition that changed since the user approved it is never shown to a model: its new
        // description could say anything. It comes back once the user approves it again.
        if (changedSinceConsent(rt.server.consent.tools, entry.tool.name, entry.hash)) continue;
        // A tool that can only run as a task is not supported (its server's Tools tab says so).
        if (needsTasks(entry.tool)) continue;
        out.push(this.offer(rt, entry, mode));
      }
    }
    return out;
  }

  private async serverFor(serverId: string): Promise<ServerRuntime> {
    let rt: ServerRuntime;
    try {
      rt = this.manager.runtimesFor([serverId])[0]!;
    } catch {
      throw new AppError(
        'CONFIG',
        `The agent uses an MCP server that no longer exists (${serverId}).`,
        { hint: 'Update the agent’s tools.' },
      );
    }
    if (!rt.server.enabled) {
      throw new AppError(
        'CONFIG',
        `The agent uses the MCP server "${rt.server.name}", which is disabled.`,
        {
          hint: 'Enable the server or remove it from the agent’s tools.',
        },
      );
    }
    return this.manager.ensureRunning(serverId);
  }

  private offer(rt: ServerRuntime, entry: ToolEntry, mode: 'ask' | 'allow'): OfferedTool {
    const approval = mode === 'allow' ? 'auto' : 'ask';
    const serverId = rt.server.id;
    const tool = entry.tool.name;
    const hash = entry.hash;
    const description = [entry.tool.title, entry.tool.description]
      .filter(Boolean)
      .join(': ')
      .slice(0, 10_000);
    return {
      serverId,
      tool,
      hash,
      runtime: {
        spec: {
          name: entry.namespacedName,
          description,
          inputSchema: entry.tool.inputSchema as Record<string, unknown>,
        },
        source: serverId,
        key: `${serverId}:${tool}`,
        mcp: { serverName: rt.server.name, tool },
        approval,
        call: (args, ctx: ToolContext) =>
          this.track(
            serverId,
            ctx.unattended === true,
            () =>
              this.callOffered(serverId, tool, args, {
                signal: ctx.signal,
                runId: ctx.rootRunId,
                onProgress: progressToTrace(ctx, entry.namespacedName),
                ...(approval === 'ask' ? { approvedHash: hash } : {}),
              }),
            // A sampling request the server makes during this call is traced in the call's run.
            (sampled) => ctx.emit({ type: 'tool.sampling', callId: ctx.callId, server: rt.server.name, ...sampled }),
          ),
      },
    };
  }

  private async callOffered(
    serverId: string,
    tool: string,
    args: Record<string, unknown>,
    options: ToolCallOptions,
  ): Promise<ToolOutput> {
    await this.manager.ensureRunning(serverId);
    return resultText(await this.manager.callTool(serverId, tool, args, options));
  }

  /** Calls a tool by its namespaced name, e.g. `files__read_file`. */
  async callTool(
    namespacedName: string,
    args: Record<string, unknown>,
    options: ToolCallOptions = {},
  ): Promise<McpToolResult> {
    for (const rt of this.manager.runtimesFor()) {
      for (const entry of rt.tools.values()) {
        if (entry.namespacedName === namespacedName)
          return this.manager.callTool(rt.server.id, entry.tool.name, args, options);
      }
    }
    throw new AppError('NOT_FOUND', `No MCP tool named "${namespacedName}" is available.`, {
      hint: 'Start its server, or list the tools again.',
    });
  }
}

