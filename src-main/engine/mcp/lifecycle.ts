import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '@shared/errors';
import type { ApprovalService } from './approvals';
import type { ClientHandlers } from './client-handlers';
import { McpConnection } from './connection';
import { toAppError } from './errors';
import { prepareLaunch, type SecretReader } from './launch';
import type { SpawnRecorder } from './process-record';
import type { ServerRuntime } from './server-runtime';
import { ManagedStdioTransport } from './stdio-transport';

export interface ServerManagerOptions {
  clientInfo: { name: string; version: string };
  /** Tool results are cut to this many bytes before they reach a model. */
  maxResultBytes: number;
  /** The largest single message accepted from a stdio server. */
  maxMessageBytes: number;
  /** initialize and list requests. */
  requestTimeoutMs: number;
  /** Ping period; 0 turns health checks off. */
  healthIntervalMs: number;
  pingTimeoutMs: number;
  /** Failed pings in a row before the server is restarted. */
  unhealthyAfter: number;
  restartBaseMs: number;
  restartMaxMs: number;
  /** Automatic restarts before giving up (until the next manual start). */
  maxRestarts: number;
  /** Ready this long resets the restart count. */
  stableAfterMs: number;
  /** Shutdown: wait after closing stdin, then after SIGTERM. */
  graceMs: number;
  termMs: number;
  approvalTimeoutMs: number;
}

export const DEFAULT_MANAGER_OPTIONS: ServerManagerOptions = {
  clientInfo: { name: 'agent-factory', version: '0.1.0' },
  maxResultBytes: 256 * 1024,
  maxMessageBytes: 16 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  healthIntervalMs: 30_000,
  pingTimeoutMs: 10_000,
  unhealthyAfter: 3,
  restartBaseMs: 1000,
  restartMaxMs: 60_000,
  maxRestarts: 5,
  stableAfterMs: 60_000,
  graceMs: 2000,
  termMs: 2000,
  approvalTimeoutMs: 10 * 60_000,
};

export interface LifecycleDeps {
  options: ServerManagerOptions;
  approvals: ApprovalService;
  secrets: SecretReader | undefined;
  handlers: ClientHandlers;
  path: () => Promise<string>;
  /** Records spawned server processes (see process-record.ts). */
  recorder?: SpawnRecorder | undefined;
  /** The OAuth client of HTTP servers (see oauth/sign-in.ts); absent: no authorization is attempted. */
  oauth?: { providerFor(serverId: string, serverUrl: string): Promise<OAuthClientProvider> } | undefined;
}

/**
 * The state machine of each server: starting (command resolved, launch consent, initialize),
 * ready, degraded (failed pings), crashed (restarts with exponential backoff, bounded), stopped,
 * disabled. Every transition is published by the runtime as `mcp.server.state`.
 */
export class ServerLifecycle {
  /** Set on shutdown: nothing starts again, and closes are no longer crashes. */
  closed = false;
  private readonly launchAborts = new Map<string, AbortController>();

  constructor(private readonly deps: LifecycleDeps) {}

  private get options(): ServerManagerOptions {
    return this.deps.options;
  }

  launch(rt: ServerRuntime): Promise<void> {
    rt.starting ??= this.doLaunch(rt).finally(() => (rt.starting = undefined));
    return rt.starting;
  }

