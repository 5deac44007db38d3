import { useState, type FormEvent } from 'react';
import {
  SECRET_ENV,
  SECRET_NAMES,
  type ProviderSecretName,
  type SecretStorageView,
  type SettingsView,
} from '@shared/entities/settings';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { SecretStorage } from './SecretStorage';

const labels: Record<ProviderSecretName, string> = {
  'openai.apiKey': 'OpenAI API key',
  'anthropic.apiKey': 'Anthropic API key',
  'openaiCompatible.apiKey': 'OpenAI-compatible API key',
};

/** The secrets the providers read (environment variables override them). */
export const apiKeys: { name: ProviderSecretName; label: string; env: string }[] = SECRET_NAMES.map(
  (name) => ({ name, label: labels[name], env: SECRET_ENV[name] }),
);

export interface ApiKeysProps {
  secrets: Record<string, boolean>;
  /** Keys stored encrypted by the desktop app that this engine cannot decrypt. */
  unreadable?: string[];
  /** How keys are stored (encrypted, this session only, plain text), and why. */
  storage?: SecretStorageView;
  onChanged: (name: string, set: boolean) => void;
  /** A newer view after the storage choice changed. */
  onView?: (view: SettingsView) => void;
}

/** Write-only key inputs: the page only ever learns whether a key is set. */
export function ApiKeys({
  secrets,
  unreadable = [],
  storage,
  onChanged,
  onView = () => undefined,
}: ApiKeysProps) {
  return (
    <div className="space-y-4">
      {storage ? <SecretStorage storage={storage} onView={onView} /> : null}
      {unreadable.length ? (
        <Banner tone="warning">
          <p>
            Stored encrypted by the desktop app, and this engine cannot decrypt them:{' '}
            <span className="font-mono">{unreadable.join(', ')}</span>.
          </p>
          <p>They are kept as they are. Use the desktop app, or type a key here to replace it.</p>
        </Banner>
      ) : null}
      {apiKeys.map((key) => (
        <ApiKeyRow key={key.name} {...key} set={!!secrets[key.name]} onChanged={onChanged} />
      ))}
    </div>
  );
}

function ApiKeyRow({
  name,
  label,
  env,
  set,
  onChanged,
}: {
  name: ProviderSecretName;
  label: string;
  env: string;
  set: boolean;
  onChanged: ApiKeysProps['onChanged'];
}) {
  const api = useApi();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = `secret-${name.replace(/\W/g, '-')}`;

  const store = async (next: string | null) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.call('secrets.set', { name, value: next });
      onChanged(result.name, result.set);
      setValue('');
    } catch (caught) {
      const appError = toAppError(caught);
      setError([appError.message, appError.hint].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value) void store(value);
  };

  return (
    <form onSubmit={submit}>
      <Field id={id} label={label} error={error} hint={`Or set ${env} in the environment.`}>
        <div className="flex items-center gap-2">
          <input
            {...describedBy(id, error, true)}
            type="password"
            autoComplete="off"
            placeholder={set ? '••••••••  (set — type to replace)' : 'Paste a key'}
            className={`${inputClass} flex-1 font-mono text-xs`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <span
            data-testid={`${id}-state`}
            className={
              set
                ? 'w-14 text-xs font-medium text-emerald-600 dark:text-emerald-400'
                : 'w-14 text-xs text-zinc-500 dark:text-zinc-400'
            }
          >
            {set ? 'set' : 'not set'}
          </span>
          <Button type="submit" disabled={busy || !value}>
            Save
          </Button>
          <Button variant="ghost" disabled={busy || !set} onClick={() => void store(null)}>
            Clear
          </Button>
        </div>
      </Field>
    </form>
  );
}
