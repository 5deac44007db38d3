import { pathToFileURL } from 'node:url';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type ClientCapabilities,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '@shared/errors';
import type { ClientHandlers } from './client-handlers';
import { toAppError } from './errors';
import type { LogInput } from './ring-log';
import {
  ManagedStdioTransport,
  type StdioLaunch,
  type StdioTransportOptions,
} from './stdio-transport';

export type ListKind = 'tools' | 'resources' | 'prompts';

/** How to reach a server, with secrets already filled in. */
export type Endpoint =
  | { type: 'stdio'; launch: StdioLaunch; options: StdioTransportOptions }
  | { type: 'http'; url: string; headers: Record<string, string>; fallbackToSse: boolean; authProvider?: OAuthClientProvider | undefined }
  | { type: 'sse'; url: string; headers: Record<string, string>; authProvider?: OAuthClientProvider | undefined };

export interface ConnectionOptions {
  serverId: string;
  serverName: string;
  endpoint: Endpoint;
  roots: () => string[];
  handlers: ClientHandlers;
  clientInfo: { name: string; version: string };
  /** For initialize and each list request. */
  requestTimeoutMs: number;
  /** Aborts the start (initialize and the first listing). */
  signal?: AbortSignal | undefined;
  onLog(entry: LogInput): void;
  /** The transport closed (the process exited or the session ended). */
  onClose(): void;
  onListChanged(kind: ListKind): void;
}

/** The SDK's client and HTTP transports, imported when the first server starts (most commands start none). */
const loadSdk = async () => {
  const [{ Client }, { SSEClientTransport }, { StreamableHTTPClientTransport, StreamableHTTPError }] =
    await Promise.all([
      import('@modelcontextprotocol/sdk/client/index.js'),
      import('@modelcontextprotocol/sdk/client/sse.js'),
      import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    ]);
  return { Client, SSEClientTransport, StreamableHTTPClientTransport, StreamableHTTPError };
};
type Sdk = Awaited<ReturnType<typeof loadSdk>>;

const MAX_PAGES = 50;
const MAX_ITEMS = 5000;

/** One live session with one MCP server: the SDK client, its transport and the listed capabilities. */
export class McpConnection {
  tools: Tool[] = [];
  resources: Resource[] = [];
  resourceTemplates: ResourceTemplate[] = [];
  prompts: Prompt[] = [];
  private closed = false;

  private constructor(
    readonly client: Client,
    readonly transport: Transport,
    readonly kind: 'stdio' | 'http' | 'sse',
    private readonly options: ConnectionOptions,
  ) {}

  get pid(): number | undefined {
    return this.transport instanceof ManagedStdioTransport ? this.transport.pid : undefined;
  }

  static async open(options: ConnectionOptions): Promise<McpConnection> {
    const { endpoint } = options;
    const sdk = await loadSdk();
    const { StreamableHTTPError } = sdk;
    if (endpoint.type === 'http') {
      try {
        return await McpConnection.connect(
          sdk,
          options,
          streamable(sdk, endpoint.url, endpoint.headers, endpoint.authProvider),
          'http',
        );
      } catch (error) {
        const cause =
          error instanceof Error && error.cause instanceof StreamableHTTPError
            ? error.cause
            : error;
        const status = cause instanceof StreamableHTTPError ? cause.code : undefined;
        const fallback =
          endpoint.fallbackToSse &&
          status !== undefined &&
          status >= 400 &&
          status < 500 &&
          status !== 401 &&
          status !== 403;
        if (!fallback) throw error;
        options.onLog({
          stream: 'system',
          level: 'info',
          text: `Streamable HTTP refused (${status}); trying the legacy SSE transport.`,
        });
        return McpConnection.connect(sdk, options, legacySse(sdk, endpoint.url, endpoint.headers, endpoint.authProvider), 'sse');
      }
    }
    if (endpoint.type === 'sse')
      return McpConnection.connect(sdk, options, legacySse(sdk, endpoint.url, endpoint.headers, endpoint.authProvider), 'sse');
    return McpConnection.connect(
      sdk,
      options,
      new ManagedStdioTransport(endpoint.launch, endpoint.options),
      'stdio',
    );
  }

