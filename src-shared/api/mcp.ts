import { z } from 'zod';
import {
  ApprovalDecision,
  ApprovalRequest,
  CatalogEntry,
  ImportReport,
  JsonObject,
  McpLogEntry,
  McpOAuthClientConfig,
  McpServerId,
  McpServerInput,
  McpServerMetrics,
  McpServerPatch,
  McpServerStatus,
  McpServerView,
  McpTool,
  McpToolResult,
} from '../entities/mcp';
import {
  McpCompletion,
  McpCompletionRef,
  McpLogLevel,
  McpPrompt,
  McpPromptResult,
  McpResourceList,
  McpResourceRead,
} from '../entities/mcp-resources';
import {
  McpElicitationAction,
  McpElicitationRequest,
  McpSamplingDecision,
  McpSamplingRequest,
} from '../entities/mcp-server-requests';
import { method } from './define';

const ResourceUri = z.string().min(1).max(8192);
const ById = z.object({ id: McpServerId }).strict();

export const mcpMethods = {
  'mcp.servers.list': method(z.object({}).strict().default({}), z.array(McpServerView)),
  'mcp.servers.get': method(ById, McpServerView),
  'mcp.servers.create': method(McpServerInput, McpServerView),
  'mcp.servers.update': method(
    z.object({ id: McpServerId, patch: McpServerPatch }).strict(),
    McpServerView,
  ),
  /** Refused (CONFLICT, naming them) while agents use it, unless `force`. */
  'mcp.servers.delete': method(ById.extend({ force: z.boolean().optional() }), z.object({ deleted: z.boolean() })),
  'mcp.servers.start': method(ById, McpServerStatus),
  'mcp.servers.stop': method(ById, McpServerStatus),
  'mcp.servers.restart': method(ById, McpServerStatus),
  /** The forms servers asked for that are waiting for the user (elicitation). */
  'mcp.elicitation.pending': method(z.object({}).strict().default({}), z.array(McpElicitationRequest)),
  /** Answers a server's form: accept (with the content; omitted fields take the schema's defaults), decline or cancel. */
  'mcp.elicitation.respond': method(
    z.object({ requestId: z.string().min(1).max(100), action: McpElicitationAction, content: JsonObject.optional() }).strict(),
    z.object({ ok: z.boolean() }),
  ),
  /** The model calls servers asked for that are waiting for approval (sampling). */
  'mcp.sampling.pending': method(z.object({}).strict().default({}), z.array(McpSamplingRequest)),
  /** Approves (optionally with edited messages, system prompt, max tokens or a chosen model) or denies a sampling request. */
  'mcp.sampling.respond': method(
    z
      .object({
        requestId: z.string().min(1).max(100),
        decision: McpSamplingDecision,
        messages: z.array(JsonObject).max(500).optional(),
        systemPrompt: z.string().max(200_000).optional(),
        maxTokens: z.number().int().min(1).max(1_000_000).optional(),
        /** A model id of the configured providers, e.g. `openai:gpt-4o-mini`. */
        model: z.string().min(1).max(200).optional(),
      })
      .strict(),
    z.object({ ok: z.boolean() }),
  ),
  /**
   * Signs in to an HTTP server that asks for OAuth: the authorization URL (also opened in the system
   * browser on the desktop); the browser's return to the app's loopback address completes it and
   * restarts the server. `signedIn` when the server started without one.
   */
  'mcp.servers.signIn': method(ById, z.object({ url: z.string().optional(), signedIn: z.boolean() })),
  /** Forgets the server's OAuth tokens and registration. */
  'mcp.servers.signOut': method(ById, z.object({ ok: z.boolean() })),
  /** Sets (null: removes) a pre-registered OAuth client or client credentials for the server. */
  'mcp.servers.setOAuthClient': method(
    z.object({ id: McpServerId, client: McpOAuthClientConfig.nullable() }).strict(),
    z.object({ ok: z.boolean() }),
  ),
  'mcp.servers.logs': method(
    z
      .object({
        id: McpServerId,
        /** Only entries with a larger seq (for polling). */
        afterSeq: z.number().int().min(-1).default(-1),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    z.array(McpLogEntry),
  ),
  'mcp.servers.tools': method(
    z.object({ id: McpServerId, refresh: z.boolean().default(false) }).strict(),
    z.array(McpTool),
  ),
  /**
   * Approves a tool's current definition (after it changed since the last approval): pins `hash`,
   * which must be the definition the user reviewed. Until then agents are not offered the tool.
   */
  'mcp.servers.approveTool': method(
    z.object({ id: McpServerId, tool: z.string().min(1).max(128), hash: z.string().min(1).max(128) }).strict(),
    McpTool,
  ),
  /** A call the user makes by hand (tool tester): a 'deny' policy still applies. */
  'mcp.servers.callTool': method(
    z
      .object({
        id: McpServerId,
        tool: z.string().min(1).max(128),
        arguments: JsonObject.default({}),
        timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
      })
      .strict(),
    McpToolResult,
  ),
  /** Claude Desktop style `{ "mcpServers": { ... } }` JSON. Servers with an existing name are updated. */
  'mcp.servers.import': method(
    z.object({ json: z.string().max(5_000_000) }).strict(),
    ImportReport,
  ),
  'mcp.servers.export': method(
    z
      .object({ ids: z.array(McpServerId).optional() })
      .strict()
      .default({}),
    z.object({ json: z.string() }),
  ),
  'mcp.servers.catalog': method(z.object({}).strict().default({}), z.array(CatalogEntry)),
  'mcp.servers.metrics': method(
    z.object({ id: McpServerId.optional() }).strict().default({}),
    z.array(McpServerMetrics),
  ),
  /** logging/setLevel on a running server: it sends log messages at this level and above to its log. */
  'mcp.servers.setLogLevel': method(
    z.object({ id: McpServerId, level: McpLogLevel }).strict(),
    z.object({ level: McpLogLevel }),
  ),
  /** The resources and resource templates of a running server; `refresh` lists them again. */
  'mcp.resources.list': method(
    z.object({ serverId: McpServerId, refresh: z.boolean().default(false) }).strict(),
    McpResourceList,
  ),
  /** resources/read: text, or binary as base64 with its MIME type (parts over 8 MB: text cut, binary left out). */
  'mcp.resources.read': method(
    z.object({ serverId: McpServerId, uri: ResourceUri }).strict(),
    McpResourceRead,
  ),
  /** Updates of the resource then arrive as `mcp.resource.updated`. */
  'mcp.resources.subscribe': method(
    z.object({ serverId: McpServerId, uri: ResourceUri }).strict(),
    z.object({ subscribed: z.array(z.string()) }),
  ),
  'mcp.resources.unsubscribe': method(
    z.object({ serverId: McpServerId, uri: ResourceUri }).strict(),
    z.object({ subscribed: z.array(z.string()) }),
  ),
  'mcp.prompts.list': method(
    z.object({ serverId: McpServerId, refresh: z.boolean().default(false) }).strict(),
    z.array(McpPrompt),
  ),
  /** prompts/get: the prompt's messages for these arguments. */
  'mcp.prompts.get': method(
    z
      .object({
        serverId: McpServerId,
        name: z.string().min(1).max(256),
        arguments: z.record(z.string(), z.string().max(100_000)).default({}),
      })
      .strict(),
    McpPromptResult,
  ),
  /** completion/complete: suggestions for a prompt argument or a resource template variable (none when the server offers no completion). */
  'mcp.complete': method(
    z
      .object({
        serverId: McpServerId,
        ref: McpCompletionRef,
        argument: z.object({ name: z.string().min(1).max(256), value: z.string().max(10_000) }).strict(),
        /** The other arguments already given. */
        context: z.record(z.string(), z.string().max(10_000)).optional(),
      })
      .strict(),
    McpCompletion,
  ),
  'approvals.respond': method(
    z.object({ id: z.string().min(1).max(100), decision: ApprovalDecision }).strict(),
    z.object({ ok: z.boolean() }),
  ),
};

export const mcpEvents = {
  'mcp.server.state': McpServerStatus,
  'mcp.server.log': z.object({ serverId: McpServerId, entries: z.array(McpLogEntry) }),
  /** A subscribed resource changed on the server (`notifications/resources/updated`). */
  'mcp.resource.updated': z.object({ serverId: McpServerId, uri: z.string() }),
  /** A server asks the user to fill a form (elicitation) / to approve a model call (sampling). */
  'mcp.elicitation.requested': McpElicitationRequest,
  'mcp.sampling.requested': McpSamplingRequest,
  /** Such a request stopped waiting (answered, cancelled by the server, timed out). */
  'mcp.serverRequest.resolved': z.object({ id: z.string(), outcome: z.string() }),
  'mcp.approval.requested': ApprovalRequest,
  /** A request stopped waiting (answered here or by another client, timed out, cancelled): every UI drops it. */
  'mcp.approval.resolved': z.object({
    id: z.string(),
    outcome: z.enum(['allowed', 'denied', 'cancelled', 'timed-out']),
  }),
};
