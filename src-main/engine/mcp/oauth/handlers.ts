import type { mcpMethods } from '@shared/api/mcp';
import { AppError } from '@shared/errors';
import type { HandlerSlice } from '../../handlers';
import type { ServerManager } from '../manager';
import type { OAuthSignIn } from './sign-in';

type OAuthMethods = Pick<typeof mcpMethods, 'mcp.servers.signIn' | 'mcp.servers.signOut' | 'mcp.servers.setOAuthClient'>;

/** `mcp.servers.signIn`, `signOut` and `setOAuthClient`. */
export function oauthHandlers(manager: ServerManager, oauth: OAuthSignIn | undefined): HandlerSlice<OAuthMethods> {
  const need = (): OAuthSignIn => {
    if (!oauth) throw new AppError('UNAVAILABLE', 'OAuth is not available in this engine.', { hint: 'Use the app or `agent-factory serve`.' });
    return oauth;
  };
  const http = (id: string): void => {
    const { server } = manager.view(id);
    if (server.transport.type === 'stdio')
      throw new AppError('VALIDATION', `MCP server "${server.name}" runs locally (stdio): OAuth applies to HTTP servers only.`, {
        hint: 'Give a local server its credentials through its environment variables.',
      });
  };
  return {
    'mcp.servers.signIn': async ({ id }) => {
      http(id);
      return need().signIn(id, () => manager.start(id));
    },
    'mcp.servers.signOut': async ({ id }) => {
      manager.view(id);
      await need().forget(id);
      return { ok: true };
    },
    'mcp.servers.setOAuthClient': async ({ id, client }) => {
      http(id);
      await need().configure(id, client);
      return { ok: true };
    },
  };
}
