import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, MethodInput, MethodName, MethodOutput } from '@shared/api/index';
import { unwrapResult } from '@shared/wire';
import { createEngine, type Engine } from '../../src-main/engine/engine';
import { createRouter, type Router } from '../../src-main/transport/router';

/**
 * A headless engine (CLI, serve) on the data folder of the desktop app, whose secrets.json holds keys
 * encrypted with the OS keychain: it must keep them, say which it cannot read, and fail a run that
 * needs one with a clear error.
 */
describe('a headless engine beside the desktop app’s encrypted secrets', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'af-secrets-engine-'));
  const sealed = Buffer.from('v10:sk-desktop-openai').toString('base64');
  let engine: Engine;
  let router: Router;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    unwrapResult(await router.dispatch(method, input, { origin: 'internal' }));

  beforeAll(async () => {
    // As Electron's safeStorage-backed store of the previous release wrote it.
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ encrypted: true, values: { 'openai.apiKey': sealed } }), { mode: 0o600 });
    engine = await createEngine({ dataDir, mode: 'headless', version: 'test', store: { kind: 'pglite-memory' }, env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    router = createRouter(engine.handlers);
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports the unreadable key in Settings and doctor, and keeps it when another key is set', async () => {
    expect((await call('settings.get', {})).unreadableSecrets).toEqual(['openai.apiKey']);
    const doctor = await call('system.doctor', {});
    expect(doctor.find((c) => c.name === 'secrets')).toMatchObject({ status: 'warn', detail: expect.stringContaining('openai.apiKey') });

    await call('secrets.set', { name: 'anthropic.apiKey', value: 'sk-ant-cli' });
    const file = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
    expect(file.entries['openai.apiKey']).toEqual({ value: sealed, encrypted: true });
    expect(file.entries['anthropic.apiKey']).toEqual({ value: 'sk-ant-cli', encrypted: false });
    expect((await call('settings.get', {})).secrets).toMatchObject({ 'openai.apiKey': true, 'anthropic.apiKey': true });
  });

  it('fails a run that needs the unreadable key with what to do', async () => {
    await call('agents.create', { name: 'Needs OpenAI', model: { provider: 'openai', model: 'gpt-4o-mini' } });
    const finished: EventPayload<'run.status'>[] = [];
    engine.bus.subscribe('run.status', (r) => void (r.status !== 'running' && finished.push(r)));
    const run = await call('runs.start', { agent: 'Needs OpenAI', input: 'Hi' });
    await expect.poll(() => finished.find((r) => r.id === run.id)).toBeDefined();
    const done = await call('runs.get', { runId: run.id });
    expect(done).toMatchObject({ status: 'failed', error: { code: 'CONFIG', message: expect.stringContaining('encrypted by the desktop app') } });
    expect(done.error?.hint).toContain('Settings → API keys');
  });
});
