import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '@shared/api/index';
import { unwrapResult } from '@shared/wire';
import { createEngine, type Engine } from '../../src-main/engine/engine';
import type { SecretCipher } from '../../src-main/engine/config/secrets';
import { createRouter, type Router } from '../../src-main/transport/router';

/** Electron's basic_text backend as the shell would hand it over: it encrypts, with a key everyone has. */
const basicText: SecretCipher = {
  encrypt: async (s) => Buffer.from(`v11:${s}`).toString('base64'),
  decrypt: async (s) => Buffer.from(s, 'base64').toString().slice(4),
  backend: 'safeStorage:basic_text',
};

/**
 * The desktop app on Linux without a keyring, as the engine sees it (the shell passes safeStorage's
 * facts and cipher): keys stay for the session until the user opts in to plain storage in Settings.
 */
describe('the desktop engine on Linux basic_text', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'af-secrets-policy-'));
  const secretsFile = join(dataDir, 'secrets.json');
  let engine: Engine;
  let router: Router;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    unwrapResult(await router.dispatch(method, input, { origin: 'internal' }));

  beforeAll(async () => {
    engine = await createEngine({
      dataDir,
      mode: 'electron',
      version: 'test',
      store: { kind: 'pglite-memory' },
      env: {},
      secretCipher: basicText,
      secretFacts: { platform: 'linux', backend: 'basic_text', asyncAvailable: true },
    });
    router = createRouter(engine.handlers);
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows why keys are kept for the session only, with the remedy, and writes none', async () => {
    const view = await call('settings.get', {});
    expect(view.secretStorage).toMatchObject({ mode: 'session-only', backend: 'basic_text', canOptInPlain: true, allowPlainText: false });
    expect(view.secretStorage?.remedy).toContain('--password-store=kwallet5');
    await call('secrets.set', { name: 'openai.apiKey', value: 'sk-session' });
    expect((await call('settings.get', {})).secrets).toMatchObject({ 'openai.apiKey': true });
    expect(await engine.secrets.get('openai.apiKey')).toBe('sk-session');
    expect(() => readFileSync(secretsFile, 'utf8')).toThrow();
  });

  it('the opt-in in Settings writes the session’s keys, in plain text, and is remembered', async () => {
    const view = await call('settings.update', { patch: { secrets: { allowPlainText: true } } });
    expect(view.secretStorage).toMatchObject({ mode: 'plain', allowPlainText: true });
    expect(JSON.parse(readFileSync(secretsFile, 'utf8')).entries['openai.apiKey']).toEqual({ value: 'sk-session', encrypted: false });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).secrets).toEqual({ allowPlainText: true });
  });
});
