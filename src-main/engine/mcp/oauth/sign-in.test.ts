import { afterEach, describe, expect, test } from 'vitest';
import { OAuthSignIn } from './sign-in';

const store = new Map<string, string>();
const secrets = {
  get: async (name: string) => store.get(name),
  set: async (name: string, value: string | null) => void (value ? store.set(name, value) : store.delete(name)),
};
let signIn: OAuthSignIn | undefined;
afterEach(async () => {
  await signIn?.close();
  store.clear();
});

describe('OAuth sign-in', () => {
  test('the provider keeps its credentials in the secrets store under mcp.oauth.<id>.*, with a loopback redirect kept per server', async () => {
    signIn = new OAuthSignIn({ secrets, clientName: 'Agent Factory', onAuthorized: async () => undefined });
    const provider = await signIn.providerFor('srv1', 'https://mcp.example/mcp');
    expect(String(provider.redirectUrl)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    await provider.saveTokens({ access_token: 'a', token_type: 'Bearer' });
    await provider.saveCodeVerifier('v');
    expect(JSON.parse(store.get('mcp.oauth.srv1.tokens')!)).toEqual({ access_token: 'a', token_type: 'Bearer' });
    expect(await provider.codeVerifier()).toBe('v');
    const again = await signIn.providerFor('srv1', 'https://mcp.example/mcp');
    expect(again.redirectUrl).toBe(provider.redirectUrl);
    await provider.invalidateCredentials?.('tokens');
    expect(await provider.tokens()).toBeUndefined();
    await signIn.forget('srv1');
    expect([...store.keys()]).toEqual([]);
  });

  test('a pre-registered client is used as given; client credentials use the SDK’s non-interactive providers', async () => {
    signIn = new OAuthSignIn({ secrets, clientName: 'Agent Factory', onAuthorized: async () => undefined });
    await signIn.configure('srv2', { grant: 'authorization_code', clientId: 'id-1', clientSecret: 's' });
    expect(await (await signIn.providerFor('srv2', 'https://x.example/mcp')).clientInformation()).toEqual({ client_id: 'id-1', client_secret: 's' });
    await signIn.configure('srv3', { grant: 'client_credentials', clientId: 'id-2', clientSecret: 's' });
    const cc = await signIn.providerFor('srv3', 'https://x.example/mcp');
    expect(cc.redirectUrl).toBeUndefined();
    await signIn.configure('srv4', { grant: 'client_credentials', clientId: 'id-3' });
    await expect(signIn.providerFor('srv4', 'https://x.example/mcp')).rejects.toMatchObject({ code: 'CONFIG' });
  });

  test('signIn returns the URL the SDK asked to open, opens it, and the callback refuses a foreign state', async () => {
    const opened: string[] = [];
    signIn = new OAuthSignIn({ secrets, clientName: 'Agent Factory', openUrl: (url) => void opened.push(url), onAuthorized: async () => undefined });
    const provider = await signIn.providerFor('srv5', 'https://x.example/mcp');
    const start = async () => {
      await provider.redirectToAuthorization(new URL('https://auth.example/authorize?state=good&client_id=c'));
      throw new Error('401');
    };
    const result = await signIn.signIn('srv5', start);
    expect(result).toEqual({ url: 'https://auth.example/authorize?state=good&client_id=c', signedIn: false });
    expect(opened).toEqual([result.url]);
    expect(signIn.needsSignIn('srv5')).toBe(true);
    const callback = new URL(String(provider.redirectUrl));
    callback.searchParams.set('code', 'c0de');
    callback.searchParams.set('state', 'evil');
    const answer = await fetch(callback);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('state mismatch');
    expect(signIn.needsSignIn('srv5')).toBe(true);
  });

  test('signIn on a server that starts without one reports signedIn and opens nothing', async () => {
    const opened: string[] = [];
    signIn = new OAuthSignIn({ secrets, clientName: 'Agent Factory', openUrl: (url) => void opened.push(url), onAuthorized: async () => undefined });
    expect(await signIn.signIn('srv6', async () => undefined)).toEqual({ signedIn: true });
    expect(opened).toEqual([]);
  });
});
