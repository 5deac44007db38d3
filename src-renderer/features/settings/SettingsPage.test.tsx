import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { SettingsPage } from './SettingsPage';

let api: MemoryApi;
beforeEach(() => {
  api = new MemoryApi();
  api.view = { ...api.view, secrets: { 'anthropic.apiKey': true } };
});
afterEach(cleanup);

const errorOf = (label: string) => {
  const id = screen.getByLabelText(label).getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent : undefined;
};

describe('Settings page', () => {
  it('shows the data folder, database and provider hosts', async () => {
    renderWithApi(<SettingsPage />, api);
    expect((await screen.findByTestId('settings-data-dir')).textContent).toBe(
      '/tmp/agent-factory-test',
    );
    expect(screen.getByText('PGlite (embedded, in the data folder)')).toBeTruthy();
    expect((screen.getByLabelText('Ollama host') as HTMLInputElement).value).toBe(
      'http://127.0.0.1:11434',
    );
  });

  it('saves provider hosts, checking them first', async () => {
    renderWithApi(<SettingsPage />, api);
    const ollama = await screen.findByLabelText('Ollama host');
    fireEvent.change(ollama, { target: { value: 'not a url' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save hosts' }));
    await waitFor(() => expect(errorOf('Ollama host')).toMatch(/Enter a full URL/));
    expect(api.calls.some((c) => c.method === 'settings.update')).toBe(false);

    fireEvent.change(ollama, { target: { value: 'http://gpu-box:11434' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save hosts' }));
    await screen.findByText('Provider hosts saved.');
    expect(api.view.settings.providers.ollama.host).toBe('http://gpu-box:11434');
  });

  it('shows server validation errors beside the host', async () => {
    renderWithApi(<SettingsPage />, api);
    await screen.findByLabelText('Anthropic base URL');
    api.failNext(
      'settings.update',
      new AppError('VALIDATION', 'Invalid input', {
        issues: [
          { path: ['patch', 'providers', 'anthropic', 'baseUrl'], message: 'Host not allowed' },
        ],
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save hosts' }));
    await waitFor(() => expect(errorOf('Anthropic base URL')).toBe('Host not allowed'));
  });

  it('sets and clears API keys without ever showing them', async () => {
    renderWithApi(<SettingsPage />, api);
    const openai = (await screen.findByLabelText('OpenAI API key')) as HTMLInputElement;
    expect(openai.type).toBe('password');
    expect(screen.getByTestId('secret-openai-apiKey-state').textContent).toBe('not set');
    expect(screen.getByTestId('secret-anthropic-apiKey-state').textContent).toBe('set');

    fireEvent.change(openai, { target: { value: 'sk-test' } });
    fireEvent.submit(openai.closest('form')!);
    await waitFor(() =>
      expect(screen.getByTestId('secret-openai-apiKey-state').textContent).toBe('set'),
    );
    expect(openai.value).toBe('');
    expect(api.calls.at(-1)).toEqual({
      method: 'secrets.set',
      input: { name: 'openai.apiKey', value: 'sk-test' },
    });
    expect(document.body.textContent).not.toContain('sk-test');

    const clear = screen.getAllByRole('button', { name: 'Clear' })[1]!;
    fireEvent.click(clear);
    await waitFor(() =>
      expect(screen.getByTestId('secret-anthropic-apiKey-state').textContent).toBe('not set'),
    );
  });

  it('follows settings.changed events', async () => {
    renderWithApi(<SettingsPage />, api);
    await screen.findByTestId('settings-data-dir');
    act(() =>
      api.emit('settings.changed', {
        ...api.view,
        problem: 'settings.json was unreadable and was moved aside',
      }),
    );
    await screen.findByText('settings.json was unreadable and was moved aside');
  });
});
