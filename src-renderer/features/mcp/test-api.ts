import { methods, type MethodName, type MethodOutput, type ParsedInput } from '@shared/api/index';
import {
  McpServer,
  McpServerInput,
  type ApprovalDecision,
  type ApprovalRequest,
  type CatalogEntry,
  type McpLogEntry,
  type McpServerState,
  type McpServerStatus,
  type McpServerView,
  type McpTool,
  type McpToolResult,
} from '@shared/entities/mcp';
import { AppError, parseOrThrow } from '@shared/errors';
import { displayCommandLine } from '@shared/mcp/command-line';
import { MemoryApi } from '../../test/memory-api';
import { contentHandlers } from './test-content-api';
import { serverRequestHandlers } from './test-server-requests-api';
import type { McpElicitationRequest, McpSamplingRequest } from '@shared/entities/mcp-server-requests';
import { parseTestConfig, summarizeCalls, testCatalog, type RecordedCall } from './test-fixtures';

type McpMethod = Extract<MethodName, `mcp.${string}` | 'approvals.respond'>;
type Handlers = { [M in McpMethod]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a tool call answers in tests: content blocks, or a thrown AppError. */
export type ToolHandler = (
  serverId: string,
  tool: string,
  args: Record<string, unknown>,
) => McpToolResult['content'];

/**
 * The in-memory API with MCP servers: like the real engine it validates with the contract, moves
 * the state machine (with `mcp.server.state` events), asks for launch consent through
 * `mcp.approval.requested` / `approvals.respond`, counts tool calls and streams logs.
 */
export class McpMemoryApi extends MemoryApi {
  readonly servers = new Map<string, McpServer>();
  readonly statuses = new Map<string, McpServerStatus>();
  readonly tools = new Map<string, McpTool[]>();
  readonly logs = new Map<string, McpLogEntry[]>();
  catalog: CatalogEntry[] = testCatalog;
  /** Each tool call answers what this returns (default: echoes the arguments). */
  toolHandler: ToolHandler = (_id, tool, args) => [
    { type: 'text', text: `${tool}: ${JSON.stringify(args)}` },
  ];
  /** The duration each tool call reports. */
  callDurationMs = 10;
  private readonly waiting = new Map<string, (decision: ApprovalDecision) => void>();
  private readonly recorded = new Map<string, RecordedCall[]>();
  private readonly mcpFailures = new Map<MethodName, AppError>();
  private seq = 0;
  private ids = 1;
  private time = Date.UTC(2026, 1, 1);

  override failNext(method: MethodName, error: AppError): void {
    if (method in this.mcp) this.mcpFailures.set(method, error);
    else super.failNext(method, error);
  }

  override async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    const handler = (this.mcp as Partial<Record<MethodName, (input: unknown) => Promise<unknown>>>)[
      method
    ];
    if (!handler) return super.call(method, input);
    this.calls.push({ method, input });
    const parsed = parseOrThrow(methods[method].input, input);
    const failure = this.mcpFailures.get(method);
    if (failure) {
      this.mcpFailures.delete(method);
      throw failure;
    }
    return methods[method].output.parse(structuredClone(await handler(parsed))) as MethodOutput<M>;
  }

  /** Adds a server directly (as if created earlier), in the given state. */
  addServer(input: McpServerInput, state?: McpServerState, toolCount?: number): McpServerView {
    const now = this.tick();
    const server = McpServer.parse({
      ...McpServerInput.parse(input),
      id: `srv-${this.ids++}`,
      createdAt: now,
      updatedAt: now,
    });
    this.servers.set(server.id, server);
    this.setState(
      server.id,
      state ?? (server.enabled ? 'stopped' : 'disabled'),
      toolCount === undefined ? {} : { toolCount },
    );
    return this.viewOf(server.id);
  }

  /** Moves a server's state machine and publishes `mcp.server.state`. */
  setState(
    id: string,
    state: McpServerState,
    extra: Partial<McpServerStatus> = {},
  ): McpServerStatus {
    const status: McpServerStatus = {
      serverId: id,
      state,
      since: this.tick(),
      restarts: 0,
      ...extra,
    };
    this.statuses.set(id, status);
    this.emit('mcp.server.state', status);
    return status;
  }

  /** Appends lines to a server's log and publishes them as `mcp.server.log`. */
  pushLog(serverId: string, ...texts: string[]): McpLogEntry[] {
    const entries = texts.map((text) => ({
      seq: this.seq++,
      at: this.tick(),
      stream: 'stderr' as const,
      level: 'info' as const,
      text,
    }));
    this.logs.set(serverId, [...(this.logs.get(serverId) ?? []), ...entries]);
    this.emit('mcp.server.log', { serverId, entries });
    return entries;
  }

  /** Publishes an approval request and resolves with the user's answer. */
  ask(
    question: DistributiveOmit<ApprovalRequest, 'id' | 'requestedAt'>,
  ): Promise<ApprovalDecision> {
    const request = {
      ...question,
      id: `approval-${this.ids++}`,
      requestedAt: this.tick(),
    } as ApprovalRequest;
    return new Promise((resolve) => {
      this.waiting.set(request.id, resolve);
      this.emit('mcp.approval.requested', request);
    });
  }

  /** Answers a waiting request as the engine does for any client (the CLI, another window). */
  answer(id: string, decision: ApprovalDecision): boolean {
    const resolve = this.waiting.get(id);
    if (!resolve) return false;
    this.waiting.delete(id);
    resolve(decision);
    this.emit('mcp.approval.resolved', {
      id,
      outcome: decision === 'deny' ? 'denied' : 'allowed',
    });
    return true;
  }

  private tick(): string {
    return new Date((this.time += 1000)).toISOString();
  }

  private server(id: string): McpServer {
    const server = this.servers.get(id);
    if (!server) throw new AppError('NOT_FOUND', `No MCP server with id "${id}".`);
    return server;
  }

  private viewOf(id: string): McpServerView {
    return { server: this.server(id), status: this.statuses.get(id)! };
  }

  private checkName(name: string, id?: string): void {
    const clash = [...this.servers.values()].find(
      (s) => s.id !== id && s.name.toLowerCase() === name.toLowerCase(),
    );
    if (clash) {
      throw new AppError('CONFLICT', `The name "${name}" is already used.`, {
        issues: [{ path: ['name'], message: 'Already used by another server' }],
      });
    }
  }

  private metricsOf(serverId: string) {
    return summarizeCalls(serverId, this.recorded.get(serverId) ?? []);
  }

  /** Resource reads per URI, subscriptions and log levels of the content handlers (test-content-api.ts). */
  readonly content = {
    reads: new Map<string, number>(),
    subscriptions: new Set<string>(),
    logLevels: new Map<string, string>(),
    requireLive: (id: string) => {
      const state = this.statuses.get(this.server(id).id)?.state;
      if (state !== 'ready' && state !== 'degraded')
        throw new AppError('UNAVAILABLE', `MCP server "${this.server(id).name}" is not running (${state}).`);
    },
  };

  /** Sampling and elicitation requests waiting (tests push them), and the answers given (test-server-requests-api.ts). */
  readonly serverRequests = {
    elicitations: [] as McpElicitationRequest[],
    samplings: [] as McpSamplingRequest[],
    answers: [] as Array<{ requestId: string } & Record<string, unknown>>,
  };

  private readonly mcp: Handlers = {
    ...contentHandlers(this.content),
    ...serverRequestHandlers(this.serverRequests),
    'mcp.servers.list': async () => [...this.servers.keys()].map((id) => this.viewOf(id)),
    'mcp.servers.get': async ({ id }) => this.viewOf(id),
    'mcp.servers.create': async (input) => {
      this.checkName(input.name);
      return this.addServer(input);
    },
    'mcp.servers.update': async ({ id, patch }) => {
      const current = this.server(id);
      if (patch.name) this.checkName(patch.name, id);
      const next = McpServer.parse({ ...current, ...patch, updatedAt: this.tick() });
      this.servers.set(id, next);
      if (current.enabled && !next.enabled) this.setState(id, 'disabled');
      if (!current.enabled && next.enabled) this.setState(id, 'stopped');
      return this.viewOf(id);
    },
    'mcp.servers.delete': async ({ id }) => ({ deleted: this.servers.delete(id) }),
    'mcp.servers.start': async ({ id }) => {
      const server = this.server(id);
      if (!server.enabled) throw new AppError('CONFIG', `MCP server "${server.name}" is disabled.`);
      this.setState(id, 'starting');
      const t = server.transport;
      if (t.type === 'stdio' && !server.consent.launch) {
        const decision = await this.ask({
          kind: 'server-launch',
          serverId: id,
          serverName: server.name,
          commandLine: displayCommandLine(`/usr/bin/${t.command}`, t.args),
          command: `/usr/bin/${t.command}`,
          args: t.args,
          envNames: Object.keys({ ...t.env, ...server.secretEnv }).sort(),
          reason: 'new-server',
        });
        if (decision === 'deny') {
          const error = new AppError(
            'FORBIDDEN',
            `The user did not allow starting "${server.name}".`,
          );
          this.setState(id, 'stopped', { error: error.toJSON() });
          throw error;
        }
        if (decision === 'allow-always')
          this.servers.set(id, {
            ...server,
            consent: { ...server.consent, launch: 'launch-hash' },
          });
      }
      return this.setState(id, 'ready', {
        toolCount: this.tools.get(id)?.length ?? 0,
        pid: 4242,
        transport: t.type,
      });
    },
    'mcp.servers.stop': async ({ id }) =>
      this.setState(id, this.server(id).enabled ? 'stopped' : 'disabled'),
    'mcp.servers.restart': async ({ id }) => {
      this.setState(id, 'stopped');
      return this.setState(id, 'ready', { toolCount: this.tools.get(id)?.length ?? 0 });
    },
    'mcp.servers.logs': async ({ id, afterSeq, limit }) => {
      this.server(id);
      return (this.logs.get(id) ?? []).filter((e) => e.seq > afterSeq).slice(-limit);
    },
    'mcp.servers.tools': async ({ id }) => {
      this.server(id);
      return this.tools.get(id) ?? [];
    },
    'mcp.servers.approveTool': async ({ id, tool, hash }) => {
      const server = this.server(id);
      const current = (this.tools.get(id) ?? []).find((t) => t.name === tool);
      if (!current) throw new AppError('NOT_FOUND', `No tool "${tool}".`);
      if (current.hash !== hash) throw new AppError('CONFLICT', `The definition of "${tool}" changed again.`);
      this.servers.set(id, { ...server, consent: { ...server.consent, tools: { ...server.consent.tools, [tool]: hash } } });
      const approved = { ...current, changedSinceConsent: false };
      this.tools.set(id, (this.tools.get(id) ?? []).map((t) => (t.name === tool ? approved : t)));
      return approved;
    },
    'mcp.servers.callTool': async ({ id, tool, arguments: args }) => {
      const server = this.server(id);
      const state = this.statuses.get(id)?.state;
      if (state !== 'ready' && state !== 'degraded') {
        throw new AppError(
          'UNAVAILABLE',
          `MCP server "${server.name}" is not running (${state}).`,
          { hint: 'Start the server first.' },
        );
      }
      if (!(this.tools.get(id) ?? []).some((t) => t.name === tool))
        throw new AppError('NOT_FOUND', `No tool "${tool}".`);
      const calls = this.recorded.get(id) ?? [];
      this.recorded.set(id, calls);
      try {
        if ((server.approval.tools[tool] ?? server.approval.default) === 'deny') {
          throw new AppError(
            'FORBIDDEN',
            `Tool "${tool}" of "${server.name}" is blocked by its approval policy.`,
          );
        }
        const content = this.toolHandler(id, tool, args);
        calls.push({ tool, ms: this.callDurationMs });
        return {
          content,
          truncated: false,
          originalBytes: JSON.stringify(content).length,
          durationMs: this.callDurationMs,
        };
      } catch (error) {
        const appError =
          error instanceof AppError ? error : new AppError('TOOL_ERROR', String(error));
        calls.push({
          tool,
          ms: this.callDurationMs,
          error: { at: this.tick(), code: appError.code, message: appError.message },
        });
        throw appError;
      }
    },
    'mcp.servers.import': async ({ json }) => {
      const inputs = parseTestConfig(json);
      const report = {
        created: [] as McpServerView[],
        updated: [] as McpServerView[],
        skipped: [],
      };
      for (const input of inputs) {
        const existing = [...this.servers.values()].find(
          (s) => s.name.toLowerCase() === input.name.toLowerCase(),
        );
        if (existing)
          report.updated.push(
            await this.mcp['mcp.servers.update']({
              id: existing.id,
              patch: { transport: input.transport },
            }),
          );
        else report.created.push(this.addServer(input));
      }
      return report;
    },
    'mcp.servers.export': async () => ({
      json: JSON.stringify({
        mcpServers: Object.fromEntries(
          [...this.servers.values()].map((s) => [s.name, s.transport]),
        ),
      }),
    }),
    'mcp.servers.catalog': async () => this.catalog,
    'mcp.servers.metrics': async ({ id }) =>
      id
        ? [this.metricsOf(this.server(id).id)]
        : [...this.servers.keys()].map((s) => this.metricsOf(s)),
    'approvals.respond': async ({ id, decision }) => {
      if (!this.answer(id, decision))
        throw new AppError('NOT_FOUND', `No approval request "${id}" is waiting.`);
      return { ok: true };
    },
  };
}
