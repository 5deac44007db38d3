import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiKeyScope, type ApiKey } from '@shared/entities/api-key';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyButton } from '../../ui/CopyButton';
import { describedBy, Field, inputClass } from '../../ui/Field';

const scopeHints: Record<ApiKeyScope, string> = {
  read: 'read: lists, details, searches, traces and events',
  run: 'run: read, and start, answer and cancel runs and chats, upload files',
  admin: 'admin: everything, including settings, secrets, MCP servers and keys',
  metrics: 'metrics: only GET /metrics',
};

const messageOf = (caught: unknown) => {
  const error = toAppError(caught);
  return [error.message, error.hint].filter(Boolean).join(' ');
};

function stateOf(key: ApiKey): 'active' | 'revoked' | 'expired' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) return 'expired';
  return 'active';
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** Keys other programs use to call the engine (`serve`): made here, shown once, revocable. */
export function EngineKeys() {
  const api = useApi();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [loadError, setLoadError] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>('read');
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [made, setMade] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const reload = useCallback(() => {
    api.call('keys.list', {}).then(
      (list) => {
        setKeys(list);
        setLoadError(undefined);
      },
      (caught: unknown) => setLoadError(messageOf(caught)),
    );
  }, [api]);
  useEffect(reload, [reload]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setMade(null);
    try {
      const expires = days.trim() ? Number(days) : undefined;
      const result = await api.call('keys.create', { name, scope, ...(expires !== undefined ? { expiresInDays: expires } : {}) });
      setMade({ name: result.key.name, secret: result.secret });
      setName('');
      setDays('');
      reload();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: ApiKey) => {
    setBusy(true);
    try {
      await api.call('keys.revoke', { key: key.id });
      reload();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  };

  return (
    <div className="space-y-4" data-testid="engine-keys">
      {loadError ? <Banner tone="error">Could not load the keys: {loadError}</Banner> : null}
      {made ? (
        <Banner tone="warning">
          <p>
            The secret of <strong>{made.name}</strong>: copy it now, it is not shown again.
          </p>
          <div className="mt-1 flex items-center gap-2">
            <code className="font-mono text-xs break-all select-all" data-testid="engine-key-secret">
              {made.secret}
            </code>
            <CopyButton text={() => made.secret} label="Copy the key" />
          </div>
          <p className="opacity-80">
            Send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code> or in the <code className="font-mono">token</code> query parameter.
          </p>
        </Banner>
      ) : null}
      <form onSubmit={(e) => void create(e)} className="grid gap-2 sm:grid-cols-[1fr_140px_110px_auto] sm:items-end">
        <Field id="engine-key-name" label="Name" error={error}>
          <input
            {...describedBy('engine-key-name', error)}
            className={inputClass}
            value={name}
            placeholder="ci-pipeline"
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field id="engine-key-scope" label="Scope">
          <select id="engine-key-scope" className={inputClass} value={scope} onChange={(e) => setScope(ApiKeyScope.parse(e.target.value))}>
            {ApiKeyScope.options.map((s) => (
              <option key={s} value={s} title={scopeHints[s]}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field id="engine-key-days" label="Expires (days)">
          <input id="engine-key-days" className={inputClass} type="number" min={1} max={3650} placeholder="never" value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <Button type="submit" variant="primary" disabled={busy || !name.trim()}>
          Create key
        </Button>
      </form>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{scopeHints[scope]}.</p>
      {keys && keys.length ? (
        <table className="w-full text-left text-[13px]">
          <thead className="text-xs text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="py-1 font-medium">Name</th>
              <th className="font-medium">Scope</th>
              <th className="font-medium">Key</th>
              <th className="font-medium">State</th>
              <th className="font-medium">Expires</th>
              <th className="font-medium">Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const state = stateOf(key);
              return (
                <tr key={key.id} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-1.5">{key.name}</td>
                  <td>{key.scope}</td>
                  <td className="font-mono text-xs">{key.prefix}…</td>
                  <td className={state === 'active' ? 'text-emerald-600 dark:text-emerald-400' : 'text-zinc-500'}>{state}</td>
                  <td>{day(key.expiresAt)}</td>
                  <td>{day(key.lastUsedAt)}</td>
                  <td className="text-right">
                    {state !== 'revoked' ? (
                      <Button variant="ghost" disabled={busy} onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                        Revoke
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : keys ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">No keys yet. The app itself and the CLI on this machine need none.</p>
      ) : null}
      {revoking ? (
        <ConfirmDialog title={`Revoke ${revoking.name}?`} confirmLabel="Revoke" danger busy={busy} onConfirm={() => void revoke(revoking)} onCancel={() => setRevoking(null)}>
          Every call made with this key is refused from now on, including on connections already open. This cannot be undone.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
