import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SecretStorageView } from '@shared/entities/settings';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { SecretStorage } from './SecretStorage';

afterEach(cleanup);

const sessionOnly: SecretStorageView = {
  mode: 'session-only',
  backend: 'basic_text',
  reason: 'No OS keyring was found (basic_text).',
  remedy: 'Start Agent Factory with --password-store=gnome-libsecret or --password-store=kwallet5.',
  canOptInPlain: true,
  allowPlainText: false,
};

describe('how API keys are stored (Settings)', () => {
  it('explains session-only storage with the remedy, and opts in to plain storage on request', async () => {
    const api = new MemoryApi();
    const onView = vi.fn();
    renderWithApi(<SecretStorage storage={sessionOnly} onView={onView} />, api);
    expect(screen.getByText('Keys are kept for this session only.')).toBeTruthy();
    expect(screen.getByText(/--password-store=gnome-libsecret/)).toBeTruthy();
    const optIn = screen.getByLabelText('Store keys in plain text instead') as HTMLInputElement;
    expect(optIn.checked).toBe(false);
    fireEvent.click(optIn);
    await waitFor(() => expect(onView).toHaveBeenCalled());
    expect(api.calls.find((c) => c.method === 'settings.update')?.input).toEqual({
      patch: { secrets: { allowPlainText: true } },
    });
  });

  it('offers no switch where the engine decides alone (encrypted, or a headless engine)', () => {
    const api = new MemoryApi();
    renderWithApi(
      <SecretStorage
        storage={{
          mode: 'encrypt',
          backend: 'gnome_libsecret',
          canOptInPlain: false,
          allowPlainText: false,
        }}
        onView={() => undefined}
      />,
      api,
    );
    expect(screen.getByTestId('secret-storage').textContent).toBe(
      'Encrypted with the OS keychain (gnome_libsecret).',
    );
    cleanup();
    renderWithApi(
      <SecretStorage
        storage={{
          mode: 'plain',
          reason: 'The CLI and serve have no access to the OS keychain.',
          canOptInPlain: false,
          allowPlainText: false,
        }}
        onView={() => undefined}
      />,
      api,
    );
    expect(screen.getByText('Keys are stored in plain text.')).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
