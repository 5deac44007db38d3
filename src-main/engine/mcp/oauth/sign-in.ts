import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { AppError } from '@shared/errors';
import { CrossAppAccessProvider } from './cross-app-access';
import { StoredOAuthProvider } from './provider';
import { OAuthStore, type OAuthClientConfig, type OAuthSecrets } from './store';

export interface OAuthSignInDeps {
  secrets: OAuthSecrets;
  clientName: string;
  /** Opens the authorization URL in the system browser (desktop); absent headless: the link is shown. */
  openUrl?: ((url: string) => void | Promise<void>) | undefined;
  /** After a sign-in completed (tokens stored): the server is (re)started with them. */
  onAuthorized(serverId: string): Promise<unknown>;
  /** How long the loopback listener waits for the browser to come back. */
  callbackTimeoutMs?: number;
}

interface Pending {
  url: URL;
  serverUrl: string;
  provider: OAuthClientProvider;
}

export interface SignInResult {
  /** The authorization URL to open; absent when the server started without one (already signed in). */
  url?: string;
  signedIn: boolean;
}

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>Agent Factory</title><p style="font:16px system-ui;margin:3em">${text}</p>`;

/**
 * OAuth for HTTP servers: makes each server's auth provider (authorization code with a loopback
 * redirect to 127.0.0.1:<port>/callback, a port kept per server; or client credentials), remembers
 * the authorization URL the SDK asks to open, and completes the sign-in when the browser comes back.
 */
export class OAuthSignIn {
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Map<string, { server: Server; timer: NodeJS.Timeout }>();
  private readonly ports = new Map<string, number>();

  constructor(private readonly deps: OAuthSignInDeps) {}

  /** The auth provider of an HTTP server (the transport calls it on 401 and 403 insufficient_scope). */
  async providerFor(serverId: string, serverUrl: string): Promise<OAuthClientProvider> {
    const store = new OAuthStore(this.deps.secrets, serverId);
    const config = await store.config();
    if (config?.grant === 'client_credentials') return clientCredentials(config);
    if (config?.grant === 'cross_app_access') return new CrossAppAccessProvider(config, this.deps.secrets, serverUrl);
    const { port, saved } = await this.port(serverId, store);
    const provider: StoredOAuthProvider = new StoredOAuthProvider(
      store,
      config,
      `http://127.0.0.1:${port}/callback`,
      this.deps.clientName,
      (url) => {
        this.pending.set(serverId, { url, serverUrl, provider });
        // The port is kept once a sign-in uses it (a registered client's redirect URI must stay valid).
        if (!saved) void store.write('redirect', { port }).catch(() => undefined);
      },
    );
    return provider;
  }

  /** Sets (or with null removes) how the app is registered with the server's authorization server. */
  async configure(serverId: string, config: OAuthClientConfig | null): Promise<void> {
    const store = new OAuthStore(this.deps.secrets, serverId);
    await store.write('config', config ?? undefined);
    await store.clear(['tokens', 'verifier']);
  }

  /** Forgets every credential of a server (sign out, or the server was deleted). */
  async forget(serverId: string): Promise<void> {
    this.pending.delete(serverId);
    this.ports.delete(serverId);
    await this.closeListener(serverId);
    await new OAuthStore(this.deps.secrets, serverId).clear(['tokens', 'client', 'verifier', 'discovery', 'redirect', 'config']);
  }

  needsSignIn(serverId: string): boolean {
    return this.pending.has(serverId);
  }

  /**
   * Begins a sign-in: `start` (re)starts the server, which either works (already signed in) or
   * makes the SDK ask for an authorization URL. The loopback listener then waits for the browser,
   * which is opened when the shell can (desktop); the URL is returned either way.
   */
  async signIn(serverId: string, start: () => Promise<unknown>): Promise<SignInResult> {
    let pending = this.pending.get(serverId);
    if (!pending) {
      try {
        await start();
        return { signedIn: true };
      } catch (error) {
        pending = this.pending.get(serverId);
        if (!pending) throw error;
      }
    }
    if (pending.url.protocol !== 'https:' && pending.url.protocol !== 'http:')
      throw new AppError('FORBIDDEN', `The server's authorization page is not a web address (${pending.url.protocol}).`, {
        hint: 'Check the server URL; its authorization server metadata is not usable.',
      });
    await this.listen(serverId, pending.provider);
    if (this.deps.openUrl) await this.deps.openUrl(pending.url.href);
    return { url: pending.url.href, signedIn: false };
  }

  /** Completes a sign-in with the code the authorization server sent back (the loopback callback). */
  async complete(serverId: string, params: URLSearchParams): Promise<void> {
    const pending = this.pending.get(serverId);
    if (!pending) throw new AppError('NOT_FOUND', 'No sign-in is waiting for this server.', { hint: 'Start the sign-in again.' });
    const error = params.get('error');
    if (error)
      throw new AppError('UNAUTHORIZED', `The authorization server refused: ${error}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}.`, {
        hint: 'Start the sign-in again.',
      });
    const expected = pending.url.searchParams.get('state');
    if (expected && params.get('state') !== expected)
      throw new AppError('FORBIDDEN', 'The sign-in answer does not belong to the sign-in in progress (state mismatch).', {
        hint: 'Start the sign-in again from the app.',
      });
    const code = params.get('code');
    if (!code) throw new AppError('VALIDATION', 'The sign-in answer carries no authorization code.', { hint: 'Start the sign-in again.' });
    const { auth } = await import('@modelcontextprotocol/sdk/client/auth.js');
    const result = await auth(pending.provider, { serverUrl: pending.serverUrl, authorizationCode: code });
    if (result !== 'AUTHORIZED')
      throw new AppError('UNAUTHORIZED', 'The authorization server did not issue a token.', { hint: 'Start the sign-in again.' });
    if (this.pending.get(serverId) === pending) this.pending.delete(serverId);
  }

  async close(): Promise<void> {
    for (const id of [...this.listeners.keys()]) await this.closeListener(id);
  }

  /** The loopback port of a server's redirect URI: the saved one, else one chosen now (kept for this engine's life). */
  private async port(serverId: string, store: OAuthStore): Promise<{ port: number; saved: boolean }> {
    const saved = await store.read<{ port: number }>('redirect');
    if (saved?.port) return { port: saved.port, saved: true };
    let port = this.ports.get(serverId);
    if (!port) {
      port = await freePort();
      this.ports.set(serverId, port);
    }
    return { port, saved: false };
  }

  private async listen(serverId: string, provider: OAuthClientProvider): Promise<void> {
    const existing = this.listeners.get(serverId);
    if (existing) {
      existing.timer.refresh();
      return;
    }
    const redirect = new URL(String(provider.redirectUrl));
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirect);
      if (url.pathname !== redirect.pathname) {
        res.writeHead(404).end();
        return;
      }
      this.complete(serverId, url.searchParams).then(
        async () => {
          // The page answers once the server restarted with the new token (or failed to).
          await this.deps.onAuthorized(serverId).catch(() => undefined);
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Signed in. You can close this tab and return to Agent Factory.'));
          void this.closeListener(serverId);
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE(`Sign-in failed: ${escapeHtml(message)}`));
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new AppError('CONFLICT', `The sign-in callback port ${redirect.port} is in use.`, {
            hint: 'Close what uses it, or sign out of the server and sign in again (a new port is chosen).',
            cause: error,
          }),
        ),
      );
      server.listen(Number(redirect.port), '127.0.0.1', resolve);
    });
    const timer = setTimeout(() => void this.closeListener(serverId), this.deps.callbackTimeoutMs ?? 10 * 60_000);
    timer.unref();
    server.unref();
    this.listeners.set(serverId, { server, timer });
  }

  private async closeListener(serverId: string): Promise<void> {
    const entry = this.listeners.get(serverId);
    if (!entry) return;
    this.listeners.delete(serverId);
    clearTimeout(entry.timer);
    await new Promise<void>((resolve) => entry.server.close(() => resolve()));
  }
}

async function clientCredentials(config: OAuthClientConfig): Promise<OAuthClientProvider> {
  const { ClientCredentialsProvider, PrivateKeyJwtProvider } = await import('@modelcontextprotocol/sdk/client/auth-extensions.js');
  if (!config.clientId)
    throw new AppError('CONFIG', 'Client credentials need a client ID.', { hint: 'Set the OAuth client ID of this server.' });
  if (config.privateKeyPem)
    return new PrivateKeyJwtProvider({
      clientId: config.clientId,
      privateKey: config.privateKeyPem,
      algorithm: config.signingAlgorithm ?? 'ES256',
      ...(config.scope ? { scope: config.scope } : {}),
      ...(config.issuer ? { expectedIssuer: config.issuer } : {}),
    });
  if (!config.clientSecret)
    throw new AppError('CONFIG', 'Client credentials need a client secret or a private key.', { hint: 'Set one in the server’s OAuth settings.' });
  return new ClientCredentialsProvider({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.scope ? { scope: config.scope } : {}),
    ...(config.issuer ? { expectedIssuer: config.issuer } : {}),
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
