// The client entry the MCP conformance suite runs: `<command> <server-url>`, with the scenario
// name in MCP_CONFORMANCE_SCENARIO (and, for some auth scenarios, credentials in
// MCP_CONFORMANCE_CONTEXT). It drives OUR ServerManager, with the engine's OAuth sign-in
// (oauth/sign-in.ts) and elicitation service, against the suite's test servers. Only the person
// is simulated: the authorization URL is followed with fetch and the redirect it answers is
// delivered to the engine's loopback callback, as a browser would.
import { createBus } from '../../../src-main/engine/bus/bus';
import { createMemoryMcpServerRepository } from '../../../src-main/engine/mcp/memory-repository';
import { ServerManager } from '../../../src-main/engine/mcp/manager';
import { OAuthSignIn } from '../../../src-main/engine/mcp/oauth/sign-in';
import { ServerRequests } from '../../../src-main/engine/mcp/server-requests';
import { McpServerService } from '../../../src-main/engine/mcp/service';
import type { McpOAuthClientConfig } from '../../../src-shared/entities/mcp';
import { isAppError } from '../../../src-shared/errors';

const url = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? 'initialize';
if (!url || !/^https?:\/\//.test(url)) {
  console.error('usage: client.ts <server-url>');
  process.exit(2);
}
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as Record<string, string | undefined>;

/** The metadata document URL the suite expects a CIMD client to use as its client_id. */
const CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';
/** Sign-ins in a row before giving up (the suite checks a client does not loop on 403). */
const MAX_SIGN_INS = 3;
/** Where the enterprise IdP's ID token is kept (cross-app access). */
const ID_TOKEN_SECRET = 'idp.id_token';

function oauthClient(): McpOAuthClientConfig | null {
  if (scenario === 'auth/client-credentials-basic')
    return { grant: 'client_credentials', clientId: context.client_id!, clientSecret: context.client_secret! };
  if (scenario === 'auth/client-credentials-jwt')
    return {
      grant: 'client_credentials',
      clientId: context.client_id!,
      privateKeyPem: context.private_key_pem!,
      ...(context.signing_algorithm ? { signingAlgorithm: context.signing_algorithm } : {}),
    };
  if (scenario === 'auth/cross-app-access-complete-flow') {
    // The person signed in to the enterprise IdP already: the suite hands over their ID token.
    store.set(ID_TOKEN_SECRET, context.idp_id_token!);
    return {
      grant: 'cross_app_access',
      clientId: context.client_id!,
      clientSecret: context.client_secret!,
      // The endpoint, not the issuer: the suite's IdP metadata is too sparse for the SDK's OIDC schema.
      crossAppAccess: { idpTokenEndpoint: context.idp_token_endpoint!, idpClientId: context.idp_client_id!, idTokenSecret: ID_TOKEN_SECRET },
    };
  }
  if (scenario === 'auth/pre-registration')
    return { grant: 'authorization_code', clientId: context.client_id!, clientSecret: context.client_secret! };
  if (scenario.startsWith('auth/')) return { grant: 'authorization_code', clientMetadataUrl: CLIENT_METADATA_URL };
  return null;
}

const store = new Map<string, string>();
const bus = createBus();
const oauth = new OAuthSignIn({
  secrets: {
    get: async (name) => store.get(name),
    set: async (name, value) => void (value ? store.set(name, value) : store.delete(name)),
  },
  clientName: 'agent-factory-conformance',
  onAuthorized: (id) => manager.restart(id),
});
const requests = new ServerRequests({ bus, attended: () => true });
// The person at the form: submits it as shown (empty), so the schema's defaults apply.
bus.subscribe('mcp.elicitation.requested', (request) => {
  requests.respondElicitation(request.id, 'accept', {});
});
const manager: ServerManager = new ServerManager({
  repository: createMemoryMcpServerRepository(),
  bus,
  oauth,
  handlers: requests.handlers(),
  options: {
    healthIntervalMs: 0,
    clientInfo: { name: 'agent-factory-conformance', version: '0.1.0' },
  },
});
await manager.init();
const service = new McpServerService(manager);

/** The browser's part of a sign-in: open the link, let the authorization server answer, go back to the app. */
async function signIn(id: string): Promise<void> {
  const result = await oauth.signIn(id, () => manager.start(id));
  if (result.signedIn || !result.url) return;
  const answer = await fetch(result.url, { redirect: 'manual' });
  const location = answer.headers.get('location');
  if (!location) throw new Error(`The authorization server answered ${answer.status} without a redirect.`);
  const back = await fetch(location);
  if (!back.ok) throw new Error(`The app's callback answered ${back.status}: ${await back.text()}`);
}

let signIns = 0;
/** Runs `step`; when the server says sign in needed, signs in (at most MAX_SIGN_INS times in all) and retries. */
async function withSignIn<T>(id: string, step: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!isAppError(error) || error.code !== 'UNAUTHORIZED' || !oauth.needsSignIn(id) || signIns >= MAX_SIGN_INS)
        throw error;
      signIns += 1;
      console.log(`sign-in ${signIns}: ${error.message}`);
      await signIn(id);
    }
  }
}

const CALLS: Record<string, { tool: string; args: Record<string, unknown> }> = {
  tools_call: { tool: 'add_numbers', args: { a: 5, b: 3 } },
  'elicitation-sep1034-client-defaults': { tool: 'test_client_elicitation_defaults', args: {} },
  // The server closes the call's event stream; the answer comes after a reconnection (retry, Last-Event-ID).
  'sse-retry': { tool: 'test_reconnection', args: {} },
};

let exitCode = 0;
try {
  const { server } = await service.create({
    name: 'conformance',
    transport: { type: 'http', url, fallbackToSse: false },
    approval: { default: 'allow', tools: {} },
  });
  const client = oauthClient();
  if (client) await oauth.configure(server.id, client);
  const status = await withSignIn(server.id, () => manager.start(server.id));
  console.log(`connected: ${status.serverInfo?.name} ${status.serverInfo?.version} over ${status.transport}`);
  const call = CALLS[scenario] ?? (scenario.startsWith('auth/') ? { tool: 'test-tool', args: {} } : undefined);
  const tools = await manager.tools(server.id);
  if (call && tools.some((t) => t.name === call.tool)) {
    const result = await withSignIn(server.id, () => manager.callTool(server.id, call.tool, call.args));
    console.log(JSON.stringify(result.content));
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await manager.closeAll();
  await oauth.close();
}
process.exit(exitCode);
