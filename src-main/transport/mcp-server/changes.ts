import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ApiClient } from '@shared/api/index';
import { isEventName } from '@shared/api/index';

/** List changes that come in a burst (an ingest of many documents) are sent once. */
const LIST_CHANGED_DELAY_MS = 200;

export const agentUri = (id: string) => `agent-factory://agents/${id}`;
export const documentUri = (kbId: string, documentId: string) =>
  `agent-factory://knowledge/${kbId}/documents/${documentId}`;
const knowledgeBasePrefix = (kbId: string) => `agent-factory://knowledge/${kbId}/`;

/**
 * Resource subscriptions (`resources/subscribe`, `resources/unsubscribe`) and the notifications
 * that follow changes of agents and knowledge: `resources/updated` for a subscribed resource that
 * changed or went, `resources/list_changed` and `prompts/list_changed` (agents are prompts) when the
 * lists change. Listens to the engine's events until the server closes.
 */
export function registerChangeNotifications(server: McpServer, client: ApiClient): void {
  const subscribed = new Set<string>();
  server.server.setRequestHandler(SubscribeRequestSchema, ({ params }) => {
    subscribed.add(params.uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, ({ params }) => {
    subscribed.delete(params.uri);
    return {};
  });

  const send = (notify: () => Promise<void>) => {
    if (server.isConnected()) void notify().catch(() => {});
  };
  const updated = (uri: string) => {
    if (subscribed.has(uri)) send(() => server.server.sendResourceUpdated({ uri }));
  };
  const pending = { resources: false, prompts: false };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listChanged = (what: { resources?: boolean; prompts?: boolean }) => {
    pending.resources ||= !!what.resources;
    pending.prompts ||= !!what.prompts;
    timer ??= setTimeout(() => {
      timer = undefined;
      if (pending.resources) send(() => server.server.sendResourceListChanged());
      if (pending.prompts) send(() => server.server.sendPromptListChanged());
      pending.resources = pending.prompts = false;
    }, LIST_CHANGED_DELAY_MS);
  };

  const offs = [
    client.subscribe('agents.changed', (change) => {
      updated(agentUri(change.kind === 'upserted' ? change.agent.id : change.id));
      listChanged({ resources: true, prompts: true });
    }),
  ];
  if (isEventName('kb.changed'))
    offs.push(
      client.subscribe('kb.changed', (change) => {
        if (change.kind === 'deleted')
          for (const uri of subscribed)
            if (uri.startsWith(knowledgeBasePrefix(change.id))) updated(uri);
        // Listed documents carry their knowledge base's name.
        listChanged({ resources: true });
      }),
    );
  if (isEventName('kb.document.changed'))
    offs.push(
      client.subscribe('kb.document.changed', (change) => {
        updated(
          documentUri(change.kbId, change.kind === 'upserted' ? change.document.id : change.id),
        );
        listChanged({ resources: true });
      }),
    );

  const previous = server.server.onclose;
  server.server.onclose = () => {
    previous?.();
    for (const off of offs.splice(0)) off();
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}
