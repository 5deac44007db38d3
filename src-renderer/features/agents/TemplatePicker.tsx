import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type { AgentTemplate } from '@shared/api/agent-templates';
import type { Agent } from '@shared/entities/agent';
import { ProviderKind } from '@shared/entities/model';
import type { AppError } from '@shared/errors';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { useLoader } from '../../api/use-loader';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { cx } from '../../ui/cx';
import { Field, inputClass } from '../../ui/Field';
import { FormSection } from '../../ui/FormSection';
import { UploadIcon } from '../../ui/icons';
import { providers } from '../../ui/providers';
import { readText } from '../../ui/text-export';
import { ModelSetupNotice } from '../runs/ModelSetupNotice';
import { agentsStoreFor, applyChange } from './store';

/** The MCP server ids a template's tools refer to (the presets' ids). */
export function templateServerIds(template: AgentTemplate): string[] {
  return [
    ...new Set(
      (template.agent.tools ?? []).flatMap((t) => (t.kind === 'builtin' ? [] : [t.serverId])),
    ),
  ];
}

const toolLabel = (tool: NonNullable<AgentTemplate['agent']['tools']>[number]) =>
  tool.kind === 'builtin'
    ? tool.name
    : tool.kind === 'mcp-server'
      ? `${tool.serverId} (MCP)`
      : `${tool.serverId}/${tool.tool}`;

function ErrorText({ error }: { error: AppError | null }) {
  if (!error) return null;
  return (
    <Banner tone="error">
      <p>{error.message}</p>
      {error.hint ? <p className="opacity-80">{error.hint}</p> : null}
    </Banner>
  );
}

