import { z } from 'zod';
import {
  ApprovalDecision,
  ApprovalRequest,
  CatalogEntry,
  ImportReport,
  JsonObject,
  McpLogEntry,
  McpServerId,
  McpServerInput,
  McpServerMetrics,
  McpServerPatch,
  McpServerStatus,
  McpServerView,
  McpTool,
  McpToolResult,
} from '../entities/mcp';
import { method } from './define';

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
  'approvals.respond': method(
    z.object({ id: z.string().min(1).max(100), decision: ApprovalDecision }).strict(),
    z.object({ ok: z.boolean() }),
  ),
};

export const mcpEvents = {
  'mcp.server.state': McpServerStatus,
  'mcp.server.log': z.object({ serverId: McpServerId, entries: z.array(McpLogEntry) }),
  'mcp.approval.requested': ApprovalRequest,
  /** A request stopped waiting (answered here or by another client, timed out, cancelled): every UI drops it. */
  'mcp.approval.resolved': z.object({
    id: z.string(),
    outcome: z.enum(['allowed', 'denied', 'cancelled', 'timed-out']),
  }),
};