  private static async connect(
    { Client }: Sdk,
    options: ConnectionOptions,
    transport: Transport,
    kind: 'stdio' | 'http' | 'sse',
  ): Promise<McpConnection> {
    const capabilities: ClientCapabilities = { roots: { listChanged: true } };
    if (options.handlers.sampling) capabilities.sampling = {};
    // applyDefaults: the SDK fills an accepted form's omitted fields with the schema's defaults (SEP-1034).
    if (options.handlers.elicitation) capabilities.elicitation = { form: { applyDefaults: true } };
    const client = new Client(options.clientInfo, { capabilities });
    const connection = new McpConnection(client, transport, kind, options);
    connection.installHandlers();
    try {
      await client.connect(transport, {
        timeout: options.requestTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      await connection.refreshAll(options.signal);
    } catch (error) {
      await connection.close();
      const oauth = await oauthFailure(error, options);
      if (oauth) throw oauth;
      throw toAppError(error, {
        server: options.serverName,
        what: 'initialize',
        timeoutMs: options.requestTimeoutMs,
        signal: options.signal,
        fallback: 'UNAVAILABLE',
      });
    }
    return connection;
  }

  private installHandlers(): void {
    const { client, options } = this;
    const context = (signal: AbortSignal) => ({
      serverId: options.serverId,
      serverName: options.serverName,
      signal,
    });
    client.onclose = () => {
      if (this.closed) return;
      this.closed = true;
      options.onClose();
    };
    client.onerror = (error) =>
      options.onLog({ stream: 'system', level: 'warn', text: `Protocol error: ${error.message}` });
    client.setRequestHandler(ListRootsRequestSchema, () => ({
      roots: options.roots().map((dir) => ({ uri: pathToFileURL(dir).href, name: dir })),
    }));
    const { sampling, elicitation } = options.handlers;
    if (sampling)
      client.setRequestHandler(CreateMessageRequestSchema, (request, extra) =>
        sampling(request.params, context(extra.signal)),
      );
    if (elicitation)
      client.setRequestHandler(ElicitRequestSchema, (request, extra) =>
        elicitation(request.params, context(extra.signal)),
      );
    client.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => {
      const level = ['error', 'critical', 'alert', 'emergency'].includes(params.level)
        ? 'error'
        : params.level === 'warning'
          ? 'warn'
          : 'info';
      const data = typeof params.data === 'string' ? params.data : JSON.stringify(params.data);
      options.onLog({
        stream: 'system',
        level,
        text: `${params.logger ? `[${params.logger}] ` : ''}${data}`,
      });
    });
    const chains: Record<ListKind, Promise<unknown>> = {
      tools: Promise.resolve(),
      resources: Promise.resolve(),
      prompts: Promise.resolve(),
    };
    const onChanged = (kind: ListKind) => () => {
      // One refresh at a time per list, so an older answer never overwrites a newer one.
      chains[kind] = chains[kind]
        .then(() => this.refresh(kind))
        .then(
          () => options.onListChanged(kind),
          (error: unknown) =>
            options.onLog({
              stream: 'system',
              level: 'warn',
              text: `Could not refresh ${kind}: ${String(error)}`,
            }),
        );
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, onChanged('tools'));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, onChanged('resources'));
    client.setNotificationHandler(PromptListChangedNotificationSchema, onChanged('prompts'));
  }

  async refreshAll(signal?: AbortSignal): Promise<void> {
    await this.refresh('tools', signal);
    await this.refresh('resources', signal);
    await this.refresh('prompts', signal);
  }

