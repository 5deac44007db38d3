import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { AutomationSettings } from './AutomationSettings';
import { SettingsPage } from './SettingsPage';

afterEach(cleanup);

describe('automation settings', () => {
  it('saves the number of runs at once on Enter, keeping the rest of the section', async () => {
    const api = new MemoryApi();
    renderWithApi(<AutomationSettings view={api.view} onView={(v) => (api.view = v)} />, api);
    const input = screen.getByLabelText('Runs at once') as HTMLInputElement;
    expect(input.value).toBe('2');
    fireEvent.change(input, { target: { value: '4' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(api.view.settings.automations.maxConcurrent).toBe(4));
    expect(api.calls.at(-1)).toEqual({ method: 'settings.update', input: { patch: { automations: { maxConcurrent: 4 } } } });
  });

  it('puts back the saved value when the field is left empty, and says why a save failed', async () => {
    const api = new MemoryApi();
    renderWithApi(<AutomationSettings view={api.view} onView={() => undefined} />, api);
    const input = screen.getByLabelText('Runs at once') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '' } });
    fireEvent.blur(input);
    expect(input.value).toBe('2');
    expect(api.calls.some((c) => c.method === 'settings.update')).toBe(false);
    // The contract refuses more than 20: the error says so and nothing is saved.
    fireEvent.change(input, { target: { value: '50' } });
    fireEvent.blur(input);
    expect((await screen.findByRole('alert')).textContent).toMatch(/maxConcurrent: At most 20/);
    expect(api.view.settings.automations.maxConcurrent).toBe(2);
  });

  it('is a section of the Settings page', async () => {
    renderWithApi(<SettingsPage />, new MemoryApi());
    expect(await screen.findByRole('heading', { name: 'Automations' })).toBeTruthy();
    expect(screen.getByTestId('automation-settings')).toBeTruthy();
  });
});
