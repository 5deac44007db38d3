import type { MethodOutput, ParsedInput } from '@shared/api/index';
import type { McpResourceContent } from '@shared/entities/mcp-resources';
import { AppError } from '@shared/errors';

type ContentMethod =
  | 'mcp.servers.setLogLevel'
  | 'mcp.resources.list'
  | 'mcp.resources.read'
  | 'mcp.resources.subscribe'
  | 'mcp.resources.unsubscribe'
  | 'mcp.prompts.list'
  | 'mcp.prompts.get'
  | 'mcp.complete';
export type ContentHandlers = { [M in ContentMethod]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> };

/** A 1×1 PNG. */
export const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const DEPARTMENTS = ['Engineering', 'Marketing', 'Sales', 'Support'];

/**
 * What every in-memory server offers besides tools (tests of the Resources, Prompts and Logs tabs):
 * a text, an image and a binary resource, a template, and a prompt whose `department` completes.
 */
export function contentHandlers(host: {
  /** Throws UNAVAILABLE unless the server runs. */
  requireLive(serverId: string): void;
  /** Reads counted per URI: the text changes with each read (to see live updates). */
  reads: Map<string, number>;
  subscriptions: Set<string>;
  logLevels: Map<string, string>;
}): ContentHandlers {
  const read = (uri: string): McpResourceContent => {
    const count = (host.reads.get(uri) ?? 0) + 1;
    host.reads.set(uri, count);
    if (uri === 'demo://notes.txt') {
      const text = `Notes, read ${count} time${count === 1 ? '' : 's'}`;
      return { uri, mimeType: 'text/plain', text, bytes: text.length, truncated: false };
    }
    if (uri === 'demo://logo.png') return { uri, mimeType: 'image/png', blob: TINY_PNG, bytes: 70, truncated: false };
    if (uri === 'demo://data.bin')
      return { uri, mimeType: 'application/octet-stream', blob: 'AAECAw==', bytes: 4, truncated: false };
    throw new AppError('UNAVAILABLE', `Reading ${uri} on MCP server "test" failed: Unknown resource`);
  };
  return {
    'mcp.servers.setLogLevel': async ({ id, level }) => {
      host.requireLive(id);
      host.logLevels.set(id, level);
      return { level };
    },
    'mcp.resources.list': async ({ serverId }) => {
      host.requireLive(serverId);
      return {
        resources: [
          { uri: 'demo://notes.txt', name: 'notes.txt', mimeType: 'text/plain' },
          { uri: 'demo://logo.png', name: 'logo.png', mimeType: 'image/png' },
          { uri: 'demo://data.bin', name: 'data.bin', mimeType: 'application/octet-stream' },
        ],
        templates: [{ uriTemplate: 'demo://item/{id}', name: 'item', description: 'One item by id' }],
        subscribe: true,
        subscribed: [...host.subscriptions],
      };
    },
    'mcp.resources.read': async ({ serverId, uri }) => {
      host.requireLive(serverId);
      return { contents: [read(uri)] };
    },
    'mcp.resources.subscribe': async ({ serverId, uri }) => {
      host.requireLive(serverId);
      host.subscriptions.add(uri);
      return { subscribed: [...host.subscriptions] };
    },
    'mcp.resources.unsubscribe': async ({ serverId, uri }) => {
      host.requireLive(serverId);
      host.subscriptions.delete(uri);
      return { subscribed: [...host.subscriptions] };
    },
    'mcp.prompts.list': async ({ serverId }) => {
      host.requireLive(serverId);
      return [
        {
          name: 'promote',
          description: 'Promote someone',
          arguments: [
            { name: 'department', required: true },
            { name: 'name', required: true },
          ],
        },
      ];
    },
    'mcp.prompts.get': async ({ serverId, name, arguments: args }) => {
      host.requireLive(serverId);
      if (name !== 'promote') throw new AppError('NOT_FOUND', `No prompt "${name}".`);
      if (!args.department || !args.name) throw new AppError('VALIDATION', 'Prompt "promote" needs department, name.');
      return {
        messages: [
          { role: 'user', content: { type: 'text', text: `Please promote ${args.name} to the head of ${args.department}.` } },
        ],
      };
    },
    'mcp.complete': async ({ serverId, argument }) => {
      host.requireLive(serverId);
      if (argument.name !== 'department') return { values: [] };
      const values = DEPARTMENTS.filter((d) => d.toLowerCase().startsWith(argument.value.toLowerCase()));
      return { values, total: values.length, hasMore: false };
    },
  };
}
