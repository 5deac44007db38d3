import { useState, type FormEvent } from 'react';
import type { SettingsView } from '@shared/entities/settings';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { groupIssues } from '../../api/issues';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { describedBy, Field, inputClass } from '../../ui/Field';

type Providers = SettingsView['settings']['providers'];
type ProviderKey = keyof Providers;

const rows: { key: ProviderKey; label: string; prop: 'host' | 'baseUrl' }[] = [
  { key: 'ollama', label: 'Ollama host', prop: 'host' },
  { key: 'openai', label: 'OpenAI base URL', prop: 'baseUrl' },
  { key: 'openaiCompatible', label: 'OpenAI-compatible base URL', prop: 'baseUrl' },
  { key: 'anthropic', label: 'Anthropic base URL', prop: 'baseUrl' },
];

type Hosts = Record<ProviderKey, string>;

function hostsOf(providers: Providers): Hosts {
  return {
    ollama: providers.ollama.host,
    openai: providers.openai.baseUrl,
    openaiCompatible: providers.openaiCompatible.baseUrl,
    anthropic: providers.anthropic.baseUrl,
  };
}

function checkUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? null
      : 'Use an http:// or https:// URL';
  } catch {
    return 'Enter a full URL, such as http://127.0.0.1:11434';
  }
}

const providerOf = (path: readonly (string | number)[]): ProviderKey | null => {
  const rest = path[0] === 'patch' ? path.slice(1) : path;
  const key = rest[0] === 'providers' ? rest[1] : undefined;
  return rows.some((r) => r.key === key) ? (key as ProviderKey) : null;
};

export function ProviderHostsForm({
  view,
  onSaved,
}: {
  view: SettingsView;
  onSaved: (view: SettingsView) => void;
}) {
  const api = useApi();
  const [hosts, setHosts] = useState<Hosts>(() => hostsOf(view.settings.providers));
  const [errors, setErrors] = useState<Partial<Record<ProviderKey, string>>>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const local: Partial<Record<ProviderKey, string>> = {};
    for (const { key } of rows) {
      const problem = checkUrl(hosts[key].trim());
      if (problem) local[key] = problem;
    }
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    try {
      const next = await api.call('settings.update', {
        patch: {
          providers: {
            ollama: { host: hosts.ollama.trim() },
            openai: { baseUrl: hosts.openai.trim() },
            openaiCompatible: { baseUrl: hosts.openaiCompatible.trim() },
            anthropic: { baseUrl: hosts.anthropic.trim() },
          },
        },
      });
      onSaved(next);
      setHosts(hostsOf(next.settings.providers));
      setMessage({ tone: 'info', text: 'Provider hosts saved.' });
    } catch (caught) {
      const error = toAppError(caught);
      const grouped = groupIssues(error.issues ?? [], providerOf);
      setErrors(grouped.fields);
      if (!Object.keys(grouped.fields).length || grouped.other.length) {
        setMessage({ tone: 'error', text: [error.message, error.hint].filter(Boolean).join(' ') });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Provider hosts" className="space-y-3">
      {rows.map(({ key, label }) => {
        const id = `provider-${key}`;
        return (
          <Field key={key} id={id} label={label} error={errors[key]}>
            <input
              {...describedBy(id, errors[key])}
              className={`${inputClass} font-mono text-xs`}
              value={hosts[key]}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setHosts((current) => ({ ...current, [key]: e.target.value }))}
            />
          </Field>
        );
      })}
      {message ? <Banner tone={message.tone}>{message.text}</Banner> : null}
      <Button type="submit" variant="primary" disabled={saving}>
        {saving ? 'Saving…' : 'Save hosts'}
      </Button>
    </form>
  );
}
