import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  LoggingLevelSchema,
  SetLevelRequestSchema,
  type LoggingLevel,
  type ServerNotification,
} from '@modelcontextprotocol/sdk/types.js';

/**
 * Sends a log message to the client when its level is at or above the one the client set (info
 * until it sets one). `send` puts it on a request's own stream (a tool call's); without it the
 * message goes out on its own.
 */
export type McpLog = (
  level: LoggingLevel,
  data: string | Record<string, unknown>,
  send?: (notification: ServerNotification) => Promise<void>,
) => void;

const SEVERITY: readonly LoggingLevel[] = LoggingLevelSchema.options;

export const LOGGER = 'agent-factory';

/** `logging/setLevel` for this server (one per session): the level filters what `McpLog` sends. */
export function registerLogging(server: McpServer): McpLog {
  let threshold: LoggingLevel = 'info';
  server.server.setRequestHandler(SetLevelRequestSchema, ({ params }) => {
    threshold = params.level;
    return {};
  });
  return (level, data, send) => {
    if (SEVERITY.indexOf(level) < SEVERITY.indexOf(threshold) || !server.isConnected()) return;
    const notification: ServerNotification = {
      method: 'notifications/message',
      params: { level, logger: LOGGER, data },
    };
    void (send ? send(notification) : server.server.notification(notification)).catch(() => {});
  };
}
