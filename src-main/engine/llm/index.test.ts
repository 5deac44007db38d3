import { describe, expect, it } from 'vitest';
import { ProviderSettings } from '@shared/entities/settings';
import { createProvider } from './index';

const deps = { getSecret: async () => undefined };
const defaults = ProviderSettings.parse({});

describe('createProvider', () => {
  it('builds the adapter for each provider kind', () => {
    const built = (['ollama', 'openai', 'openai-compatible', 'anthropic'] as const).map((kind) => {
      const p = createProvider(kind, defaults, deps);
      return [p.kind, p.label, p.capabilities.embeddings];
    });
    expect(built).toEqual([
      ['ollama', 'Ollama', true],
      ['openai', 'OpenAI', true],
      ['openai-compatible', 'OpenAI-compatible server', true],
      ['anthropic', 'Anthropic', false],
    ]);
  });

  it('rejects an address that is not an http(s) URL with CONFIG', () => {
    const settings = { ...defaults, ollama: { host: 'localhost:11434' } };
    expect(() => createProvider('ollama', settings, deps)).toThrowError(
      expect.objectContaining({ code: 'CONFIG', hint: expect.stringContaining('Settings') }),
    );
  });
});
