import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelRef } from '@shared/entities/model';
import { AppError } from '@shared/errors';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { llmModelsStoreFor } from './llm-models-store';
import { useModelCapabilities } from './use-llm-models';

afterEach(cleanup);

function Caps({ model }: { model: ModelRef }) {
  const caps = useModelCapabilities(model);
  return <output data-testid="caps">{caps ? JSON.stringify(caps) : 'unknown'}</output>;
}

function memoryApi(): MemoryApi {
  const api = new MemoryApi();
  api.llmModels = [
    {
      provider: 'ollama',
      ok: true,
      fetchedAt: '2026-01-01T00:00:00Z',
      models: [
        {
          id: 'llava:latest',
          capabilities: { tools: false, vision: true, embedding: false, contextLength: 4096 },
        },
      ],
    },
  ];
  return api;
}

describe('useModelCapabilities', () => {
  it('gives the capabilities of a listed model (name or name:latest), asking only its provider', async () => {
    const api = memoryApi();
    renderWithApi(<Caps model={{ provider: 'ollama', model: 'llava' }} />, api);
    expect(screen.getByTestId('caps').textContent).toBe('unknown');
    await waitFor(() =>
      expect(JSON.parse(screen.getByTestId('caps').textContent!)).toEqual({
        tools: false,
        vision: true,
        embedding: false,
        contextLength: 4096,
      }),
    );
    expect(api.calls.filter((c) => c.method === 'models.list').map((c) => c.input)).toEqual([
      { provider: 'ollama', refresh: false },
    ]);
  });

  it('is unknown for a model not listed', async () => {
    const api = memoryApi();
    renderWithApi(<Caps model={{ provider: 'ollama', model: 'mystery' }} />, api);
    await waitFor(() => expect(llmModelsStoreFor(api).getSnapshot().lists.ollama).toBeTruthy());
    expect(screen.getByTestId('caps').textContent).toBe('unknown');
  });
});

describe('LlmModelsStore', () => {
  it('turns a failed call into that provider’s error entry, and refresh asks past the cache', async () => {
    const api = memoryApi();
    const store = llmModelsStoreFor(api);
    api.failNext(
      'models.list',
      new AppError('UNAVAILABLE', 'The engine is gone.', { hint: 'Restart the app.' }),
    );
    store.ensure(['anthropic']);
    await waitFor(() => expect(store.getSnapshot().lists.anthropic?.ok).toBe(false));
    expect(store.getSnapshot().lists.anthropic?.error).toEqual({
      code: 'UNAVAILABLE',
      message: 'The engine is gone.',
      hint: 'Restart the app.',
    });
    await act(async () => store.refresh(['anthropic']));
    await waitFor(() => expect(store.getSnapshot().lists.anthropic?.ok).toBe(true));
    expect(api.calls.filter((c) => c.method === 'models.list').at(-1)?.input).toEqual({
      provider: 'anthropic',
      refresh: true,
    });
  });
});
