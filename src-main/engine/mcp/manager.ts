import type { Prompt, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import type {
  McpLogEntry,
  McpServer,
  McpServerStatus,
  McpServerView,
  McpTool,
  McpToolResult,
} from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import type { Bus } from '../bus/bus';
import { ApprovalService } from './approvals';
import { executeToolCall, type ToolCallOptions } from './calls';
import type { ClientHandlers } from './client-handlers';
import { userPath } from './command';
import type { McpConnection } from './connection';
import { toAppError } from './errors';
import type { SecretReader } from './launch';
import { DEFAULT_MANAGER_OPTIONS, ServerLifecycle, type LifecycleDeps, type ServerManagerOptions } from './lifecycle';
import { McpMetrics } from './metrics';
import { ProcessRecord } from './process-record';
import { killAllRegistered } from './process-tree';
import type { McpServerRepository } from './repository';
import { ServerRuntime } from './server-runtime';

export { DEFAULT_MANAGER_OPTIONS, type ServerManagerOptions } from './lifecycle';

export interface ServerCapabilityLists {
  tools: McpTool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
}

export interface ServerManagerDeps {
  repository: McpServerRepository;
  bus: Bus;
  secrets?: SecretReader;
  handlers?: ClientHandlers;
  /** The PATH servers start with (default: the login shell's, cached). */
  path?: () => Promise<string>;
  options?: Partial<ServerManagerOptions>;
  /** Where spawned server processes are recorded: those a crashed engine left are stopped at start. */
  dataDir?: string;
  /** OAuth for HTTP servers (oauth/sign-in.ts). */
  oauth?: LifecycleDeps['oauth'];
}

/**
 * Runs the configured MCP servers: start, stop, restart, health checks with bounded backoff
 * restarts, and tool calls. Each state change is published as `mcp.server.state`.
 */
export class ServerManager {
  readonly options: ServerManagerOptions;
  readonly approvals: ApprovalService;
  readonly metrics = new McpMetrics();
  private readonly runtimes = new Map<string, ServerRuntime>();
  private readonly lifecycle: ServerLifecycle;
  private writes: Promise<unknown> = Promise.resolve();
  private readonly record: ProcessRecord | undefined;

  constructor(private readonly deps: ServerManagerDeps) {
    this.options = { ...DEFAULT_MANAGER_OPTIONS, ...deps.options };
    this.approvals = new ApprovalService(
      deps.bus,
      (id, change) => this.updateServer(id, change).then(() => undefined),
      {
        timeoutMs: this.options.approvalTimeoutMs,
      },
    );
    this.record = deps.dataDir ? new ProcessRecord(deps.dataDir) : undefined;
    this.lifecycle = new ServerLifecycle({
      recorder: this.record,
      options: this.options,
      approvals: this.approvals,
      secrets: deps.secrets,
      handlers: deps.handlers ?? {},
      path: deps.path ?? userPath,
      oauth: deps.oauth,
    });
  }

  /**
   * Stops the server processes an engine that crashed on this data folder left running, loads the
   * configured servers (no process is started) and, when there are any, begins reading the user's
   * PATH (a login shell: with no server to start, a short command neither pays for it nor waits for it).
   */
  async init(): Promise<void> {
    await this.record?.cleanupLeftovers(this.options.termMs);
    for (const server of await this.deps.repository.list()) {
      if (!this.runtimes.has(server.id))
        this.runtimes.set(server.id, new ServerRuntime(server, this.deps.bus));
    }
    if (this.runtimes.size) void (this.deps.path ?? userPath)();
  }

  /** Starts every enabled server marked autoStart; resolves when each has started or failed. */
  async autoStart(): Promise<void> {
    const due = [...this.runtimes.values()].filter(
      (rt) => rt.server.enabled && rt.server.autoStart,
    );
    await Promise.allSettled(due.map((rt) => this.lifecycle.launch(rt)));
  }

  private runtime(id: string): ServerRuntime {
    const rt = this.runtimes.get(id);
    if (!rt)
      throw new AppError('NOT_FOUND', `No MCP server with id "${id}".`, {
        hint: 'List the servers with mcp.servers.list.',
      });
    return rt;
  }

  servers(): McpServer[] {
    return [...this.runtimes.values()]
      .map((rt) => rt.server)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  view(id: string): McpServerView {
    const rt = this.runtime(id);
    return { server: rt.server, status: rt.status() };
  }

  views(): McpServerView[] {
    return this.servers().map((s) => this.view(s.id));
  }

  status(id: string): McpServerStatus {
    return this.runtime(id).status();
  }

  /**
   * The one way a stored server changes (config edits and consent): serialised, so a consent pin
   * and a settings edit never overwrite each other. Applies the change to the running server.
   */
  updateServer(id: string, change: (server: McpServer) => McpServer): Promise<McpServer> {
    const next = this.writes.then(async () => {
      const current = await this.deps.repository.get(id);
      if (!current) throw new AppError('NOT_FOUND', `No MCP server with id "${id}".`);
      const saved = await this.deps.repository.upsert({
        ...change(current),
        id,
        updatedAt: new Date().toISOString(),
      });
      await this.applyConfig(saved, current);
      return saved;
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  /** Adds a new server (already validated) to the store and the manager. */
  createServer(server: McpServer): Promise<McpServer> {
    const next = this.writes.then(async () => {
      const saved = await this.deps.repository.upsert(server);
      const rt = new ServerRuntime(saved, this.deps.bus);
      this.runtimes.set(saved.id, rt);
      rt.publishState();
      return saved;
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  async deleteServer(id: string): Promise<boolean> {
    const rt = this.runtimes.get(id);
    if (rt) await this.lifecycle.stop(rt);
    this.runtimes.delete(id);
    this.metrics.forget(id);
    return this.deps.repository.delete(id);
  }

  private async applyConfig(server: McpServer, previous: McpServer): Promise<void> {
    const rt = this.runtimes.get(server.id);
    if (!rt) return;
    rt.rename(server);
    if (!server.enabled) {
      if (rt.state !== 'disabled') await this.lifecycle.stop(rt);
      return;
    }
    if (rt.state === 'disabled') return rt.setState('stopped');
    const live = rt.state === 'ready' || rt.state === 'degraded' || rt.state === 'starting';
    const relaunch = ['transport', 'secretEnv', 'secretHeaders'].some(
      (key) =>
        JSON.stringify(server[key as keyof McpServer]) !==
        JSON.stringify(previous[key as keyof McpServer]),
    );
    if (live && relaunch) {
      await this.lifecycle.stop(rt);
      void this.lifecycle.launch(rt).catch(() => undefined);
    } else if (rt.connection && JSON.stringify(server.roots) !== JSON.stringify(previous.roots)) {
      await rt.connection.rootsChanged().catch(() => undefined);
    }
  }

  async start(id: string): Promise<McpServerStatus> {
    const rt = this.runtime(id);
    if (!rt.server.enabled) {
      throw new AppError('CONFIG', `MCP server "${rt.server.name}" is disabled.`, {
        hint: 'Enable it in the server settings first.',
      });
    }
    if (rt.state === 'ready' || rt.state === 'degraded') return rt.status();
    clearTimeout(rt.restartTimer);
    rt.restarts = 0;
    await this.lifecycle.launch(rt);
    return rt.status();
  }

  async stop(id: string): Promise<McpServerStatus> {
    const rt = this.runtime(id);
    await this.lifecycle.stop(rt);
    return rt.status();
  }

  async restart(id: string): Promise<McpServerStatus> {
    await this.lifecycle.stop(this.runtime(id));
    return this.start(id);
  }

  logs(id: string, afterSeq = -1, limit = 500): McpLogEntry[] {
    return this.runtime(id).log.read(afterSeq, limit);
  }

  /** The tools of a server as last listed (kept while stopped); refresh asks the running server again. */
  async tools(id: string, refresh = false): Promise<McpTool[]> {
    const rt = this.runtime(id);
    if (refresh) {
      const conn = this.liveConnection(rt);
      await conn.refresh('tools').catch((error: unknown) => {
        throw toAppError(error, {
          server: rt.server.name,
          what: 'tools/list',
          timeoutMs: this.options.requestTimeoutMs,
          fallback: 'UNAVAILABLE',
        });
      });
      rt.setTools(conn.tools);
    }
    return rt.describeTools();
  }

  /** Pins a tool's current definition as approved; `hash` is the definition the user reviewed. */
  async approveToolDefinition(id: string, tool: string, hash: string): Promise<McpTool> {
    const current = this.runtime(id)
      .describeTools()
      .find((t) => t.name === tool);
    if (!current)
      throw new AppError(
        'NOT_FOUND',
        `MCP server "${this.runtime(id).server.name}" has no tool "${tool}".`,
        { hint: 'List its tools again.' },
      );
    if (current.hash !== hash)
      throw new AppError(
        'CONFLICT',
        `The definition of "${tool}" changed again while you reviewed it.`,
        { hint: 'Review the definition shown now, then approve it.' },
      );
    await this.updateServer(id, (server) => ({
      ...server,
      consent: { ...server.consent, tools: { ...server.consent.tools, [tool]: hash } },
    }));
    return this.runtime(id)
      .describeTools()
      .find((t) => t.name === tool)!;
  }

  /** Everything a running server offers: tools, resources, resource templates and prompts. */
  async capabilities(id: string, refresh = false): Promise<ServerCapabilityLists> {
    const rt = this.runtime(id);
    const conn = this.liveConnection(rt);
    if (refresh) {
      await conn.refreshAll().catch((error: unknown) => {
        throw toAppError(error, {
          server: rt.server.name,
          what: 'list',
          timeoutMs: this.options.requestTimeoutMs,
          fallback: 'UNAVAILABLE',
        });
      });
      rt.setTools(conn.tools);
    }
    return {
      tools: rt.describeTools(),
      resources: conn.resources,
      resourceTemplates: conn.resourceTemplates,
      prompts: conn.prompts,
    };
  }

  /** The live servers (for the tool source). */
  runtimesFor(ids?: string[]): ServerRuntime[] {
    return ids ? ids.map((id) => this.runtime(id)) : [...this.runtimes.values()];
  }

  /** Starts the server when it is enabled and not running yet; resolves once it is ready. */
  async ensureRunning(id: string): Promise<ServerRuntime> {
    const rt = this.runtime(id);
    if (rt.state !== 'ready' && rt.state !== 'degraded') await this.start(id);
    return rt;
  }

  callTool(
    id: string,
    tool: string,
    args: Record<string, unknown>,
    options: ToolCallOptions = {},
  ): Promise<McpToolResult> {
    const rt = this.runtime(id);
    return executeToolCall(rt, this.liveConnection(rt), tool, args, options, {
      approvals: this.approvals,
      metrics: this.metrics,
      maxResultBytes: this.options.maxResultBytes,
    });
  }

  /** A running server's runtime and connection (resources, prompts, logging); UNAVAILABLE when it is not running. */
  live(id: string): { rt: ServerRuntime; connection: McpConnection; bus: Bus; requestTimeoutMs: number } {
    const rt = this.runtime(id);
    return { rt, connection: this.liveConnection(rt), bus: this.deps.bus, requestTimeoutMs: this.options.requestTimeoutMs };
  }

  private liveConnection(rt: ServerRuntime): McpConnection {
    if ((rt.state === 'ready' || rt.state === 'degraded') && rt.connection) return rt.connection;
    throw new AppError(
      'UNAVAILABLE',
      `MCP server "${rt.server.name}" is not running (${rt.state}).`,
      {
        hint: rt.error ? `Last error: ${rt.error.message}` : 'Start the server first.',
      },
    );
  }

  /** Stops every server (the shutdown sequence of the spec); after it, no server process is left. */
  async closeAll(): Promise<void> {
    if (this.lifecycle.closed) return;
    this.lifecycle.closed = true;
    this.approvals.cancelAll();
    await Promise.allSettled([...this.runtimes.values()].map((rt) => this.lifecycle.stop(rt)));
    killAllRegistered();
  }
}
