import { useState, type FormEvent } from 'react';
import type { McpServer, McpServerView } from '@shared/entities/mcp';
import { toAppError } from '../../api/core';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { FormSection } from '../../ui/FormSection';
import { KeyValueInput } from '../../ui/KeyValueInput';
import { ListInput } from '../../ui/ListInput';
import {
  approvalModes,
  samplingModes,
  emptyServerValues,
  groupServerIssues,
  toInput,
  toPatch,
  transportKinds,
  validateServer,
  valuesFromServer,
  type ServerField,
  type ServerFormValues,
  type TransportKind,
} from './server-form-model';
import { useMcp } from './store';

export interface ServerFormProps {
  /** The server to edit; undefined to add one by hand. */
  base?: McpServer | undefined;
  onSaved: (view: McpServerView) => void;
}

/** Add a server by hand or edit one. Field ids are `mcp-<field>`; errors show beside each field. */
export function ServerForm({ base, onSaved }: ServerFormProps) {
  const create = useMcp((s) => s.create);
  const update = useMcp((s) => s.update);
  const control = useMcp((s) => s.control);
  const [values, setValues] = useState<ServerFormValues>(() =>
    base ? valuesFromServer(base) : emptyServerValues,
  );
  const [errors, setErrors] = useState<Partial<Record<ServerField, string>>>({});
  const [error, setError] = useState<{ message: string; hint?: string | undefined } | null>(null);
  const [startNow, setStartNow] = useState(true);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const set = <K extends ServerField>(field: K, value: ServerFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors(({ [field]: _cleared, ...rest }) => rest as Partial<Record<ServerField, string>>);
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const local = validateServer(values);
    setErrors(local.fields);
    if (local.other.length) setError({ message: local.other.join(' ') });
    if (Object.keys(local.fields).length || local.other.length) return;
    setSaving(true);
    try {
      const view = base
        ? await update(base.id, toPatch(values, base))
        : await create(toInput(values));
      if (!base && startNow && view.server.enabled) void control(view.server.id, 'start');
      setSaved(!!base);
      onSaved(view);
    } catch (caught) {
      const appError = toAppError(caught);
      const grouped = groupServerIssues(appError.issues ?? []);
      setErrors(grouped.fields);
      if (!Object.keys(grouped.fields).length || grouped.other.length) setError(appError);
    } finally {
      setSaving(false);
    }
  };

  const field = (name: ServerField, hint?: unknown) =>
    describedBy(`mcp-${name}`, errors[name], hint);
  const stdio = values.kind === 'stdio';

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={base ? `Settings of ${base.name}` : 'Add a server by hand'}
    >
      <FormSection title="Server" description="A name, and how the app reaches the server.">
        <Field
          id="mcp-name"
          label="Name"
          error={errors.name}
          hint="Tools are offered to agents as name__tool."
        >
          <input
            {...field('name', true)}
            className={inputClass}
            value={values.name}
            maxLength={64}
            autoComplete="off"
            onChange={(e) => set('name', e.target.value)}
          />
        </Field>
        <Field id="mcp-kind" label="Transport" error={errors.kind}>
          <select
            {...field('kind')}
            className={inputClass}
            value={values.kind}
            onChange={(e) => set('kind', e.target.value as TransportKind)}
          >
            {transportKinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
      </FormSection>

      {stdio ? (
        <FormSection
          title="Command"
          description="The program the app starts. Arguments are passed as they are, never through a shell."
        >
          <Field
            id="mcp-command"
            label="Command"
            error={errors.command}
            hint="A program on your PATH, or a full path."
          >
            <input
              {...field('command', true)}
              className={`${inputClass} font-mono text-xs`}
              value={values.command}
              placeholder="npx"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => set('command', e.target.value)}
            />
          </Field>
          <Field
            id="mcp-args"
            label="Arguments"
            error={errors.args}
            hint="One argument per box, in order. Press Enter to add."
          >
            <ListInput
              id="mcp-args"
              items={values.args}
              itemLabel="Argument"
              placeholder="-y"
              onChange={(args) => set('args', args)}
              inputProps={field('args', true)}
            />
          </Field>
          <KeyValueInput
            id="mcp-env"
            legend="Environment variables"
            noun="variable"
            rows={values.env}
            error={errors.env}
            hint="Only these and a few basics (PATH, HOME…) reach the server."
            onChange={(env) => set('env', env)}
          />
          <Field
            id="mcp-cwd"
            label="Working folder"
            error={errors.cwd}
            hint="Optional. An absolute path."
          >
            <input
              {...field('cwd', true)}
              className={`${inputClass} font-mono text-xs`}
              value={values.cwd}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => set('cwd', e.target.value)}
            />
          </Field>
        </FormSection>
      ) : (
        <FormSection title="Endpoint" description="Where the remote server listens.">
          <Field id="mcp-url" label="URL" error={errors.url}>
            <input
              {...field('url')}
              className={`${inputClass} font-mono text-xs`}
              value={values.url}
              placeholder="https://example.com/mcp"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => set('url', e.target.value)}
            />
          </Field>
          <KeyValueInput
            id="mcp-headers"
            legend="HTTP headers"
            noun="header"
            rows={values.headers}
            error={errors.headers}
            keyPlaceholder="Authorization"
            onChange={(headers) => set('headers', headers)}
          />
          {values.kind === 'http' ? (
            <Checkbox
              id="mcp-fallbackToSse"
              label="Fall back to HTTP+SSE when the server does not speak Streamable HTTP"
              checked={values.fallbackToSse}
              onChange={(checked) => set('fallbackToSse', checked)}
            />
          ) : null}
        </FormSection>
      )}

      <FormSection
        title="Behaviour"
        description="When it runs, and what its tools may do without asking."
      >
        <Field
          id="mcp-approval"
          label="Tool calls"
          error={errors.approval}
          hint="Applies to every tool without its own setting."
        >
          <select
            {...field('approval', true)}
            className={inputClass}
            value={values.approval}
            onChange={(e) => set('approval', e.target.value as ServerFormValues['approval'])}
          >
            {approvalModes.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="mcp-sampling"
          label="Model calls the server asks for (sampling)"
          hint="Ask shows the request to approve or edit; where nobody can answer (automations, CLI commands, the app’s own MCP server mode) it is refused."
        >
          <select
            id="mcp-sampling"
            className={inputClass}
            value={values.sampling}
            onChange={(e) => set('sampling', e.target.value as ServerFormValues['sampling'])}
          >
            {samplingModes.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="mcp-timeout" label="Tool timeout (seconds)" error={errors.timeout}>
          <div className="w-32">
            <input
              {...field('timeout')}
              type="number"
              min={0.1}
              max={3600}
              step="any"
              className={inputClass}
              value={values.timeout}
              onChange={(e) => set('timeout', e.target.value)}
            />
          </div>
        </Field>
        <Field
          id="mcp-roots"
          label="Folders (roots)"
          error={errors.roots}
          hint="Folders offered to the server as MCP roots. Absolute paths."
        >
          <ListInput
            id="mcp-roots"
            items={values.roots}
            itemLabel="Folder"
            placeholder="/home/me/projects"
            onChange={(roots) => set('roots', roots)}
            inputProps={field('roots', true)}
          />
        </Field>
        <Checkbox
          id="mcp-autoStart"
          label="Start when the app starts"
          checked={values.autoStart}
          onChange={(checked) => set('autoStart', checked)}
        />
        {!base ? (
          <Checkbox
            id="mcp-startNow"
            label="Start it now"
            checked={startNow}
            onChange={setStartNow}
          />
        ) : null}
      </FormSection>

      <div className="space-y-2 py-4">
        {error ? (
          <Banner tone="error">
            <p>{error.message}</p>
            {error.hint ? <p className="opacity-80">{error.hint}</p> : null}
          </Banner>
        ) : null}
        {saved ? <Banner tone="info">Saved.</Banner> : null}
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? 'Saving…' : base ? 'Save changes' : 'Add server'}
        </Button>
      </div>
    </form>
  );
}
