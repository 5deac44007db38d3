import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { McpElicitationRequest, McpSamplingRequest } from '@shared/entities/mcp-server-requests';
import { renderWithApi } from '../../test/render';
import { McpServerRequests } from './ServerRequestsDialog';
import { SignInButton } from './SignInButton';
import { McpMemoryApi } from './test-api';

let api: McpMemoryApi;
beforeEach(() => {
  api = new McpMemoryApi();
});
afterEach(cleanup);

const form: McpElicitationRequest = {
  id: 'e1',
  serverId: 's1',
  serverName: 'everything',
  message: 'Tell us about you',
  requestedSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', title: 'Name' },
      story: { type: 'string', title: 'Story', default: 'It was a dark and stormy night.' },
      pet: { type: 'string', title: 'Pet', oneOf: [{ const: 'cat-1', title: 'Cat' }, { const: 'dog-1', title: 'Dog' }], default: 'cat-1' },
    },
    required: ['name'],
  },
  requestedAt: '2026-01-01T00:00:00Z',
};

const sampling: McpSamplingRequest = {
  id: 'x1',
  serverId: 's1',
  serverName: 'everything',
  params: {
    messages: [{ role: 'user', content: { type: 'text', text: 'Say hi' } }],
    systemPrompt: 'You are a helpful test server.',
    maxTokens: 100,
    modelPreferences: { hints: [{ name: 'claude' }] },
  },
  requestedAt: '2026-01-01T00:00:00Z',
};

describe('server requests dialog', () => {
  it('elicitation: a form with the defaults and titled choices; Send requires the required field, then answers accept', async () => {
    api.serverRequests.elicitations.push(form);
    renderWithApi(<McpServerRequests />, api);
    await screen.findByTestId('elicitation-dialog');
    expect(screen.getByLabelText('Story')).toHaveProperty('value', 'It was a dark and stormy night.');
    expect(screen.getByRole('option', { name: 'Dog' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Required')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name *'), { target: { value: 'Ada' } });
    fireEvent.change(screen.getByLabelText('Pet'), { target: { value: 'dog-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.queryByTestId('elicitation-dialog')).toBeNull());
    expect(api.serverRequests.answers).toEqual([
      { requestId: 'e1', action: 'accept', content: { name: 'Ada', story: 'It was a dark and stormy night.', pet: 'dog-1' } },
    ]);
  });

  it('elicitation: Decline answers decline', async () => {
    api.serverRequests.elicitations.push(form);
    renderWithApi(<McpServerRequests />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(api.serverRequests.answers).toEqual([{ requestId: 'e1', action: 'decline' }]));
  });

  it('sampling: arrives by event; shows the messages (editable) and the preferences; sends the edits and the chosen model', async () => {
    renderWithApi(<McpServerRequests />, api);
    act(() => api.emit('mcp.sampling.requested', sampling));
    await screen.findByTestId('sampling-dialog');
    expect(screen.getByText(/The server prefers: claude/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Message 1 (user)'), { target: { value: 'Say hello' } });
    fireEvent.change(screen.getByLabelText('Model (provider:model)'), { target: { value: 'ollama:llama3.2' } });
    api.serverRequests.samplings.push(sampling);
    fireEvent.click(screen.getByRole('button', { name: 'Send to the model' }));
    await waitFor(() => expect(screen.queryByTestId('sampling-dialog')).toBeNull());
    expect(api.serverRequests.answers).toEqual([
      {
        requestId: 'x1',
        decision: 'allow',
        messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }],
        systemPrompt: 'You are a helpful test server.',
        model: 'ollama:llama3.2',
      },
    ]);
  });

  it('a request resolved elsewhere (answered, cancelled by the server) leaves the screen', async () => {
    api.serverRequests.samplings.push(sampling);
    renderWithApi(<McpServerRequests />, api);
    await screen.findByTestId('sampling-dialog');
    act(() => api.emit('mcp.serverRequest.resolved', { id: 'x1', outcome: 'cancelled' }));
    await waitFor(() => expect(screen.queryByTestId('sampling-dialog')).toBeNull());
  });
});

describe('sign in', () => {
  it('Sign in asks the engine for the authorization link and shows it (headless: nothing opens a browser)', async () => {
    renderWithApi(<SignInButton serverId="s9" />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const link = await screen.findByRole('link');
    expect(link.getAttribute('href')).toBe('https://auth.example/authorize?server=s9');
  });
});
