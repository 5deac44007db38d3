import { useState } from 'react';
import type { SecretStorageView, SettingsView } from '@shared/entities/settings';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { Banner } from '../../ui/Banner';
import { Checkbox } from '../../ui/Checkbox';

/**
 * How this engine stores API keys (the engine decides: secretPolicy), and the opt-in to plain storage
 * where the desktop app has no usable keychain.
 */
export function SecretStorage({
  storage,
  onView,
}: {
  storage: SecretStorageView;
  onView: (view: SettingsView) => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const choose = async (allowPlainText: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      onView(await api.call('settings.update', { patch: { secrets: { allowPlainText } } }));
    } catch (caught) {
      const appError = toAppError(caught);
      setError([appError.message, appError.hint].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  };

  if (storage.mode === 'encrypt') {
    return (
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="secret-storage">
        Encrypted with the OS keychain{storage.backend ? ` (${storage.backend})` : ''}.
      </p>
    );
  }

  const optIn = storage.canOptInPlain ? (
    <Checkbox
      id="secret-storage-plain"
      label="Store keys in plain text instead"
      checked={storage.allowPlainText}
      disabled={busy}
      onChange={(checked) => void choose(checked)}
      hint="In secrets.json in the data folder, readable by your user account only: backups and other programs running as you can read them. Keys already stored stay until you clear them."
    />
  ) : null;

  return (
    <div data-testid="secret-storage">
      <Banner tone={storage.mode === 'session-only' ? 'warning' : 'info'}>
        <p className="font-medium">
          {storage.mode === 'session-only'
            ? 'Keys are kept for this session only.'
            : 'Keys are stored in plain text.'}
        </p>
        {storage.reason ? <p>{storage.reason}</p> : null}
        {storage.remedy ? <p className="opacity-80">{storage.remedy}</p> : null}
        {optIn ? <div className="pt-1">{optIn}</div> : null}
        {error ? <p role="alert">{error}</p> : null}
      </Banner>
    </div>
  );
}
