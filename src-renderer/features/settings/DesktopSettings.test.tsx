import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '@shared/api/index';
import { AppError } from '@shared/errors';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { DesktopSettings } from './DesktopSettings';
import { SettingsPage } from './SettingsPage';

afterEach(cleanup);

describe('desktop app settings', () => {
  it('shows keep-in-tray on and start-at-login off by default, with what each does', () => {
    const api = new MemoryApi();
    renderWithApi(<DesktopSettings view={api.view} onView={() => undefined} />, api);
    const tray = screen.getByLabelText('Keep running in the tray') as HTMLInputElement;
    const login = screen.getByLabelText('Start at login') as HTMLInputElement;
    expect(tray.checked).toBe(true);
    expect(login.checked).toBe(false);
    expect(document.getElementById(tray.getAttribute('aria-describedby')!)?.textContent).toMatch(/automations keep running/);
    expect(document.getElementById(login.getAttribute('aria-describedby')!)?.textContent).toMatch(/when you log in/);
  });

  it('saves each toggle with the rest of the section kept', async () => {
    const api = new MemoryApi();
    api.view = {
      ...api.view,
      settings: { ...api.view.settings, desktop: { closeToTray: true, startAtLogin: false, closeToTrayNoticeShown: true } },
    };
    const onView = vi.fn();
    renderWithApi(<DesktopSettings view={api.view} onView={onView} />, api);
    fireEvent.click(screen.getByLabelText('Start at login'));
    await waitFor(() => expect(onView).toHaveBeenCalled());
    expect(api.calls.at(-1)).toEqual({
      method: 'settings.update',
      input: { patch: { desktop: { closeToTray: true, startAtLogin: true, closeToTrayNoticeShown: true } } },
    });
    expect(api.view.settings.desktop.startAtLogin).toBe(true);

    cleanup();
    renderWithApi(<DesktopSettings view={api.view} onView={onView} />, api);
    fireEvent.click(screen.getByLabelText('Keep running in the tray'));
    await waitFor(() => expect(api.view.settings.desktop.closeToTray).toBe(false));
    expect(api.view.settings.desktop).toEqual({ closeToTray: false, startAtLogin: true, closeToTrayNoticeShown: true });
  });

  it('says why a save failed', async () => {
    const api = new MemoryApi();
    api.failNext('settings.update', new AppError('INTERNAL', 'Could not write settings.json', { hint: 'Check the data folder is writable.' }));
    renderWithApi(<DesktopSettings view={api.view} onView={() => undefined} />, api);
    fireEvent.click(screen.getByLabelText('Start at login'));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not write settings.json Check the data folder is writable.');
  });

  it('is a section of the Settings page in the desktop app', async () => {
    const api = new MemoryApi();
    // The in-memory API answers as a headless engine; the desktop app's says `electron`.
    const desktopApi: ApiClient = {
      call: (async (method: string, input: unknown) => {
        const out = await api.call(method as never, input as never);
        return method === 'system.info' ? { ...(out as object), mode: 'electron' } : out;
      }) as ApiClient['call'],
      subscribe: (event, listener) => api.subscribe(event, listener),
    };
    renderWithApi(<SettingsPage />, desktopApi);
    expect(await screen.findByRole('heading', { name: 'Desktop app' })).toBeTruthy();
    expect(screen.getByTestId('desktop-settings')).toBeTruthy();
  });

  it('is not on the Settings page of a headless engine (no tray there)', async () => {
    const api = new MemoryApi();
    renderWithApi(<SettingsPage />, api);
    await screen.findByTestId('settings-data-dir');
    await screen.findByText(/0\.0\.0-test/);
    expect(screen.queryByTestId('desktop-settings')).toBeNull();
  });
});
