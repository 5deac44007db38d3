import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSecretStore, type SecretCipher } from './secrets';

/** The desktop app's cipher (safeStorage) stands here as a reversible encoding only it knows. */
const desktop: SecretCipher = {
  encrypt: async (s) => Buffer.from(`v10:${s}`).toString('base64'),
  decrypt: async (s) => {
    const plain = Buffer.from(s, 'base64').toString();
    if (!plain.startsWith('v10:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return plain.slice(4);
  },
  backend: 'safeStorage:gnome_libsecret',
};
const otherKeychain: SecretCipher = { encrypt: async (s) => s, decrypt: () => Promise.reject(new Error('wrong key')) };

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'af-secrets-'));
}

/** secrets.json exactly as the desktop app of the previous release wrote it: one marker for the file. */
function writeAsDesktopApp(path: string, values: Record<string, string>): void {
  const encrypted = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(`v10:${v}`).toString('base64')]));
  writeFileSync(path, JSON.stringify({ encrypted: true, values: encrypted }), { mode: 0o600 });
}

describe('secrets written by the desktop app, opened by a headless engine', () => {
  it('keeps every encrypted key when the CLI or serve sets another one, and reports them as unreadable', async () => {
    const path = join(folder(), 'secrets.json');
    writeAsDesktopApp(path, { 'openai.apiKey': 'sk-desktop', 'github.token': 'ghp-desktop' });
    const sealedBefore = JSON.parse(readFileSync(path, 'utf8')).values as Record<string, string>;

    const headless = new FileSecretStore(path, undefined, {});
    expect(await headless.names()).toEqual(['github.token', 'openai.apiKey']);
    expect(await headless.unreadable()).toEqual(['github.token', 'openai.apiKey']);
    await expect(headless.get('openai.apiKey')).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringContaining('encrypted by the desktop app') });
    expect(await headless.get('anthropic.apiKey')).toBeUndefined();

    await headless.set('anthropic.apiKey', 'sk-ant-headless');
    await headless.set('github.token', 'ghp-replaced');
    expect(await headless.get('anthropic.apiKey')).toBe('sk-ant-headless');
    expect(await headless.get('github.token')).toBe('ghp-replaced');
    expect(await headless.unreadable()).toEqual(['openai.apiKey']);

    // The untouched key is still the desktop app's cipher text, byte for byte, and the app reads all three.
    const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, { value: string; encrypted: boolean }> };
    expect(file.entries['openai.apiKey']).toEqual({ value: sealedBefore['openai.apiKey'], encrypted: true });
    const app = new FileSecretStore(path, desktop, {});
    expect(await app.get('openai.apiKey')).toBe('sk-desktop');
    expect(await app.get('anthropic.apiKey')).toBe('sk-ant-headless');
    expect(await app.get('github.token')).toBe('ghp-replaced');
    expect(await app.unreadable()).toEqual([]);
  });

  it('records the backend with each value the app writes, and never rewrites what another keychain sealed', async () => {
    const path = join(folder(), 'secrets.json');
    const app = new FileSecretStore(path, desktop, {});
    await app.set('openai.apiKey', 'sk-1');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file).toMatchObject({ version: 2, entries: { 'openai.apiKey': { encrypted: true, backend: 'safeStorage:gnome_libsecret' } } });
    expect(readFileSync(path, 'utf8')).not.toContain('sk-1');

    const elsewhere = new FileSecretStore(path, otherKeychain, {});
    expect(await elsewhere.unreadable()).toEqual(['openai.apiKey']);
    await elsewhere.set('anthropic.apiKey', 'sk-2');
    expect(await app.get('openai.apiKey')).toBe('sk-1');
  });

  it('an environment variable stands in for an unreadable key', async () => {
    const path = join(folder(), 'secrets.json');
    writeAsDesktopApp(path, { 'openai.apiKey': 'sk-desktop' });
    const headless = new FileSecretStore(path, undefined, { OPENAI_API_KEY: 'sk-env' });
    expect(await headless.get('openai.apiKey')).toBe('sk-env');
    expect(await headless.unreadable()).toEqual([]);
  });

  it('moves a file it cannot parse aside instead of overwriting it', async () => {
    const dir = folder();
    const path = join(dir, 'secrets.json');
    writeFileSync(path, '{ "entries": ', { mode: 0o600 });
    const store = new FileSecretStore(path, undefined, {});
    expect(await store.names()).toEqual([]);
    await store.set('openai.apiKey', 'sk-new');
    const { readdirSync } = await import('node:fs');
    const aside = readdirSync(dir).filter((f) => f.startsWith('secrets.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{ "entries": ');
    expect(await store.get('openai.apiKey')).toBe('sk-new');
  });
});
