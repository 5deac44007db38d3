import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { MemoryApi } from '../../test/memory-api';
import { agentInput, renderWithApi } from '../../test/render';
import { AgentsPage } from './AgentsPage';

let api: MemoryApi;

beforeEach(() => {
  api = new MemoryApi();
  window.location.hash = '#/agents';
});
afterEach(cleanup);

const items = () => screen.queryAllByTestId('agent-item');
const itemNames = () => items().map((item) => item.querySelector('span')?.textContent);
const field = (label: string) =>
  screen.getByLabelText(label, { selector: 'input, textarea, select' });
/** The message shown beside a field (the element its aria-describedby points to). */
const errorOf = (label: string) => {
  const ids = field(label).getAttribute('aria-describedby') ?? '';
  return ids ? document.getElementById(ids)?.textContent : undefined;
};
const type = (label: string, value: string) =>
  fireEvent.change(field(label), { target: { value } });

async function openAgent(name: string) {
  const item = await screen.findByRole('link', { name: new RegExp(name) });
  fireEvent.click(item);
  window.location.hash = item.getAttribute('href')!;
  return screen.findByRole('form', { name: `Edit ${name}` });
}

describe('Agents page', () => {
  it('creates an agent from the empty state and shows it in the list', async () => {
    renderWithApi(<AgentsPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: /create your first agent/i }));
    await screen.findByRole('form', { name: 'New agent' });

    type('Name', 'Support bot');
    type('Description', 'Answers product questions');
    type('System prompt', 'You help customers.');
    fireEvent.change(field('Provider'), { target: { value: 'openai' } });
    type('Model', 'gpt-4o-mini');
    type('Temperature', '0.3');
    type('Tags', 'support,');
    fireEvent.change(field('Tags'), { target: { value: 'faq' } });
    fireEvent.keyDown(field('Tags'), { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: 'Create agent' }));

    await waitFor(() => expect(itemNames()).toEqual(['Support bot']));
    const saved = [...api.agents.values()][0];
    expect(saved).toMatchObject({
      name: 'Support bot',
      description: 'Answers product questions',
      systemPrompt: 'You help customers.',
      model: { provider: 'openai', model: 'gpt-4o-mini' },
      temperature: 0.3,
      tags: ['support', 'faq'],
    });
    await waitFor(() => expect(window.location.hash).toBe(`#/agents/${saved!.id}`));
    expect(await screen.findByRole('form', { name: 'Edit Support bot' })).toBeTruthy();
  });

  it('validates with the contract before sending', async () => {
    window.location.hash = '#/agents/new';
    renderWithApi(<AgentsPage />, api);
    await screen.findByRole('form', { name: 'New agent' });
    type('Name', '   ');
    type('Temperature', '3');
    fireEvent.click(screen.getByRole('button', { name: 'Create agent' }));

    await waitFor(() => expect(errorOf('Name')).toBe('Name is required'));
    expect(errorOf('Model')).toBe('Choose a model');
    expect(errorOf('Temperature')).toBe('At most 2');
    expect(field('Name').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.some((c) => c.method === 'agents.create')).toBe(false);
  });

  it('shows server validation errors beside the matching field', async () => {
    window.location.hash = '#/agents/new';
    renderWithApi(<AgentsPage />, api);
    await screen.findByRole('form', { name: 'New agent' });
    api.failNext(
      'agents.create',
      new AppError('VALIDATION', 'Invalid input at name', {
        issues: [{ path: ['name'], message: 'An agent with this name exists' }],
      }),
    );
    type('Name', 'Researcher');
    type('Model', 'llama3.2');
    fireEvent.click(screen.getByRole('button', { name: 'Create agent' }));
    await waitFor(() => expect(errorOf('Name')).toBe('An agent with this name exists'));
    expect(errorOf('Model')).toBeUndefined();

    // Editing the field clears its error.
    type('Name', 'Researcher 2');
    expect(errorOf('Name')).toBeUndefined();
  });

  it('maps update errors under "patch" to the field', async () => {
    await api.call('agents.create', agentInput());
    renderWithApi(<AgentsPage />, api);
    await openAgent('Researcher');
    api.failNext(
      'agents.update',
      new AppError('VALIDATION', 'Invalid input', {
        issues: [{ path: ['patch', 'model', 'model'], message: 'Unknown model' }],
      }),
    );
    type('Model', 'nope');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(errorOf('Model')).toBe('Unknown model'));
  });

  it('follows agents.changed events made elsewhere without reloading', async () => {
    renderWithApi(<AgentsPage />, api);
    await screen.findByText('No agents yet');
    const listCalls = () => api.calls.filter((c) => c.method === 'agents.list').length;
    const before = listCalls();

    // Another window or the CLI creates two agents, renames one and deletes the other.
    const a = await act(() => api.call('agents.create', agentInput({ name: 'Alpha' })));
    const b = await act(() => api.call('agents.create', agentInput({ name: 'Beta' })));
    await waitFor(() => expect(itemNames()).toEqual(['Alpha', 'Beta']));
    await act(() => api.call('agents.update', { id: a.id, patch: { name: 'Gamma' } }));
    await act(() => api.call('agents.delete', { id: b.id }));
    await waitFor(() => expect(itemNames()).toEqual(['Gamma']));
    expect(listCalls()).toBe(before);
  });

  it('reports a concurrent edit as a conflict and can overwrite it', async () => {
    const agent = await api.call('agents.create', agentInput());
    renderWithApi(<AgentsPage />, api);
    await openAgent('Researcher');
    type('Description', 'Mine');
    await act(() => api.call('agents.update', { id: agent.id, patch: { systemPrompt: 'Theirs' } }));
    await screen.findByText(/changed elsewhere while you were editing/);

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('This agent was changed elsewhere — reload or overwrite.');
    expect(api.agents.get(agent.id)?.description).toBe('');

    fireEvent.click(screen.getByRole('button', { name: 'Overwrite' }));
    await waitFor(() =>
      expect(api.agents.get(agent.id)).toMatchObject({ description: 'Mine', revision: 3 }),
    );
    await waitFor(() => expect(screen.queryByText(/reload or overwrite/)).toBeNull());
  });

  it('reloads the latest version after a conflict', async () => {
    const agent = await api.call('agents.create', agentInput());
    renderWithApi(<AgentsPage />, api);
    await openAgent('Researcher');
    type('Description', 'Mine');
    await act(() => api.call('agents.update', { id: agent.id, patch: { description: 'Theirs' } }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const banner = (await screen.findByText(/reload or overwrite/)).closest(
      '[role=status]',
    ) as HTMLElement;
    fireEvent.click(within(banner).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect((field('Description') as HTMLTextAreaElement).value).toBe('Theirs'));
  });

  it('takes over changes made elsewhere when nothing is being edited', async () => {
    const agent = await api.call('agents.create', agentInput());
    renderWithApi(<AgentsPage />, api);
    await openAgent('Researcher');
    await act(() =>
      api.call('agents.update', { id: agent.id, patch: { description: 'From the CLI' } }),
    );
    await waitFor(() =>
      expect((field('Description') as HTMLTextAreaElement).value).toBe('From the CLI'),
    );
  });

  it('deletes only after confirming in a dialog', async () => {
    const agent = await api.call('agents.create', agentInput());
    renderWithApi(<AgentsPage />, api);
    await openAgent('Researcher');

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete “Researcher”?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.agents.has(agent.id)).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete agent' }));
    await waitFor(() => expect(api.agents.has(agent.id)).toBe(false));
    await screen.findByText('No agents yet');
  });

  it('duplicates an agent and opens the copy', async () => {
    await api.call('agents.create', agentInput({ tags: ['x'] }));
    renderWithApi(<AgentsPage />, api);
    await openAgent('Researcher');
    fireEvent.click(screen.getByRole('button', { name: 'Duplicate' }));
    await waitFor(() => expect(itemNames()).toEqual(['Researcher', 'Researcher (copy)']));
    await screen.findByRole('form', { name: 'Edit Researcher (copy)' });
  });

  it('searches and filters by tag', async () => {
    await api.call('agents.create', agentInput({ name: 'Writer', tags: ['content'] }));
    await api.call(
      'agents.create',
      agentInput({ name: 'Triage', description: 'Sorts support tickets', tags: ['support'] }),
    );
    await api.call('agents.create', agentInput({ name: 'Helpdesk', tags: ['support', 'content'] }));
    renderWithApi(<AgentsPage />, api);
    await waitFor(() => expect(itemNames()).toEqual(['Helpdesk', 'Triage', 'Writer']));

    fireEvent.change(screen.getByLabelText('Filter by tag'), { target: { value: 'support' } });
    expect(itemNames()).toEqual(['Helpdesk', 'Triage']);
    fireEvent.change(screen.getByLabelText('Search agents'), { target: { value: 'tickets' } });
    expect(itemNames()).toEqual(['Triage']);
    fireEvent.change(screen.getByLabelText('Search agents'), {
      target: { value: 'nothing like this' },
    });
    expect(items()).toHaveLength(0);
    expect(screen.getByText('No agents match this search.')).toBeTruthy();
  });
});