function CreateForm({
  template,
  onCreated,
}: {
  template: AgentTemplate;
  onCreated: (agent: Agent) => void;
}) {
  const api = useApi();
  const [name, setName] = useState('');
  const [provider, setProvider] = useState<ProviderKind>(template.agent.model.provider);
  const [model, setModel] = useState(template.agent.model.model);
  const [serverIds, setServerIds] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const presets = templateServerIds(template);
  const servers = useLoader(
    () => (presets.length ? api.call('mcp.servers.list', {}) : Promise.resolve([])),
    [api, presets.length],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const agent = await api.call('agents.createFromTemplate', {
        templateId: template.id,
        ...(name.trim() ? { name: name.trim() } : {}),
        model: { provider, model },
        serverIds: Object.fromEntries(Object.entries(serverIds).filter(([, id]) => id)),
      });
      agentsStoreFor(api).setState((s) => ({
        byId: applyChange(s.byId, { kind: 'upserted', agent }),
      }));
      onCreated(agent);
    } catch (caught) {
      setError(toAppError(caught));
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      aria-label={`Create from ${template.name}`}
      className="space-y-3"
      noValidate
    >
      <Field
        id="template-name"
        label="Name"
        hint={`Leave empty for “${template.agent.name}” (numbered if taken).`}
      >
        <input
          id="template-name"
          className={inputClass}
          value={name}
          placeholder={template.agent.name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="template-provider" label="Provider">
          <select
            id="template-provider"
            className={inputClass}
            value={provider}
            onChange={(e) => setProvider(ProviderKind.parse(e.target.value))}
          >
            {providers.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="template-model" label="Model">
          <input
            id="template-model"
            className={inputClass}
            value={model}
            spellCheck={false}
            onChange={(e) => setModel(e.target.value)}
          />
        </Field>
      </div>
      {presets.map((preset) => (
        <Field
          key={preset}
          id={`template-server-${preset}`}
          label={`MCP server for “${preset}”`}
          hint={
            servers.data?.length
              ? undefined
              : 'No MCP servers yet: add one on the MCP Servers page, then choose it in the agent.'
          }
        >
          <select
            id={`template-server-${preset}`}
            className={inputClass}
            value={serverIds[preset] ?? ''}
            onChange={(e) => setServerIds((ids) => ({ ...ids, [preset]: e.target.value }))}
          >
            <option value="">Choose later</option>
            {(servers.data ?? []).map((view) => (
              <option key={view.server.id} value={view.server.id}>
                {view.server.name}
              </option>
            ))}
          </select>
        </Field>
      ))}
      <ErrorText error={error} />
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create agent'}
      </Button>
    </form>
  );
}

function ImportFile({ onCreated }: { onCreated: (agent: Agent) => void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const agent = await api.call('agents.import', { json: await readText(file) });
      agentsStoreFor(api).setState((s) => ({
        byId: applyChange(s.byId, { kind: 'upserted', agent }),
      }));
      onCreated(agent);
    } catch (caught) {
      setError(toAppError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-2">
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label="Agent file"
        className="sr-only"
        onChange={(e) => void onFile(e)}
      />
      <Button disabled={busy} onClick={() => input.current?.click()}>
        <UploadIcon width={14} height={14} /> {busy ? 'Importing…' : 'Import agent file…'}
      </Button>
      <ErrorText error={error} />
    </div>
  );
}

/** `#/agents/templates`: start an agent from a ready-made template, or import an exported file. */
export function TemplatePicker({
  onCreated,
  onCancel,
}: {
  onCreated: (agent: Agent) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const templates = useLoader(() => api.call('agents.templates', {}), [api]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = templates.data?.find((t) => t.id === selectedId);

  return (
    <div className="flex h-full flex-col">
      <div className="flex h-11 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-5 dark:border-zinc-800">
        <h2 className="truncate text-[13px] font-semibold">New agent from a template</h2>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
      <ModelSetupNotice />
      <div className="min-h-0 flex-1 overflow-y-auto px-5">
        <div className="mx-auto max-w-3xl">
          <FormSection
            title="Templates"
            description="Ready-made agents with instructions and tools. Change anything afterwards."
          >
            {templates.error ? (
              <Banner tone="error" actions={<Button onClick={templates.reload}>Retry</Button>}>
                Could not load the templates: {templates.error.message}
              </Banner>
            ) : null}
            {!templates.data && templates.loading ? (
              <p className="text-xs text-zinc-500">Loading templates…</p>
            ) : null}
            <ul aria-label="Templates" className="grid gap-2 sm:grid-cols-2">
              {(templates.data ?? []).map((template) => {
                const active = template.id === selectedId;
                return (
                  <li key={template.id}>
                    <button
                      type="button"
                      aria-pressed={active}
                      data-testid="template-card"
                      data-template-id={template.id}
                      onClick={() => setSelectedId(template.id)}
                      className={cx(
                        'h-full w-full rounded-md border px-3 py-2 text-left focus-visible:outline-2 focus-visible:outline-indigo-500',
                        active
                          ? 'border-indigo-400 bg-indigo-50 dark:border-indigo-500/60 dark:bg-indigo-500/10'
                          : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900',
                      )}
                    >
                      <span className="block text-[13px] font-medium text-zinc-900 dark:text-zinc-100">
                        {template.name}
                      </span>
                      <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">
                        {template.description}
                      </span>
                      {template.agent.tools?.length ? (
                        <span className="mt-1.5 flex flex-wrap gap-1">
                          {template.agent.tools.map((tool) => (
                            <span
                              key={toolLabel(tool)}
                              className="rounded bg-zinc-100 px-1.5 font-mono text-[10px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
                            >
                              {toolLabel(tool)}
                            </span>
                          ))}
                        </span>
                      ) : null}
                      {template.requires.map((need) => (
                        <span
                          key={need}
                          className="mt-1 block text-[11px] text-amber-700 dark:text-amber-300"
                        >
                          Needs: {need}
                        </span>
                      ))}
                    </button>
                  </li>
                );
              })}
            </ul>
          </FormSection>
          {selected ? (
            <FormSection
              title={`Create “${selected.name}”`}
              description="Name it and choose its model; the template gives the rest."
            >
              <CreateForm key={selected.id} template={selected} onCreated={onCreated} />
            </FormSection>
          ) : null}
          <FormSection
            title="Import"
            description="An agent exported from Agent Factory (a .json file)."
          >
            <ImportFile onCreated={onCreated} />
          </FormSection>
        </div>
      </div>
    </div>
  );
}