  private async doLaunch(rt: ServerRuntime): Promise<void> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'The MCP manager is shut down.');
    const generation = ++rt.generation;
    const abort = new AbortController();
    this.launchAborts.set(rt.server.id, abort);
    rt.stopping = false;
    rt.clearTimers();
    rt.healthFailures = 0;
    rt.setState('starting');
    const current = () => generation === rt.generation && !this.closed;
    const server = rt.server;
    let connection: McpConnection;
    // Until the process is spawned, failures (command, secrets, consent) are not helped by retrying.
    let spawned = false;
    try {
      const stdio = {
        maxMessageBytes: this.options.maxMessageBytes,
        graceMs: this.options.graceMs,
        termMs: this.options.termMs,
        record: this.deps.recorder
          ? { recorder: this.deps.recorder, serverId: server.id }
          : undefined,
      };
      // Logs are kept even from a process being shut down: its last words explain the shutdown.
      const prepared = await prepareLaunch(
        server,
        { secrets: this.deps.secrets, path: this.deps.path, stdio },
        (entry) => rt.appendLog(entry),
      );
      if (prepared.consent)
        await this.deps.approvals.authorizeLaunch({
          server: rt.server,
          ...prepared.consent,
          signal: abort.signal,
        });
      if (!current()) return;
      spawned = true;
      const { endpoint } = prepared;
      if (endpoint.type !== 'stdio' && this.deps.oauth)
        endpoint.authProvider = await this.deps.oauth.providerFor(server.id, endpoint.url);
      connection = await McpConnection.open({
        serverId: server.id,
        serverName: server.name,
        endpoint: prepared.endpoint,
        roots: () => rt.server.roots,
        handlers: this.deps.handlers,
        clientInfo: this.options.clientInfo,
        requestTimeoutMs: this.options.requestTimeoutMs,
        signal: abort.signal,
        onLog: (entry) => rt.appendLog(entry),
        onClose: () => this.onClosed(rt, generation),
        onListChanged: (kind) => {
          if (generation !== rt.generation || kind !== 'tools' || !rt.connection) return;
          rt.setTools(rt.connection.tools);
          rt.appendLog({
            stream: 'system',
            level: 'info',
            text: `Tool list changed (${rt.tools.size} tools).`,
          });
          rt.publishState();
        },
      });
    } catch (error) {
      if (!current()) return;
      const appError = toAppError(error, {
        server: server.name,
        what: 'start',
        timeoutMs: this.options.requestTimeoutMs,
        fallback: 'UNAVAILABLE',
      });
      if (!spawned || ['CONFIG', 'FORBIDDEN', 'CANCELLED', 'UNAUTHORIZED'].includes(appError.code)) {
        rt.setState('stopped', appError);
      } else this.crashed(rt, appError);
      throw appError;
    } finally {
      if (this.launchAborts.get(server.id) === abort) this.launchAborts.delete(server.id);
    }
    if (!current()) {
      await connection.close();
      return;
    }
    rt.connection = connection;
    rt.setTools(connection.tools);
    rt.readySince = Date.now();
    rt.setState('ready');
    if (this.options.healthIntervalMs > 0) {
      rt.healthTimer = setInterval(
        () => void this.checkHealth(rt, generation),
        this.options.healthIntervalMs,
      );
      rt.healthTimer.unref?.();
    }
  }

  private onClosed(rt: ServerRuntime, generation: number): void {
    // Closes while connecting (a failed attempt, the HTTP → SSE fallback) are the start's to report.
    if (generation !== rt.generation || rt.stopping || this.closed || !rt.connection) return;
    const conn = rt.connection;
    rt.connection = undefined;
    rt.generation += 1;
    const exit = conn?.transport instanceof ManagedStdioTransport ? conn.transport.exit : undefined;
    const how = exit
      ? exit.signal
        ? ` (killed by ${exit.signal})`
        : ` with code ${exit.code}`
      : '';
    const lastErr = rt.log
      .read(-1, 50)
      .filter((e) => e.stream === 'stderr')
      .at(-1)?.text;
    this.crashed(
      rt,
      new AppError(
        'UNAVAILABLE',
        `MCP server "${rt.server.name}" exited${how}.${lastErr ? ` Last output: ${lastErr.slice(0, 300)}` : ''}`,
        {
          hint: 'See the server log; it is restarted automatically a few times.',
        },
      ),
    );
  }

  /** Crashed: schedules a restart with exponential backoff, until maxRestarts. */
  private crashed(rt: ServerRuntime, error: AppError): void {
    rt.clearTimers();
    if (this.closed) return rt.setState('crashed', error);
    if (rt.restarts >= this.options.maxRestarts) {
      rt.setState(
        'crashed',
        new AppError(
          error.code,
          `${error.message} Gave up after ${rt.restarts} automatic restarts.`,
          { hint: 'Fix the cause, then start the server again.' },
        ),
      );
      return;
    }
    const delay = Math.min(
      this.options.restartBaseMs * 2 ** rt.restarts,
      this.options.restartMaxMs,
    );
    rt.nextRestartAt = new Date(Date.now() + delay).toISOString();
    rt.setState('crashed', error);
    rt.restartTimer = setTimeout(() => {
      rt.restarts += 1;
      void this.launch(rt).catch(() => undefined);
    }, delay);
    rt.restartTimer.unref?.();
  }

  private async checkHealth(rt: ServerRuntime, generation: number): Promise<void> {
    const conn = rt.connection;
    if (generation !== rt.generation || !conn || rt.starting) return;
    let failure: AppError | undefined;
    try {
      await conn.ping(this.options.pingTimeoutMs);
    } catch (error) {
      // Any JSON-RPC answer (even "method not found") shows the server is alive.
      if (!(error instanceof McpError) || error.code === -32001 || error.code === -32000) {
        failure = toAppError(error, {
          server: rt.server.name,
          what: 'ping',
          timeoutMs: this.options.pingTimeoutMs,
          fallback: 'UNAVAILABLE',
        });
      }
    }
    if (generation !== rt.generation) return;
    if (!failure) {
      rt.healthFailures = 0;
      if (Date.now() - rt.readySince >= this.options.stableAfterMs) rt.restarts = 0;
      if (rt.state === 'degraded') rt.setState('ready');
      return;
    }
    rt.healthFailures += 1;
    if (rt.healthFailures < this.options.unhealthyAfter) return rt.setState('degraded', failure);
    rt.generation += 1;
    rt.connection = undefined;
    this.crashed(
      rt,
      new AppError(
        'UNAVAILABLE',
        `MCP server "${rt.server.name}" stopped answering pings; restarting it.`,
      ),
    );
    await conn.close().catch(() => undefined);
  }

  async stop(rt: ServerRuntime): Promise<void> {
    rt.stopping = true;
    rt.generation += 1;
    rt.clearTimers();
    rt.restarts = 0;
    this.launchAborts
      .get(rt.server.id)
      ?.abort(new AppError('CANCELLED', 'The server was stopped while starting.'));
    const conn = rt.connection;
    rt.connection = undefined;
    await rt.starting?.catch(() => undefined);
    if (conn) await conn.close().catch(() => undefined);
    rt.setState(rt.server.enabled ? 'stopped' : 'disabled');
    rt.flushLogs();
  }
}