  async refresh(kind: ListKind, signal?: AbortSignal): Promise<void> {
    const caps = this.client.getServerCapabilities() ?? {};
    const opts: RequestOptions = {
      timeout: this.options.requestTimeoutMs,
      ...(signal ? { signal } : {}),
    };
    if (kind === 'tools') {
      this.tools = caps.tools
        ? await paginate(
            (cursor) => this.client.listTools(cursor ? { cursor } : {}, opts),
            (r) => r.tools,
          )
        : [];
    } else if (kind === 'prompts') {
      this.prompts = caps.prompts
        ? await paginate(
            (cursor) => this.client.listPrompts(cursor ? { cursor } : {}, opts),
            (r) => r.prompts,
          )
        : [];
    } else if (caps.resources) {
      this.resources = await paginate(
        (cursor) => this.client.listResources(cursor ? { cursor } : {}, opts),
        (r) => r.resources,
      );
      this.resourceTemplates = await paginate(
        (cursor) => this.client.listResourceTemplates(cursor ? { cursor } : {}, opts),
        (r) => r.resourceTemplates,
      );
    } else {
      this.resources = [];
      this.resourceTemplates = [];
    }
  }

  ping(timeoutMs: number): Promise<unknown> {
    return this.client.ping({ timeout: timeoutMs });
  }

  /** tools/call; the output schema check is left to the caller (it knows the pinned definition). */
  callTool(
    name: string,
    args: Record<string, unknown>,
    options: RequestOptions,
  ): Promise<CallToolResult> {
    return this.client.request(
      { method: 'tools/call', params: { name, arguments: args } },
      CallToolResultSchema,
      options,
    );
  }

  /** Tells the server its roots changed (after the user granted or removed a folder). */
  async rootsChanged(): Promise<void> {
    if (!this.closed) await this.client.sendRootsListChanged();
  }

  /** Ends the session; for stdio, the shutdown sequence of the spec. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.client.close();
    } catch {
      await this.transport.close().catch(() => undefined);
    }
  }
}

/**
 * A failed OAuth flow (discovery, registration, token request) while connecting: UNAUTHORIZED,
 * saying what failed, rather than a generic failure. Servers that answer 401 without OAuth land here.
 */
async function oauthFailure(error: unknown, options: ConnectionOptions): Promise<AppError | undefined> {
  const { endpoint } = options;
  if (endpoint.type === 'stdio' || !endpoint.authProvider || options.signal?.aborted) return undefined;
  const { OAuthError } = await import('@modelcontextprotocol/sdk/server/auth/errors.js');
  const message = error instanceof Error ? error.message : String(error);
  const fromAuth =
    error instanceof OAuthError ||
    /oauth|client registration|authorization server|protected resource metadata/i.test(message);
  if (!fromAuth) return undefined;
  return new AppError('UNAUTHORIZED', `MCP server "${options.serverName}" asks for authorization, and signing in with OAuth failed: ${message}`, {
    hint: 'Sign in needed: if the server supports OAuth, sign in again from its page; otherwise set the token it expects in its headers (secret headers).',
    cause: error,
  });
}

function streamable(
  { StreamableHTTPClientTransport }: Sdk,
  url: string,
  headers: Record<string, string>,
  authProvider: OAuthClientProvider | undefined,
): Transport {
  // With an auth provider, a 401 runs the SDK's authorization (discovery, registration, PKCE,
  // refresh) and a 403 insufficient_scope asks for the larger scope (step-up).
  return new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers },
    ...(authProvider ? { authProvider } : {}),
  });
}

function legacySse(
  { SSEClientTransport }: Sdk,
  url: string,
  headers: Record<string, string>,
  authProvider: OAuthClientProvider | undefined,
): Transport {
  // The SDK sends requestInit.headers on the POSTs and on the event stream alike.
  return new SSEClientTransport(new URL(url), { requestInit: { headers }, ...(authProvider ? { authProvider } : {}) });
}

async function paginate<R extends { nextCursor?: string | undefined }, T>(
  fetchPage: (cursor: string | undefined) => Promise<R>,
  items: (result: R) => T[],
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && all.length < MAX_ITEMS; page++) {
    const result = await fetchPage(cursor);
    all.push(...items(result));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return all.slice(0, MAX_ITEMS);
}
