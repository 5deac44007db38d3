import { McpOAuthClientConfig } from '@shared/entities/mcp';
import { describe, expect, test } from 'vitest';
import { CrossAppAccessProvider, tokenExchangeRequest } from './cross-app-access';

const input = { idToken: 'id.token.jwt', audience: 'https://as.example.com', resource: 'https://mcp.example.com/mcp' };

describe('cross-app access', () => {
  test('the token exchange asks the IdP for an ID-JAG for the authorization server and resource', () => {
    const { headers, body } = tokenExchangeRequest({ idpClientId: 'idp-client' }, { ...input, scope: 'mcp:read' });
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requested_token_type: 'urn:ietf:params:oauth:token-type:id-jag',
      subject_token: 'id.token.jwt',
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      audience: 'https://as.example.com',
      resource: 'https://mcp.example.com/mcp',
      scope: 'mcp:read',
      client_id: 'idp-client',
    });
    expect(headers.authorization).toBeUndefined();
  });

  test('with an IdP client secret the client authenticates with HTTP Basic, not in the body', () => {
    const { headers, body } = tokenExchangeRequest({ idpClientId: 'idp client', idpClientSecret: 's:ecret' }, input);
    expect(body.has('client_id')).toBe(false);
    expect(body.has('scope')).toBe(false);
    expect(headers.authorization).toBe(`Basic ${Buffer.from('idp+client:s%3Aecret').toString('base64')}`);
  });

  test('the configuration needs the IdP issuer or token endpoint', () => {
    const base = { grant: 'cross_app_access', clientId: 'c', clientSecret: 's' } as const;
    expect(McpOAuthClientConfig.safeParse({ ...base, crossAppAccess: { idpClientId: 'i', idTokenSecret: 'n' } }).success).toBe(false);
    expect(
      McpOAuthClientConfig.safeParse({
        ...base,
        crossAppAccess: { idpIssuer: 'https://idp.example.com', idpClientId: 'i', idTokenSecret: 'n' },
      }).success,
    ).toBe(true);
  });

  test('without a stored ID token the sign-in stops with what to do', async () => {
    const config = McpOAuthClientConfig.parse({
      grant: 'cross_app_access',
      clientId: 'c',
      clientSecret: 's',
      crossAppAccess: { idpTokenEndpoint: 'https://idp.example.com/token', idpClientId: 'i', idTokenSecret: 'idp.id_token' },
    });
    const provider = new CrossAppAccessProvider(config, { get: async () => undefined, set: async () => undefined }, input.resource);
    provider.saveDiscoveryState({ authorizationServerUrl: input.audience });
    await expect(provider.prepareTokenRequest()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('idp.id_token') });
  });
});
