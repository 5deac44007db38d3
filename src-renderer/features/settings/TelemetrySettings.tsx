import { useEffect, useState, type FormEvent } from 'react';
import type { OtlpSettings, SettingsView } from '@shared/entities/settings';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { duplicateKey, KeyValueInput, recordToRows, rowsToRecord, type KeyValue } from '../../ui/KeyValueInput';
import { SaveError } from './SaveError';
import { useSectionSave } from './use-section-save';

/** The stored secret that holds the exporter's secret headers (`key=value,…`). */
export const OTLP_HEADERS_SECRET = 'otlp.headers';

/**
 * OpenTelemetry export of runs as traces: on or off, the collector's address, headers (the secret
 * ones kept with the API keys), and whether prompts and answers go along. The OTEL_* environment
 * variables of the engine win over these.
 */
export function TelemetrySettings({ view, onView }: { view: SettingsView; onView: (view: SettingsView) => void }) {
  const api = useApi();
  const { busy, error, save: saveSection } = useSectionSave(onView);
  const otlp = view.settings.telemetry.otlp;
  // The whole section goes: a patch replaces it (fields left out would fall back to defaults).
  const save = (change: Partial<OtlpSettings>) => saveSection({ telemetry: { ...view.settings.telemetry, otlp: { ...otlp, ...change } } });

  const [endpoint, setEndpoint] = useState(otlp.endpoint ?? '');
  const [rows, setRows] = useState<KeyValue[]>(recordToRows(otlp.headers));
  useEffect(() => setEndpoint(otlp.endpoint ?? ''), [otlp.endpoint]);
  useEffect(() => setRows(recordToRows(otlp.headers)), [otlp.headers]);
  const duplicate = duplicateKey(rows);

  const [secret, setSecret] = useState('');
  const [secretError, setSecretError] = useState<string | undefined>();
  const secretSet = view.secrets[OTLP_HEADERS_SECRET] === true;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (duplicate) return;
    const trimmed = endpoint.trim();
    const { endpoint: _old, ...rest } = otlp;
    void saveSection({ telemetry: { ...view.settings.telemetry, otlp: { ...rest, ...(trimmed ? { endpoint: trimmed } : {}), headers: rowsToRecord(rows) } } });
  };

  const saveSecret = async (value: string | null) => {
    setSecretError(undefined);
    try {
      await api.call('secrets.set', { name: OTLP_HEADERS_SECRET, value });
      onView({ ...view, secrets: { ...view.secrets, [OTLP_HEADERS_SECRET]: value !== null } });
      setSecret('');
      if (value !== null && otlp.headersSecret !== OTLP_HEADERS_SECRET) await save({ headersSecret: OTLP_HEADERS_SECRET });
    } catch (caught) {
      const appError = toAppError(caught);
      setSecretError([appError.message, appError.hint].filter(Boolean).join(' '));
    }
  };

  return (
    <div className="max-w-xl space-y-4" data-testid="telemetry-settings">
      <Checkbox
        id="otlp-enabled"
        label="Export runs as traces"
        checked={otlp.enabled}
        disabled={busy}
        onChange={(enabled) => void save({ enabled })}
        hint="Each run, model call and tool call becomes a span (OpenTelemetry GenAI conventions), sent over OTLP/HTTP to a collector, Jaeger, Grafana Tempo, Langfuse or Phoenix. OTEL_EXPORTER_OTLP_ENDPOINT and friends, when set for the engine, win over this."
      />
      <form className="space-y-3" onSubmit={submit}>
        <Field id="otlp-endpoint" label="Collector URL" hint="The OTLP/HTTP base URL; /v1/traces is added. Empty: http://localhost:4318.">
          <input
            {...describedBy('otlp-endpoint', undefined, true)}
            className={inputClass}
            type="url"
            placeholder="http://localhost:4318"
            value={endpoint}
            disabled={busy}
            onChange={(e) => setEndpoint(e.target.value)}
          />
        </Field>
        <KeyValueInput
          id="otlp-headers"
          legend="Headers"
          noun="header"
          rows={rows}
          onChange={setRows}
          keyPlaceholder="x-scope-orgid"
          valuePlaceholder="value"
          error={duplicate ? `The header "${duplicate}" is given twice.` : undefined}
          hint="Sent with every export and stored in settings.json: put API keys in the secret headers below."
        />
        <Button type="submit" disabled={busy || !!duplicate}>
          Save address and headers
        </Button>
      </form>
      <Field
        id="otlp-secret-headers"
        label={`Secret headers (${secretSet ? 'set' : 'not set'})`}
        error={secretError}
        hint="key=value pairs separated by commas, e.g. authorization=Bearer%20abc (values URL-encoded). Kept with the API keys, never shown again."
      >
        <div className="flex gap-2">
          <input
            {...describedBy('otlp-secret-headers', secretError, true)}
            className={inputClass}
            type="password"
            autoComplete="off"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
          <Button disabled={!secret.trim()} onClick={() => void saveSecret(secret.trim())}>
            Save
          </Button>
          {secretSet ? (
            <Button variant="ghost" onClick={() => void saveSecret(null)}>
              Remove
            </Button>
          ) : null}
        </div>
      </Field>
      <Checkbox
        id="otlp-capture-content"
        label="Include prompts and answers"
        checked={otlp.captureContent}
        disabled={busy}
        onChange={(captureContent) => void save({ captureContent })}
        hint="Off: spans carry names, models, token counts, timings and outcomes only. On: also the runs' input and output, model answers, and tool arguments and results, which may hold personal or secret data."
      />
      <SaveError error={error} />
    </div>
  );
}
