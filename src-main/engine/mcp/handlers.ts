import type { mcpMethods } from '@shared/api/mcp';
import { AppError } from '@shared/errors';
import type { HandlerSlice } from '../handlers';
import { CATALOG } from './catalog';
import type { ServerManager } from './manager';
import { oauthHandlers } from './oauth/handlers';
import type { OAuthSignIn } from './oauth/sign-in';
import type { ServerRequests } from './server-requests';
import { serverRequestHandlers } from './server-requests-handlers';
import { complete, getPrompt, listPrompts, setLogLevel } from './server-prompts';
import { listResources, readResource, subscribeResource } from './server-resources';
import type { McpServerService } from './service';

/** The `mcp.*` methods and `approvals.respond`; the composition root merges them into the handlers. */
export function mcpHandlers(deps: {
  manager: ServerManager;
  service: McpServerService;
  oauth?: OAuthSignIn | undefined;
  requests?: ServerRequests | undefined;
}): HandlerSlice<typeof mcpMethods> {
  const { manager, service } = deps;
  return {
    ...oauthHandlers(manager, deps.oauth),
    ...serverRequestHandlers(deps.requests),
    'mcp.servers.list': async () => manager.views(),
    'mcp.servers.get': async ({ id }) => manager.view(id),
    'mcp.servers.create': async (input) => service.create(input),
    'mcp.servers.update': async ({ id, patch }) => service.update(id, patch),
    'mcp.servers.delete': async ({ id }) => {
      const deleted = await service.delete(id);
      // Its OAuth tokens and registration go with it.
      if (deleted) await deps.oauth?.forget(id);
      return { deleted };
    },
    'mcp.servers.start': async ({ id }) => manager.start(id),
    'mcp.servers.stop': async ({ id }) => manager.stop(id),
    'mcp.servers.restart': async ({ id }) => manager.restart(id),
    'mcp.servers.logs': async ({ id, afterSeq, limit }) => manager.logs(id, afterSeq, limit),
    'mcp.servers.tools': async ({ id, refresh }) => manager.tools(id, refresh),
    'mcp.servers.approveTool': async ({ id, tool, hash }) => manager.approveToolDefinition(id, tool, hash),
    'mcp.servers.callTool': async (input, ctx) =>
      manager.callTool(input.id, input.tool, input.arguments, {
        userInitiated: true,
        ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      }),
    'mcp.servers.import': async ({ json }) => service.import(json),
    'mcp.servers.export': async ({ ids }) => ({ json: service.export(ids) }),
    'mcp.servers.catalog': async () => [...CATALOG],
    'mcp.servers.metrics': async ({ id }) => {
      if (id) {
        manager.view(id);
        return [manager.metrics.forServer(id)];
      }
      return manager.servers().map((s) => manager.metrics.forServer(s.id));
    },
    'mcp.servers.setLogLevel': async ({ id, level }) => setLogLevel(manager, id, level),
    'mcp.resources.list': async ({ serverId, refresh }) => listResources(manager, serverId, refresh),
    'mcp.resources.read': async ({ serverId, uri }, ctx) =>
      readResource(manager, serverId, uri, { signal: ctx.signal }),
    'mcp.resources.subscribe': async ({ serverId, uri }) => subscribeResource(manager, serverId, uri, true),
    'mcp.resources.unsubscribe': async ({ serverId, uri }) => subscribeResource(manager, serverId, uri, false),
    'mcp.prompts.list': async ({ serverId, refresh }) => listPrompts(manager, serverId, refresh),
    'mcp.prompts.get': async ({ serverId, name, arguments: args }, ctx) =>
      getPrompt(manager, serverId, name, args, ctx.signal),
    'mcp.complete': async ({ serverId, ref, argument, context }) =>
      complete(manager, serverId, ref, argument, context),
    'approvals.respond': async ({ id, decision }) => {
      const ok = manager.approvals.respond(id, decision);
      if (!ok) {
        throw new AppError('NOT_FOUND', `No approval request "${id}" is waiting.`, {
          hint: 'It was answered already, or it timed out.',
        });
      }
      return { ok };
    },
  };
}
