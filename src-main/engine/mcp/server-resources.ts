import {
  ReadResourceResultSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type {
  McpResourceContent,
  McpResourceList,
  McpResourceRead,
} from '@shared/entities/mcp-resources';
import { AppError } from '@shared/errors';
import type { McpConnection } from './connection';
import { toAppError } from './errors';
import type { ServerManager } from './manager';

/** The largest part of a resource read passed on (text is cut, binary left out beyond it). */
export const MAX_RESOURCE_BYTES = 8 * 1024 * 1024;

/** The URIs subscribed to, per live connection (a restarted server starts with none). */
const subscriptions = new WeakMap<McpConnection, Set<string>>();

/** resources/list and resources/templates/list of a running server (as last listed; `refresh` asks again). */
export async function listResources(
  manager: ServerManager,
  serverId: string,
  refresh = false,
): Promise<McpResourceList> {
  const { rt, connection, requestTimeoutMs } = manager.live(serverId);
  if (refresh) {
    await connection.refresh('resources').catch((error: unknown) => {
      throw toAppError(error, {
        server: rt.server.name,
        what: 'resources/list',
        timeoutMs: requestTimeoutMs,
        fallback: 'UNAVAILABLE',
      });
    });
  }
  const caps = connection.client.getServerCapabilities() ?? {};
  return {
    resources: connection.resources.map((r) => ({
      uri: r.uri,
      name: r.name,
      ...(r.title ? { title: r.title } : {}),
      ...(r.description ? { description: r.description } : {}),
      ...(r.mimeType ? { mimeType: r.mimeType } : {}),
      ...(typeof r.size === 'number' ? { size: r.size } : {}),
    })),
    templates: connection.resourceTemplates.map((t) => ({
      uriTemplate: t.uriTemplate,
      name: t.name,
      ...(t.title ? { title: t.title } : {}),
      ...(t.description ? { description: t.description } : {}),
      ...(t.mimeType ? { mimeType: t.mimeType } : {}),
    })),
    subscribe: !!caps.resources?.subscribe,
    subscribed: [...(subscriptions.get(connection) ?? [])],
  };
}

function base64Bytes(blob: string): number {
  const padding = blob.endsWith('==') ? 2 : blob.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((blob.length * 3) / 4) - padding);
}

/** One part of a read, within the size limit: text cut at it, binary left out beyond it. */
export function limitContent(
  part: { uri: string; mimeType?: string | undefined; text?: string; blob?: string },
  maxBytes = MAX_RESOURCE_BYTES,
): McpResourceContent {
  const base = { uri: part.uri, ...(part.mimeType ? { mimeType: part.mimeType } : {}) };
  if (typeof part.blob === 'string') {
    const bytes = base64Bytes(part.blob);
    return bytes > maxBytes
      ? { ...base, bytes, truncated: true }
      : { ...base, blob: part.blob, bytes, truncated: false };
  }
  const text = part.text ?? '';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return { ...base, text, bytes, truncated: false };
  const cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
  return { ...base, text: cut, bytes, truncated: true };
}

/** resources/read: text as text, binary as base64 with its MIME type; each part size-limited. */
export async function readResource(
  manager: ServerManager,
  serverId: string,
  uri: string,
  options: { signal?: AbortSignal | undefined; maxBytes?: number } = {},
): Promise<McpResourceRead> {
  const { rt, connection, requestTimeoutMs } = manager.live(serverId);
  try {
    const result = await connection.client.request(
      { method: 'resources/read', params: { uri } },
      ReadResourceResultSchema,
      { timeout: requestTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
    );
    return {
      contents: result.contents.map((part) =>
        limitContent(part as Parameters<typeof limitContent>[0], options.maxBytes),
      ),
    };
  } catch (error) {
    throw toAppError(error, {
      server: rt.server.name,
      what: `reading ${uri}`,
      signal: options.signal,
      timeoutMs: requestTimeoutMs,
      fallback: 'UNAVAILABLE',
    });
  }
}

/**
 * resources/subscribe: the server's `notifications/resources/updated` for this URI are published
 * as `mcp.resource.updated`. Refused with a hint when the server offers no subscriptions.
 */
export async function subscribeResource(
  manager: ServerManager,
  serverId: string,
  uri: string,
  subscribe: boolean,
): Promise<{ subscribed: string[] }> {
  const { rt, connection, bus, requestTimeoutMs } = manager.live(serverId);
  const caps = connection.client.getServerCapabilities() ?? {};
  if (subscribe && !caps.resources?.subscribe) {
    throw new AppError(
      'CONFIG',
      `MCP server "${rt.server.name}" does not offer resource subscriptions.`,
      { hint: 'Read the resource again to see changes.' },
    );
  }
  let set = subscriptions.get(connection);
  if (!set) {
    set = new Set();
    subscriptions.set(connection, set);
    const uris = set;
    connection.client.setNotificationHandler(ResourceUpdatedNotificationSchema, ({ params }) => {
      if (uris.has(params.uri)) bus.publish('mcp.resource.updated', { serverId, uri: params.uri });
    });
  }
  try {
    if (subscribe) {
      await connection.client.subscribeResource({ uri }, { timeout: requestTimeoutMs });
      set.add(uri);
    } else if (set.has(uri)) {
      set.delete(uri);
      if (caps.resources?.subscribe)
        await connection.client.unsubscribeResource({ uri }, { timeout: requestTimeoutMs });
    }
  } catch (error) {
    throw toAppError(error, {
      server: rt.server.name,
      what: `${subscribe ? 'subscribing to' : 'unsubscribing from'} ${uri}`,
      timeoutMs: requestTimeoutMs,
      fallback: 'UNAVAILABLE',
    });
  }
  return { subscribed: [...set] };
}
