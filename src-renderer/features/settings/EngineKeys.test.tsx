import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { EngineKeys } from './EngineKeys';
import { SettingsPage } from './SettingsPage';

afterEach(cleanup);

describe('API keys for the engine', () => {
  it('creates a key with a scope and an expiry, shows its secret once, and lists it without it', async () => {
    const api = new MemoryApi();
    renderWithApi(<EngineKeys />, api);
    expect(await screen.findByText(/No keys yet/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'ci' } });
    fireEvent.change(screen.getByLabelText('Scope'), { target: { value: 'run' } });
    fireEvent.change(screen.getByLabelText('Expires (days)'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

    const secret = await screen.findByTestId('engine-key-secret');
    expect(secret.textContent).toBe(api.engineKeys[0]!.secret);
    expect(api.calls.find((c) => c.method === 'keys.create')?.input).toEqual({ name: 'ci', scope: 'run', expiresInDays: 30 });
    const row = (await screen.findByRole('cell', { name: 'ci' })).closest('tr')!;
    expect(within(row).getByText('run')).toBeTruthy();
    expect(within(row).getByText('active')).toBeTruthy();
    expect(row.textContent).not.toContain(api.engineKeys[0]!.secret);
  });

  it('says why a key could not be made', async () => {
    const api = new MemoryApi();
    renderWithApi(<EngineKeys />, api);
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'bad/name' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect((await screen.findByText(/Letters, digits, spaces/)).textContent).toBeTruthy();
    expect(api.engineKeys).toHaveLength(0);
  });

  it('revokes a key after asking', async () => {
    const api = new MemoryApi();
    await api.call('keys.create', { name: 'old', scope: 'read' });
    renderWithApi(<EngineKeys />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke old' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(api.engineKeys[0]!.revokedAt).not.toBeNull());
    expect(await screen.findByText('revoked')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Revoke old' })).toBeNull();
  });

  it('is a section of the Settings page', async () => {
    renderWithApi(<SettingsPage />, new MemoryApi());
    expect(await screen.findByRole('heading', { name: 'API keys for the engine' })).toBeTruthy();
    expect(screen.getByTestId('engine-keys')).toBeTruthy();
  });
});
