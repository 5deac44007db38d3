import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderModels } from '@shared/api/llm-models';
import { startFakeAnthropic, startFakeOllama, startFakeOpenAI, type FakeLlm } from '../fakes/index';
import { runCli, tempDataDir } from '../helpers/serve';

const ENV = [
  'OLLAMA_HOST',
  'OPENAI_BASE_URL',
  'OPENAI_API_KEY',
  'ANTHROPIC_BASE_URL',
  'ANTHROPIC_API_KEY',
] as const;

/** `agent-factory models list` and the doctor's model checks, in the CLI's own engine, against the fakes. */
describe('agent-factory models list', () => {
  const dataDir = tempDataDir('af-cli-models-');
  const previous = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  let ollama: FakeLlm;
  let openai: FakeLlm;
  let anthropic: FakeLlm;

  beforeAll(async () => {
    ollama = await startFakeOllama({
      models: [
        { id: 'llama3.2:latest', capabilities: ['completion', 'tools'], contextLength: 131072 },
        { id: 'llava:7b', capabilities: ['completion', 'vision'], contextLength: 4096 },
      ],
    });
    openai = await startFakeOpenAI({ apiKey: 'sk-cli-openai-1234', models: ['gpt-4o-mini'] });
    anthropic = await startFakeAnthropic({ apiKey: 'sk-cli-ant-1234', models: ['claude-test'] });
    // The CLI's in-process engine reads addresses and keys from the environment.
    Object.assign(process.env, {
      OLLAMA_HOST: ollama.url,
      OPENAI_BASE_URL: openai.url,
      OPENAI_API_KEY: 'sk-cli-openai-1234',
      ANTHROPIC_BASE_URL: anthropic.url,
    });
    delete process.env.ANTHROPIC_API_KEY;
  });
  afterAll(async () => {
    await Promise.all([ollama, openai, anthropic].map((f) => f.close()));
    for (const name of ENV) {
      if (previous[name] === undefined) delete process.env[name];
      else process.env[name] = previous[name];
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one provider’s models with capabilities as JSON', async () => {
    const result = await runCli(dataDir, ['models', 'list', '--provider', 'ollama', '--json']);
    expect(result.code).toBe(0);
    const lists = JSON.parse(result.stdout) as ProviderModels[];
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ provider: 'ollama', ok: true });
    expect(lists[0]!.models.map((m) => [m.id, m.capabilities])).toEqual([
      ['llama3.2:latest', { tools: true, vision: false, embedding: false, contextLength: 131072 }],
      ['llava:7b', { tools: false, vision: true, embedding: false, contextLength: 4096 }],
    ]);
  });

  it('prints a table, and a provider without its key as an error with the hint', async () => {
    const ok = await runCli(dataDir, ['models', 'list', '--provider', 'openai']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/PROVIDER\s+MODEL\s+TOOLS\s+VISION\s+EMBEDDING\s+CONTEXT/);
    expect(ok.stdout).toMatch(/openai\s+gpt-4o-mini\s+\?\s+\?\s+\?\s+\?/);
    const missing = await runCli(dataDir, ['models', 'list', '--provider', 'anthropic', '--json']);
    expect(missing.code).toBe(1);
    const [entry] = JSON.parse(missing.stdout) as ProviderModels[];
    expect(entry).toMatchObject({
      provider: 'anthropic',
      ok: false,
      models: [],
      error: { code: 'UNAUTHORIZED' },
    });
    expect(entry!.error!.hint).toContain('Settings → API keys');
    const bad = await runCli(dataDir, ['models', 'list', '--provider', 'mistral']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      '--provider must be one of ollama, openai, openai-compatible, anthropic',
    );
  });

  it('doctor lists the models of each configured provider', async () => {
    const result = await runCli(dataDir, ['doctor', '--json']);
    const checks = JSON.parse(result.stdout) as Array<{
      name: string;
      status: string;
      detail: string;
    }>;
    expect(checks.find((c) => c.name === 'models:ollama')).toEqual({
      name: 'models:ollama',
      status: 'ok',
      detail: 'Ollama: 2 models — llama3.2:latest, llava:7b',
    });
    expect(checks.find((c) => c.name === 'models:openai')).toMatchObject({
      status: 'ok',
      detail: 'OpenAI: 1 model — gpt-4o-mini',
    });
    // No Anthropic key: not configured, so no check.
    expect(checks.some((c) => c.name === 'models:anthropic')).toBe(false);
  });
});
