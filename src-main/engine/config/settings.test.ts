import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from './secrets';
import { applyEnv, defaultSettings, mergeSettings, SettingsFile } from './settings';
import { defaultDataDir } from './paths';

let dir: string;
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'af-settings-')));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings file', () => {
  it('uses defaults when there is no file, and round-trips what it saves', () => {
    const file = new SettingsFile(fresh());
    expect(file.load()).toEqual({ settings: defaultSettings() });
    const changed = mergeSettings(defaultSettings(), { chroma: { url: 'http://127.0.0.1:8000' } });
    file.save(changed);
    expect(file.load().settings.chroma.url).toBe('http://127.0.0.1:8000');
  });

  it('keeps a corrupt file aside, reports it, and never overwrites it', () => {
    const file = new SettingsFile(fresh());
    writeFileSync(file.path, '{ "version": 1, oops');
    const loaded = file.load(() => new Date('2026-01-02T03:04:05Z'));
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.problem).toMatch(/could not be read/);
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe('{ "version": 1, oops');
    expect(existsSync(file.path)).toBe(false);
  });

  it('keeps aside a file that parses but does not validate', () => {
    const file = new SettingsFile(fresh());
    writeFileSync(file.path, JSON.stringify({ version: 1, database: { kind: 'postgres' } }));
    expect(file.load().problem).toMatch(/database/);
  });

  it('loads a file written before the desktop section with its defaults, and keeps a saved one', () => {
    const file = new SettingsFile(fresh());
    writeFileSync(file.path, JSON.stringify({ version: 1, ui: { theme: 'dark' } }));
    const loaded = file.load();
    expect(loaded.problem).toBeUndefined();
    expect(loaded.settings.desktop).toEqual({ closeToTray: true, startAtLogin: false, closeToTrayNoticeShown: false });
    file.save(mergeSettings(loaded.settings, { desktop: { closeToTray: false, startAtLogin: true, closeToTrayNoticeShown: true } }));
    expect(file.load().settings.desktop).toEqual({ closeToTray: false, startAtLogin: true, closeToTrayNoticeShown: true });
  });

  it('upgrades a version-0 file', () => {
    const file = new SettingsFile(fresh());
    writeFileSync(file.path, JSON.stringify({ databaseUrl: 'postgres://x@h/db' }));
    expect(file.load().settings.database).toEqual({ kind: 'postgres', url: 'postgres://x@h/db' });
  });

  it('refuses invalid settings on save and leaves the file as it was', () => {
    const file = new SettingsFile(fresh());
    file.save(defaultSettings());
    const before = readFileSync(file.path, 'utf8');
    expect(() => mergeSettings(defaultSettings(), { ui: { theme: 'neon' as never } })).toThrow(/Invalid settings/);
    expect(readFileSync(file.path, 'utf8')).toBe(before);
  });

  it('applies environment overrides without changing the stored settings', () => {
    const base = defaultSettings();
    const env = applyEnv(base, { DATABASE_URL: 'postgres://a@b/c', OLLAMA_HOST: '10.0.0.2:11434', CHROMA_URL: 'http://c:8000' });
    expect(env.database).toEqual({ kind: 'postgres', url: 'postgres://a@b/c' });
    expect(env.providers.ollama.host).toBe('http://10.0.0.2:11434');
    expect(env.chroma.url).toBe('http://c:8000');
    expect(base.database).toEqual({ kind: 'pglite' });
  });

  it('picks a per-OS data folder', () => {
    expect(defaultDataDir({ HOME: '/h' }, 'linux')).toBe('/h/.local/share/agent-factory');
    expect(defaultDataDir({ HOME: '/h', XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/agent-factory');
    expect(defaultDataDir({ HOME: '/h' }, 'darwin')).toBe('/h/Library/Application Support/Agent Factory');
    expect(defaultDataDir({ AGENT_FACTORY_DATA_DIR: '/d' }, 'linux')).toBe('/d');
  });
});

describe('secret store', () => {
  it('stores secrets 0600, reports names only, prefers the environment, and encrypts with a cipher', async () => {
    const path = join(fresh(), 'secrets.json');
    const plain = new FileSecretStore(path, undefined, {});
    await plain.set('openai.apiKey', 'sk-test');
    expect(await plain.get('openai.apiKey')).toBe('sk-test');
    expect(await plain.names()).toEqual(['openai.apiKey']);
    expect((await import('node:fs')).statSync(path).mode & 0o777).toBe(0o600);
    await plain.set('openai.apiKey', null);
    expect(await plain.names()).toEqual([]);

    const fromEnv = new FileSecretStore(path, undefined, { ANTHROPIC_API_KEY: 'env-key' });
    expect(await fromEnv.get('anthropic.apiKey')).toBe('env-key');
    expect(await fromEnv.names()).toEqual(['anthropic.apiKey']);

    const cipher = { encrypt: async (s: string) => Buffer.from(s).toString('hex'), decrypt: async (s: string) => Buffer.from(s, 'hex').toString() };
    const sealed = new FileSecretStore(path, cipher, {});
    await sealed.set('openai.apiKey', 'sk-sealed');
    expect(readFileSync(path, 'utf8')).not.toContain('sk-sealed');
    expect(await sealed.get('openai.apiKey')).toBe('sk-sealed');
  });
});
