import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretStorage, SessionSecretStore } from './session-secrets';
import { FileSecretStore, type SecretCipher } from './secrets';

function secretsPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'af-session-secrets-')), 'secrets.json');
}

/** Electron's basic_text backend stands here as a reversible encoding: it can encrypt, but protects nothing. */
const basicText: SecretCipher = {
  encrypt: async (s) => Buffer.from(`v11:${s}`).toString('base64'),
  decrypt: async (s) => {
    const plain = Buffer.from(s, 'base64').toString();
    if (!plain.startsWith('v11:')) throw new Error('wrong key');
    return plain.slice(4);
  },
  backend: 'safeStorage:basic_text',
};
const linuxWithoutKeyring = { platform: 'linux', backend: 'basic_text', asyncAvailable: true };

describe('session-only secrets', () => {
  it('keeps values in memory, writes nothing, and leaves what is on disk untouched', async () => {
    const path = secretsPath();
    await new FileSecretStore(path, undefined, {}).set('github.token', 'ghp-on-disk');
    const before = readFileSync(path, 'utf8');

    const session = new SessionSecretStore(new FileSecretStore(path, undefined, {}), {});
    await session.set('openai.apiKey', 'sk-session');
    expect(await session.get('openai.apiKey')).toBe('sk-session');
    expect(await session.get('github.token')).toBe('ghp-on-disk');
    expect(await session.names()).toEqual(['github.token', 'openai.apiKey']);
    expect(readFileSync(path, 'utf8')).toBe(before);

    // A new session (the app restarted) has only what is on disk.
    const next = new SessionSecretStore(new FileSecretStore(path, undefined, {}), {});
    expect(await next.get('openai.apiKey')).toBeUndefined();
  });

  it('clearing a key removes it for the session and from the file; the environment still wins', async () => {
    const path = secretsPath();
    await new FileSecretStore(path, undefined, {}).set('anthropic.apiKey', 'sk-ant-disk');
    const session = new SessionSecretStore(new FileSecretStore(path, undefined, {}), { OPENAI_API_KEY: 'sk-env' });
    await session.set('anthropic.apiKey', null);
    expect(await session.get('anthropic.apiKey')).toBeUndefined();
    expect(await session.names()).toEqual(['openai.apiKey']);
    expect(JSON.parse(readFileSync(path, 'utf8')).entries).toEqual({});
    await session.set('openai.apiKey', 'sk-typed');
    expect(await session.get('openai.apiKey')).toBe('sk-env');
  });

  it('without a file, writes none', async () => {
    const path = secretsPath();
    const session = new SessionSecretStore(new FileSecretStore(path, undefined, {}), {});
    await session.set('openai.apiKey', 'sk-1');
    await session.set('openai.apiKey', null);
    expect(existsSync(path)).toBe(false);
  });
});

describe('the desktop app’s secret storage, by policy', () => {
  it('on Linux basic_text keeps new keys for the session, still reads what it wrote before, and explains', async () => {
    const path = secretsPath();
    writeFileSync(path, JSON.stringify({ version: 2, entries: { 'github.token': { value: await basicText.encrypt('ghp-old'), encrypted: true } } }));
    const { store, control } = createSecretStorage({ path, cipher: basicText, facts: linuxWithoutKeyring, env: {}, allowPlainText: false });
    expect(control.view()).toMatchObject({ mode: 'session-only', backend: 'basic_text', canOptInPlain: true, allowPlainText: false });
    expect(control.view().remedy).toContain('--password-store=gnome-libsecret');
    expect(await store.get('github.token')).toBe('ghp-old');
    await store.set('openai.apiKey', 'sk-session');
    expect(readFileSync(path, 'utf8')).not.toContain('openai.apiKey');
  });

  it('opting in to plain storage writes the session’s keys in plain text; encrypted entries stay as they were', async () => {
    const path = secretsPath();
    const sealed = await basicText.encrypt('ghp-old');
    writeFileSync(path, JSON.stringify({ version: 2, entries: { 'github.token': { value: sealed, encrypted: true } } }));
    const { store, control } = createSecretStorage({ path, cipher: basicText, facts: linuxWithoutKeyring, env: {}, allowPlainText: false });
    await store.set('openai.apiKey', 'sk-session');
    await control.allowPlainText(true);
    expect(control.view()).toMatchObject({ mode: 'plain', allowPlainText: true, reason: expect.stringContaining('You chose') });
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file.entries['openai.apiKey']).toEqual({ value: 'sk-session', encrypted: false });
    expect(file.entries['github.token']).toEqual({ value: sealed, encrypted: true });
    await store.set('anthropic.apiKey', 'sk-ant');
    expect(JSON.parse(readFileSync(path, 'utf8')).entries['anthropic.apiKey']).toEqual({ value: 'sk-ant', encrypted: false });
    // Opting out again: new keys are for the session only.
    await control.allowPlainText(false);
    await store.set('openaiCompatible.apiKey', 'sk-compat');
    expect(readFileSync(path, 'utf8')).not.toContain('sk-compat');
    expect(await store.get('openai.apiKey')).toBe('sk-session');
  });

  it('encrypts with a real keychain (and records its backend); the opt-in changes nothing there', async () => {
    const path = secretsPath();
    const keychain: SecretCipher = { ...basicText, backend: 'safeStorage:gnome_libsecret' };
    const facts = { platform: 'linux', backend: 'gnome_libsecret', asyncAvailable: true };
    const { store, control } = createSecretStorage({ path, cipher: keychain, facts, env: {}, allowPlainText: true });
    expect(control.view()).toMatchObject({ mode: 'encrypt', canOptInPlain: false });
    await store.set('openai.apiKey', 'sk-sealed');
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('sk-sealed');
    expect(JSON.parse(text).entries['openai.apiKey']).toMatchObject({ encrypted: true, backend: 'safeStorage:gnome_libsecret' });
  });

  it('a keychain that reports available but no cipher given is not trusted to encrypt', async () => {
    const { control } = createSecretStorage({ path: secretsPath(), facts: { platform: 'darwin', asyncAvailable: true }, env: {}, allowPlainText: false });
    expect(control.view().mode).toBe('session-only');
  });

  it('headless engines store plain text in a 0600 file and cannot opt in or out', async () => {
    const path = secretsPath();
    const { store, control } = createSecretStorage({ path, env: {}, allowPlainText: false });
    expect(control.view()).toMatchObject({ mode: 'plain', canOptInPlain: false });
    await store.set('openai.apiKey', 'sk-cli');
    expect(JSON.parse(readFileSync(path, 'utf8')).entries['openai.apiKey']).toEqual({ value: 'sk-cli', encrypted: false });
  });
});
