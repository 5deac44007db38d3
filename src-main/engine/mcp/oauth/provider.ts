import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthClientConfig, OAuthStore } from './store';

/**
 * The authorization-code client of one server (PKCE, resource indicators, scope selection and
 * refresh are the SDK's `auth()`): every credential it learns is kept in the secrets store, and
 * the authorization URL is handed to `onRedirect` (the sign-in service decides how the user gets there).
 */
export class StoredOAuthProvider implements OAuthClientProvider {
  constructor(
    private readonly store: OAuthStore,
    private readonly config: OAuthClientConfig | undefined,
    private readonly redirect: string,
    private readonly clientName: string,
    private readonly onRedirect: (url: URL) => void,
  ) {}

  get redirectUrl(): string {
    return this.redirect;
  }

  get clientMetadataUrl(): string | undefined {
    return this.config?.clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.clientName,
      redirect_uris: [this.redirect],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      ...(this.config?.scope ? { scope: this.config.scope } : {}),
    };
  }

  state(): string {
    return randomBytes(16).toString('base64url');
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    if (this.config?.clientId)
      return {
        client_id: this.config.clientId,
        ...(this.config.clientSecret ? { client_secret: this.config.clientSecret } : {}),
        ...(this.config.issuer ? { issuer: this.config.issuer } : {}),
      };
    return this.store.read<OAuthClientInformationMixed>('client');
  }

  saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    return this.store.write('client', info);
  }

  tokens(): Promise<OAuthTokens | undefined> {
    return this.store.read<OAuthTokens>('tokens');
  }

  saveTokens(tokens: OAuthTokens): Promise<void> {
    return this.store.write('tokens', tokens);
  }

  redirectToAuthorization(url: URL): void {
    this.onRedirect(url);
  }

  saveCodeVerifier(verifier: string): Promise<void> {
    return this.store.write('verifier', verifier);
  }

  async codeVerifier(): Promise<string> {
    const verifier = await this.store.read<string>('verifier');
    if (!verifier) throw new Error('No PKCE code verifier saved: start the sign-in again.');
    return verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    return this.store.write('discovery', state);
  }

  discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return this.store.read<OAuthDiscoveryState>('discovery');
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'all') await this.store.clear(['tokens', 'client', 'verifier', 'discovery']);
    else await this.store.clear([scope]);
  }
}
