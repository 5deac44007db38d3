import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '@shared/entities/agent';
import { agentInput, renderWithApi } from '../../test/render';
import { RunsPage } from './RunsPage';
import { RunsTestApi } from './test-api';

let api: RunsTestApi;
let agent: Agent;

beforeEach(async () => {
  api = new RunsTestApi();
  agent = await api.call('agents.create', agentInput({ name: 'Researcher' }));
  window.location.hash = `#/runs/${agent.id}`;
});
afterEach(cleanup);

const status = () =>
  screen
    .getByRole('region', { name: 'Conversation' })
    .querySelector('[data-testid="run-status"]')
    ?.getAttribute('data-status');
const runIdFromHash = () => window.location.hash.split('/')[3];

async function send(text: string) {
  const box = await screen.findByLabelText('Message');
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
  await waitFor(() => expect(runIdFromHash()).toBeTruthy());
  const runId = runIdFromHash()!;
  await screen.findByTestId('chat-input');
  return runId;
}

describe('Runs page', () => {
  it('streams the answer and a tool card live, and ends with the status', async () => {
    renderWithApi(<RunsPage />, api);
    const runId = await send('What time is it?');
    expect(api.calls.find((c) => c.method === 'runs.start')?.input).toEqual({
      agent: agent.id,
      input: 'What time is it?',
      options: { history: true },
    });
    expect(screen.getByTestId('chat-input').textContent).toBe('What time is it?');

    act(() =>
      api.stream(runId, 1, 'Let me check', [{ id: 'c1', name: 'current_time', arguments: {} }]),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('chat-text')[0]?.textContent).toBe('Let me check'),
    );
    act(() => api.requestTool(runId, 1, 'c1', 'current_time', {}));
    const output = screen.getByTestId('chat-output');
    const card = await within(output).findByTestId('tool-card');
    expect(card.getAttribute('data-state')).toBe('running');
    act(() => api.toolResult(runId, 'c1', 'current_time', '{"utc":"2026-03-01T09:00:00Z"}'));
    await waitFor(() => expect(card.getAttribute('data-state')).toBe('succeeded'));
    fireEvent.click(within(card).getByRole('button'));
    expect(within(card).getByTestId('tool-output').textContent).toContain('2026-03-01T09:00:00Z');

    act(() => api.stream(runId, 2, 'It is nine.'));
    act(() => void api.finish(runId, 'succeeded', { output: 'It is nine.' }));
    await waitFor(() => expect(status()).toBe('succeeded'));
    expect(screen.getAllByTestId('chat-text').map((t) => t.textContent)).toEqual([
      'Let me check',
      'It is nine.',
    ]);
    // The trace shows the same run, and the history lists it.
    const trace = screen.getByTestId('trace-panel');
    await waitFor(() =>
      expect(within(trace).getAllByTestId('trace-row').length).toBeGreaterThan(5),
    );
    expect(
      within(screen.getByRole('complementary', { name: 'Run history' }))
        .getAllByTestId('run-item')
        .map((i) => i.dataset.runId),
    ).toEqual([runId]);
  });

  it('asks for approval inline and sends the answer', async () => {
    renderWithApi(<RunsPage />, api);
    const runId = await send('Search something');
    act(() => api.requestTool(runId, 1, 'c9', 'search', { query: 'cats' }, 'required'));
    const prompt = await screen.findByTestId('approval-prompt');
    expect(prompt.textContent).toContain('"query": "cats"');
    await waitFor(() => expect(status()).toBe('waiting_approval'));

    fireEvent.click(within(prompt).getByRole('button', { name: 'Allow for this run' }));
    await waitFor(() => expect(screen.queryByTestId('approval-prompt')).toBeNull());
    expect(api.calls.find((c) => c.method === 'runs.approve')?.input).toEqual({
      runId,
      callId: 'c9',
      decision: 'allow_for_run',
    });
    await waitFor(() => expect(status()).toBe('running'));
  });

  it('denies a tool call', async () => {
    renderWithApi(<RunsPage />, api);
    const runId = await send('Search something');
    act(() => api.requestTool(runId, 1, 'c1', 'search', {}, 'required'));
    fireEvent.click(
      within(await screen.findByTestId('approval-prompt')).getByRole('button', { name: 'Deny' }),
    );
    const output = screen.getByTestId('chat-output');
    await waitFor(() =>
      expect(within(output).getByTestId('tool-card').getAttribute('data-state')).toBe('denied'),
    );
  });

  it('stops a run with the Stop button', async () => {
    renderWithApi(<RunsPage />, api);
    const runId = await send('Write a long essay');
    act(() => api.emitEvent(runId, { type: 'text.delta', step: 1, text: 'Once upon' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(status()).toBe('cancelled'));
    expect(api.run(runId).status).toBe('cancelled');
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    // The composer is back once the stop call has returned.
    expect(await screen.findByRole('button', { name: 'Run' })).toBeTruthy();
  });

  it('shows a failure with its error and hint', async () => {
    renderWithApi(<RunsPage />, api);
    const runId = await send('Hello');
    act(
      () =>
        void api.finish(runId, 'failed', {
          error: {
            code: 'UNAVAILABLE',
            message: 'No Ollama at http://127.0.0.1:11434.',
            hint: 'Run `ollama serve`.',
          },
        }),
    );
    const outcome = await screen.findByTestId('run-outcome');
    await waitFor(() =>
      expect(outcome.textContent).toContain('The run failed: No Ollama at http://127.0.0.1:11434.'),
    );
    expect(outcome.textContent).toContain('Run `ollama serve`.');
  });

  it('opens a past run from the history with its stored trace', async () => {
    const past = api.addRun({
      agentId: agent.id,
      agentName: agent.name,
      input: 'Yesterday’s question',
    });
    api.stream(past.id, 1, 'Stored answer');
    api.finish(past.id, 'max_steps', {
      error: {
        code: 'CONFLICT',
        message: 'The agent made 10 model calls without a final answer.',
        hint: 'Raise the step limit.',
      },
    });
    renderWithApi(<RunsPage />, api);
    const item = await screen.findByRole('link', { name: /Yesterday’s question/ });
    fireEvent.click(item);
    window.location.hash = item.getAttribute('href')!;
    await waitFor(() =>
      expect(screen.getAllByTestId('chat-text').map((t) => t.textContent)).toEqual([
        'Stored answer',
      ]),
    );
    expect(api.calls.some((c) => c.method === 'runs.trace')).toBe(true);
    expect(screen.getByTestId('run-outcome').textContent).toContain('reached its step limit');
    expect(screen.getByTestId('run-outcome').textContent).toContain('Raise the step limit.');
  });

  it('tells a user without a model how to connect one', async () => {
    api.doctor = [
      {
        name: 'ollama',
        status: 'warn',
        detail: 'No Ollama at http://127.0.0.1:11434 (fetch failed)',
        fix: 'Install Ollama from ollama.com and run `ollama serve`.',
      },
      { name: 'models', status: 'warn', detail: 'No model provider is configured yet.' },
    ];
    renderWithApi(<RunsPage />, api);
    const notice = await screen.findByTestId('model-setup-notice');
    expect(notice.textContent).toContain('No Ollama at http://127.0.0.1:11434');
    expect(notice.textContent).toContain('ollama serve');
    expect(within(notice).getByRole('link', { name: 'Open Settings' }).getAttribute('href')).toBe(
      '#/settings',
    );
  });

  it('says an OpenAI agent needs a key, and nothing once it is set', async () => {
    const gpt = await api.call(
      'agents.create',
      agentInput({ name: 'Writer', model: { provider: 'openai', model: 'gpt-4o-mini' } }),
    );
    window.location.hash = `#/runs/${gpt.id}`;
    const view = renderWithApi(<RunsPage />, api);
    expect((await screen.findByTestId('model-setup-notice')).textContent).toContain(
      'no OpenAI API key is set',
    );
    view.unmount();
    await api.call('secrets.set', { name: 'openai.apiKey', value: 'sk-test' });
    renderWithApi(<RunsPage />, api);
    await screen.findByLabelText('Message');
    await waitFor(() =>
      expect(api.calls.filter((c) => c.method === 'settings.get')).toHaveLength(2),
    );
    expect(screen.queryByTestId('model-setup-notice')).toBeNull();
  });

  it('offers templates when there is no agent yet', async () => {
    const empty = new RunsTestApi();
    window.location.hash = '#/runs';
    renderWithApi(<RunsPage />, empty);
    fireEvent.click(await screen.findByRole('button', { name: /New from template/ }));
    expect(window.location.hash).toBe('#/agents/templates');
  });
});
