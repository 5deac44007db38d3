import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@shared/errors';
import { agentInput, renderWithApi } from '../../test/render';
import { readText } from '../../ui/text-export';
import { AgentsPage } from './AgentsPage';
import { LibraryTestApi } from './test-api';

let api: LibraryTestApi;

beforeEach(() => {
  api = new LibraryTestApi();
  window.location.hash = '#/agents';
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const card = (name: string) =>
  screen.getAllByTestId('template-card').find((c) => c.textContent?.includes(name))!;

describe('New from template', () => {
  it('creates an agent from a template with the chosen name and model, and opens it', async () => {
    renderWithApi(<AgentsPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: /Start from a template/ }));
    window.location.hash = '#/agents/templates';
    await screen.findAllByTestId('template-card');
    expect(card('File Assistant').textContent).toContain('Needs: MCP server: filesystem');

    fireEvent.click(card('Memory Keeper'));
    expect(card('Memory Keeper').getAttribute('aria-pressed')).toBe('true');
    const form = screen.getByRole('form', { name: 'Create from Memory Keeper' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'My memory' } });
    fireEvent.change(within(form).getByLabelText('Provider'), { target: { value: 'openai' } });
    fireEvent.change(within(form).getByLabelText('Model'), { target: { value: 'gpt-4o-mini' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create agent' }));

    await waitFor(() => expect(api.agents.size).toBe(1));
    const agent = [...api.agents.values()][0]!;
    expect(api.calls.find((c) => c.method === 'agents.createFromTemplate')?.input).toEqual({
      templateId: 'memory-keeper',
      name: 'My memory',
      model: { provider: 'openai', model: 'gpt-4o-mini' },
      serverIds: {},
    });
    expect(agent).toMatchObject({
      name: 'My memory',
      tags: ['memory'],
      tools: api.templates[0]!.agent.tools,
    });
    await waitFor(() => expect(window.location.hash).toBe(`#/agents/${agent.id}`));
  });

  it('shows why creating failed and stays on the page', async () => {
    window.location.hash = '#/agents/templates';
    renderWithApi(<AgentsPage />, api);
    fireEvent.click((await screen.findAllByTestId('template-card'))[0]!);
    api.failNext(
      'agents.createFromTemplate',
      new AppError('CONFLICT', 'An agent named “Memory Keeper” already exists.', {
        hint: 'Choose another name.',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Create agent' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Choose another name.');
    expect(window.location.hash).toBe('#/agents/templates');
  });

  it('imports an agent file and exports an agent', async () => {
    await api.call('agents.create', agentInput({ name: 'Original', systemPrompt: 'Be brief.' }));
    const { json } = await api.call('agents.export', { id: [...api.agents.keys()][0]! });
    await api.call('agents.delete', { id: [...api.agents.keys()][0]! });
    window.location.hash = '#/agents/templates';
    renderWithApi(<AgentsPage />, api);
    const input = await screen.findByLabelText('Agent file');
    fireEvent.change(input, {
      target: { files: [new File([json], 'original.agent.json', { type: 'application/json' })] },
    });
    await waitFor(() =>
      expect([...api.agents.values()].map((a) => a.systemPrompt)).toEqual(['Be brief.']),
    );
    const imported = [...api.agents.values()][0]!;
    await waitFor(() => expect(window.location.hash).toBe(`#/agents/${imported.id}`));

    const blobs: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => (blobs.push(blob), 'blob:agent');
    URL.revokeObjectURL = () => undefined;
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    fireEvent.click(await screen.findByRole('button', { name: /Export/ }));
    await waitFor(() => expect(names).toEqual(['Original.agent.json']));
    expect(JSON.parse(await readText(blobs[0]!)).agent).toMatchObject({
      name: 'Original',
      systemPrompt: 'Be brief.',
    });
  });

  it('opens the run view from the builder', async () => {
    const agent = await api.call('agents.create', agentInput());
    window.location.hash = `#/agents/${agent.id}`;
    renderWithApi(<AgentsPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: /^Run$/ }));
    expect(window.location.hash).toBe(`#/runs/${agent.id}`);
  });
});
