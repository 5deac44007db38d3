import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { McpCrossAppAccess } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import type { OAuthClientConfig, OAuthSecrets } from './store';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
export const ID_JAG_TYPE = 'urn:ietf:params:oauth:token-type:id-jag';

/** The RFC 8693 request that trades the person's ID token for an ID-JAG at the identity provider. */
export function tokenExchangeRequest(
  idp: Pick<McpCrossAppAccess, 'idpClientId' | 'idpClientSecret'>,
  input: { idToken: string; audience: string; resource: string; scope?: string | undefined },
): { headers: Record<string, string>; body: URLSearchParams } {
  const body = new URLSearchParams({
    grant_type: TOKEN_EXCHANGE_GRANT,
    requested_token_type: ID_JAG_TYPE,
    subject_token: input.idToken,
    subject_token_type: ID_TOKEN_TYPE,
    audience: input.audience,
    resource: input.resource,
  });
  if (input.scope) body.set('scope', input.scope);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (idp.idpClientSecret) {
    const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${encode(idp.idpClientId)}:${encode(idp.idpClientSecret)}`).toString('base64')}`;
  } else body.set('client_id', idp.idpClientId);
  return { headers, body };
}

const refused = (what: string, hint: string, cause?: unknown) =>
  new AppError('UNAUTHORIZED', `Cross-app access: ${what}`, { hint, ...(cause ? { cause } : {}) });

/**
 * The client of a server reached by enterprise-managed authorization: the SDK's `auth()` does the
 * discovery, the jwt-bearer request (client_secret_basic with the app's client id/secret) and keeps
 * the tokens; `prepareTokenRequest` first gets the ID-JAG from the identity provider, for the
 * authorization server (audience) and resource the discovery found.
 */
export class CrossAppAccessProvider implements OAuthClientProvider {
  private discovery: OAuthDiscoveryState | undefined;
  private tokensHeld: OAuthTokens | undefined;
  private info: OAuthClientInformationMixed;
  private readonly idp: McpCrossAppAccess;

  constructor(
    private readonly config: OAuthClientConfig,
    private readonly secrets: OAuthSecrets,
    private readonly serverUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    if (!config.clientId || !config.crossAppAccess)
      throw new AppError('CONFIG', 'Cross-app access needs the client ID (and secret) and the identity provider settings.', {
        hint: 'Set the OAuth client of this server with grant cross_app_access.',
      });
    this.idp = config.crossAppAccess;
    this.info = {
      client_id: config.clientId,
      ...(config.clientSecret ? { client_secret: config.clientSecret } : {}),
      ...(config.issuer ? { issuer: config.issuer } : {}),
    };
  }

  get redirectUrl(): undefined {
    return undefined;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      redirect_uris: [],
      grant_types: [JWT_BEARER_GRANT],
      token_endpoint_auth_method: this.config.clientSecret ? 'client_secret_basic' : 'none',
      ...(this.config.scope ? { scope: this.config.scope } : {}),
    };
  }

  clientInformation(): OAuthClientInformationMixed {
    return this.info;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.info = info;
  }

  tokens(): OAuthTokens | undefined {
    return this.tokensHeld;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.tokensHeld = tokens;
  }

  redirectToAuthorization(): void {
    throw new Error('Cross-app access has no browser step.');
  }

  saveCodeVerifier(): void {}

  codeVerifier(): string {
    throw new Error('Cross-app access uses no PKCE verifier.');
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'tokens') this.tokensHeld = undefined;
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }

  async prepareTokenRequest(scope?: string): Promise<URLSearchParams> {
    const audience = this.discovery?.authorizationServerMetadata?.issuer ?? this.discovery?.authorizationServerUrl;
    if (!audience) throw refused('the authorization server is not known yet.', 'Retry; the server did not advertise one.');
    const resource = this.discovery?.resourceMetadata?.resource ?? this.serverUrl;
    const idToken = await this.secrets.get(this.idp.idTokenSecret);
    if (!idToken)
      throw refused(`no ID token is stored under "${this.idp.idTokenSecret}".`, 'Sign in to the identity provider first.');
    const { headers, body } = tokenExchangeRequest(this.idp, { idToken, audience, resource, scope });
    const endpoint = await this.idpTokenEndpoint();
    let answer: Response;
    try {
      answer = await this.fetchFn(endpoint, { method: 'POST', headers, body });
    } catch (error) {
      throw refused(`the identity provider at ${endpoint} cannot be reached.`, 'Check the IdP settings and the network.', error);
    }
    const json = (await answer.json().catch(() => ({}))) as Record<string, unknown>;
    if (!answer.ok || typeof json.access_token !== 'string')
      throw refused(
        `the identity provider refused the token exchange (${answer.status} ${String(json.error ?? '')} ${String(json.error_description ?? '')}).`.replace(/\s+\)/, ')'),
        'Sign in to the identity provider again, or check the IdP client settings.',
      );
    if (json.issued_token_type !== undefined && json.issued_token_type !== ID_JAG_TYPE)
      throw refused(`the identity provider issued a ${String(json.issued_token_type)}, not an ID-JAG.`, 'Check the IdP supports cross-app access.');
    const params = new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: json.access_token });
    if (scope) params.set('scope', scope);
    return params;
  }

  private async idpTokenEndpoint(): Promise<string> {
    if (this.idp.idpTokenEndpoint) return this.idp.idpTokenEndpoint;
    const { discoverAuthorizationServerMetadata } = await import('@modelcontextprotocol/sdk/client/auth.js');
    const metadata = await discoverAuthorizationServerMetadata(this.idp.idpIssuer!, { fetchFn: this.fetchFn });
    if (!metadata?.token_endpoint)
      throw refused(`the identity provider ${this.idp.idpIssuer} publishes no token endpoint.`, 'Set its token endpoint explicitly.');
    return metadata.token_endpoint;
  }
}
