import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LlmModel } from '@shared/api/llm-models';
import { MemoryApi } from '../../test/memory-api';
import { agentInput, renderWithApi } from '../../test/render';
import { AgentsPage } from './AgentsPage';

/** The builder's model field: the searchable picker, and the warning for a model without tools. */

let api: MemoryApi;
const model = (id: string, tools: boolean): LlmModel => ({
  id,
  capabilities: { tools, vision: false, embedding: false, contextLength: 8192 },
});

beforeEach(() => {
  api = new MemoryApi();
  api.llmModels = [
    {
      provider: 'ollama',
      ok: true,
      fetchedAt: '2026-01-01T00:00:00Z',
      models: [model('llama3.2:latest', true), model('gemma2:2b', false)],
    },
  ];
  window.location.hash = '#/agents';
});
afterEach(cleanup);

const modelInput = () => screen.getByRole('combobox', { name: 'Model' });
const toolsWarning = () => screen.queryByText(/This model does not support tools/);

async function openAgent(name: string) {
  const item = await screen.findByRole('link', { name: new RegExp(name) });
  fireEvent.click(item);
  window.location.hash = item.getAttribute('href')!;
  return screen.findByRole('form', { name: `Edit ${name}` });
}

describe('agent builder: model field', () => {
  it('warns when an agent with tools is given a model without tool support', async () => {
    await act(() =>
      api.call(
        'agents.create',
        agentInput({
          name: 'Clock',
          model: { provider: 'ollama', model: 'llama3.2' },
          tools: [{ kind: 'builtin', name: 'current_time' }],
        }),
      ),
    );
    renderWithApi(<AgentsPage />, api);
    await openAgent('Clock');
    // llama3.2 is listed as llama3.2:latest, with tools: no warning.
    await waitFor(() => expect(api.calls.some((c) => c.method === 'models.list')).toBe(true));
    expect(toolsWarning()).toBeNull();

    fireEvent.change(modelInput(), { target: { value: 'gemma' } });
    fireEvent.keyDown(modelInput(), { key: 'ArrowDown' });
    fireEvent.keyDown(modelInput(), { key: 'Enter' });
    expect((modelInput() as HTMLInputElement).value).toBe('gemma2:2b');
    const warning = await screen.findByText(/This model does not support tools/);
    expect(warning.closest('[role="status"]')?.id).toBe(
      modelInput().getAttribute('aria-describedby'),
    );

    // Back to a model with tools: the warning goes.
    fireEvent.change(modelInput(), { target: { value: 'llama' } });
    fireEvent.keyDown(modelInput(), { key: 'ArrowDown' });
    fireEvent.keyDown(modelInput(), { key: 'Enter' });
    expect((modelInput() as HTMLInputElement).value).toBe('llama3.2:latest');
    expect(toolsWarning()).toBeNull();
    fireEvent.change(modelInput(), { target: { value: 'gemma2:2b' } });
    expect(toolsWarning()).toBeTruthy();

    // A name typed by hand has unknown capabilities: no warning.
    fireEvent.change(modelInput(), { target: { value: 'my-own-model' } });
    expect(toolsWarning()).toBeNull();
  });

  it('does not warn for an agent without tools', async () => {
    await act(() =>
      api.call(
        'agents.create',
        agentInput({ name: 'Plain', model: { provider: 'ollama', model: 'gemma2:2b' } }),
      ),
    );
    renderWithApi(<AgentsPage />, api);
    await openAgent('Plain');
    await waitFor(() => expect(api.calls.some((c) => c.method === 'models.list')).toBe(true));
    fireEvent.keyDown(modelInput(), { key: 'ArrowDown' });
    expect(await screen.findByRole('option', { name: /gemma2:2b/ })).toBeTruthy();
    expect(toolsWarning()).toBeNull();
  });
});
