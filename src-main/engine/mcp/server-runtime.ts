import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type {
  McpLogEntry,
  McpServer,
  McpServerState,
  McpServerStatus,
  McpTool,
} from '@shared/entities/mcp';
import type { AppError, ErrorShape } from '@shared/errors';
import type { Bus } from '../bus/bus';
import type { McpConnection } from './connection';
import { namespacedToolName } from './names';
import { changedSinceConsent, toolDefinitionHash } from './pins';
import { RingLog, type LogInput } from './ring-log';

export interface ToolEntry {
  tool: Tool;
  hash: string;
  namespacedName: string;
}

const LOG_FLUSH_MS = 50;

/** A tool that can only run as a task (MCP tasks): not supported by this client, so never offered. */
export function needsTasks(tool: Tool): boolean {
  return (tool as { execution?: { taskSupport?: string } }).execution?.taskSupport === 'required';
}

/** The live state of one configured server: its connection, state machine, tools and log. */
export class ServerRuntime {
  state: McpServerState;
  since = new Date().toISOString();
  error: ErrorShape | undefined;
  restarts = 0;
  nextRestartAt: string | undefined;
  connection: McpConnection | undefined;
  /** Increases with every start, so callbacks of an old connection are ignored. */
  generation = 0;
  starting: Promise<void> | undefined;
  restartTimer: NodeJS.Timeout | undefined;
  healthTimer: NodeJS.Timeout | undefined;
  healthFailures = 0;
  readySince = 0;
  /** Set by stop(): the close that follows is not a crash. */
  stopping = false;
  tools = new Map<string, ToolEntry>();
  readonly log = new RingLog();
  private pendingLogs: McpLogEntry[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    public server: McpServer,
    private readonly bus: Bus,
  ) {
    this.state = server.enabled ? 'stopped' : 'disabled';
  }

  status(): McpServerStatus {
    const conn = this.connection;
    const info = conn?.client.getServerVersion();
    const live = this.state === 'ready' || this.state === 'degraded';
    return {
      serverId: this.server.id,
      state: this.state,
      since: this.since,
      restarts: this.restarts,
      ...(this.error ? { error: this.error } : {}),
      ...(this.error?.code === 'UNAUTHORIZED' ? { signInNeeded: true } : {}),
      ...(this.nextRestartAt ? { nextRestartAt: this.nextRestartAt } : {}),
      ...(live && conn?.pid ? { pid: conn.pid } : {}),
      ...(live && info ? { serverInfo: { name: info.name, version: info.version } } : {}),
      ...(live &&
      conn?.transport &&
      'protocolVersion' in conn.transport &&
      typeof conn.transport.protocolVersion === 'string'
        ? { protocolVersion: conn.transport.protocolVersion }
        : {}),
      ...(live && conn ? { transport: conn.kind, toolCount: this.tools.size } : {}),
    };
  }

  /** Moves the state machine and publishes `mcp.server.state`. */
  setState(state: McpServerState, error?: AppError): void {
    this.state = state;
    this.since = new Date().toISOString();
    this.error = error?.toJSON();
    if (state !== 'crashed') this.nextRestartAt = undefined;
    if (error)
      this.appendLog({
        stream: 'system',
        level: state === 'degraded' ? 'warn' : 'error',
        text: error.message,
      });
    this.publishState();
  }

  publishState(): void {
    this.bus.publish('mcp.server.state', this.status());
  }

  appendLog(input: LogInput): void {
    this.pendingLogs.push(this.log.append(input));
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flushLogs(), LOG_FLUSH_MS);
      this.flushTimer.unref?.();
    }
  }

  flushLogs(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingLogs.length === 0) return;
    const entries = this.pendingLogs;
    this.pendingLogs = [];
    this.bus.publish('mcp.server.log', { serverId: this.server.id, entries });
  }

  setTools(tools: Tool[]): void {
    this.tools = new Map(
      tools.map((tool) => [
        tool.name,
        {
          tool,
          hash: toolDefinitionHash(tool),
          namespacedName: namespacedToolName(this.server.name, tool.name),
        },
      ]),
    );
  }

  /** The namespaced names follow the server name, which the user may change. */
  rename(server: McpServer): void {
    this.server = server;
    this.setTools([...this.tools.values()].map((entry) => entry.tool));
  }

  describeTools(): McpTool[] {
    return [...this.tools.values()].map(({ tool, hash, namespacedName }) => {
      return {
        serverId: this.server.id,
        name: tool.name,
        namespacedName,
        ...(tool.title ? { title: tool.title } : {}),
        description: tool.description ?? '',
        inputSchema: tool.inputSchema as Record<string, unknown>,
        ...(tool.outputSchema
          ? { outputSchema: tool.outputSchema as Record<string, unknown> }
          : {}),
        ...(tool.annotations ? { annotations: tool.annotations } : {}),
        hash,
        approval: this.server.approval.tools[tool.name] ?? this.server.approval.default,
        changedSinceConsent: changedSinceConsent(this.server.consent.tools, tool.name, hash),
        needsTasks: needsTasks(tool),
      };
    });
  }

  clearTimers(): void {
    clearTimeout(this.restartTimer);
    clearInterval(this.healthTimer);
    this.restartTimer = undefined;
    this.healthTimer = undefined;
  }
}
