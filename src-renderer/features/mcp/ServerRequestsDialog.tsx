import { useEffect, useMemo, useState } from 'react';
import type { McpElicitationRequest, McpSamplingRequest } from '@shared/entities/mcp-server-requests';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { Button } from '../../ui/Button';
import { CodeBlock, prettyJson } from '../../ui/CodeBlock';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { elicitationFields, initialValues, toContent, type FormField, type FormValue } from './elicitation-form';

type Waiting = { kind: 'sampling'; request: McpSamplingRequest } | { kind: 'elicitation'; request: McpElicitationRequest };

/** The waiting sampling and elicitation requests, oldest first, kept current from the events. */
function useServerRequests(): [Waiting[], (id: string) => void] {
  const api = useApi();
  const [waiting, setWaiting] = useState<Waiting[]>([]);
  useEffect(() => {
    const add = (item: Waiting) =>
      setWaiting((list) => (list.some((w) => w.request.id === item.request.id) ? list : [...list, item]));
    const offs = [
      api.subscribe('mcp.sampling.requested', (request) => add({ kind: 'sampling', request })),
      api.subscribe('mcp.elicitation.requested', (request) => add({ kind: 'elicitation', request })),
      api.subscribe('mcp.serverRequest.resolved', ({ id }) => setWaiting((list) => list.filter((w) => w.request.id !== id))),
    ];
    void Promise.all([api.call('mcp.sampling.pending', {}), api.call('mcp.elicitation.pending', {})]).then(
      ([samplings, forms]) => {
        for (const request of samplings) add({ kind: 'sampling', request });
        for (const request of forms) add({ kind: 'elicitation', request });
      },
      () => undefined,
    );
    return () => offs.forEach((off) => off());
  }, [api]);
  return [waiting, (id) => setWaiting((list) => list.filter((w) => w.request.id !== id))];
}

interface SamplingParams {
  messages?: Array<{ role: string; content: unknown }>;
  systemPrompt?: string;
  maxTokens?: number;
  modelPreferences?: { hints?: Array<{ name?: string }>; costPriority?: number; speedPriority?: number; intelligencePriority?: number };
}

const textOf = (content: unknown): string => {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks.map((b) => (b && typeof b === 'object' && 'text' in b ? String((b as { text: unknown }).text) : `[${String((b as { type?: unknown })?.type ?? 'content')}]`)).join('\n');
};

/** A server asks for a model call: the messages (editable), its model preferences, a model choice; allow or deny. */
function SamplingBody({ request, onDone }: { request: McpSamplingRequest; onDone: () => void }) {
  const api = useApi();
  const params = request.params as SamplingParams;
  const [messages, setMessages] = useState(() => (params.messages ?? []).map((m) => textOf(m.content)));
  const [systemPrompt, setSystemPrompt] = useState(params.systemPrompt ?? '');
  const [model, setModel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const answer = async (decision: 'allow' | 'deny') => {
    setBusy(true);
    setError(null);
    try {
      await api.call('mcp.sampling.respond', {
        requestId: request.id,
        decision,
        ...(decision === 'allow'
          ? {
              messages: (params.messages ?? []).map((m, i) => ({ role: m.role, content: { type: 'text', text: messages[i] ?? '' } })),
              systemPrompt,
              ...(model.trim() ? { model: model.trim() } : {}),
            }
          : {}),
      });
      onDone();
    } catch (caught) {
      setError(toAppError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  const hints = params.modelPreferences?.hints?.map((h) => h.name).filter(Boolean) ?? [];
  return (
    <Modal
      title={`${request.serverName} asks to use a model`}
      onClose={() => void answer('deny')}
      actions={
        <div className="flex gap-2">
          <Button variant="danger" disabled={busy} onClick={() => void answer('deny')}>Deny</Button>
          <Button variant="primary" disabled={busy} onClick={() => void answer('allow')}>Send to the model</Button>
        </div>
      }
    >
      <div data-testid="sampling-dialog" className="max-h-[60vh] space-y-2 overflow-y-auto pr-1">
        <p className="text-xs">The server’s messages are sent to the model you choose, and the answer goes back to the server. Edit them if needed.</p>
        <Field id="sampling-system" label="System prompt">
          <textarea className={inputClass} rows={2} value={systemPrompt} onChange={(e) => setSystemPrompt(e.target.value)} {...describedBy('sampling-system')} />
        </Field>
        {(params.messages ?? []).map((m, i) => (
          <Field key={i} id={`sampling-message-${i}`} label={`Message ${i + 1} (${m.role})`}>
            <textarea
              className={inputClass}
              rows={3}
              value={messages[i] ?? ''}
              onChange={(e) => setMessages((all) => all.map((t, j) => (j === i ? e.target.value : t)))}
              {...describedBy(`sampling-message-${i}`)}
            />
          </Field>
        ))}
        <Field id="sampling-model" label="Model (provider:model)" hint={hints.length ? `The server prefers: ${hints.join(', ')}` : 'Empty: the model of your agents that fits the server’s preferences'}>
          <input className={inputClass} value={model} placeholder="openai:gpt-4o-mini" onChange={(e) => setModel(e.target.value)} {...describedBy('sampling-model', undefined, true)} />
        </Field>
        {params.modelPreferences ? (
          <CodeBlock maxHeight="max-h-32">{prettyJson({ modelPreferences: params.modelPreferences, maxTokens: params.maxTokens })}</CodeBlock>
        ) : null}
        {error ? <p className="text-xs text-red-600 dark:text-red-400">{error}</p> : null}
      </div>
    </Modal>
  );
}

function FieldInput({ field, value, error, onChange }: { field: FormField; value: FormValue | undefined; error?: string | undefined; onChange: (v: FormValue) => void }) {
  const id = `elicit-${field.name}`;
  const label = `${field.label}${field.required ? ' *' : ''}`;
  if (field.kind === 'boolean')
    return (
      <label className="flex items-center gap-2 text-xs">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
    );
  const control =
    field.kind === 'select' ? (
      <select className={inputClass} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} {...describedBy(id, error, field.description)}>
        <option value="">{field.required ? 'Choose…' : '(none)'}</option>
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    ) : field.kind === 'multi' ? (
      <select multiple className={inputClass} value={Array.isArray(value) ? value : []} onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))} {...describedBy(id, error, field.description)}>
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    ) : (
      <input
        className={inputClass}
        type={field.kind === 'number' ? 'number' : field.format === 'email' ? 'email' : field.format === 'date' ? 'date' : 'text'}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
        {...describedBy(id, error, field.description)}
      />
    );
  return (
    <Field id={id} label={label} error={error} hint={field.description}>
      {control}
    </Field>
  );
}

/** A server asks the user for information: a form from its schema, defaults filled in; accept, decline or cancel. */
function ElicitationBody({ request, onDone }: { request: McpElicitationRequest; onDone: () => void }) {
  const api = useApi();
  const fields = useMemo(() => elicitationFields(request.requestedSchema), [request.requestedSchema]);
  const [values, setValues] = useState(() => initialValues(fields, request.requestedSchema));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const answer = async (action: 'accept' | 'decline' | 'cancel') => {
    let content: Record<string, unknown> | undefined;
    if (action === 'accept') {
      const result = toContent(fields, values);
      if (!result.ok) return setErrors(result.errors);
      content = result.content;
    }
    setBusy(true);
    setError(null);
    try {
      await api.call('mcp.elicitation.respond', { requestId: request.id, action, ...(content ? { content } : {}) });
      onDone();
    } catch (caught) {
      setError(toAppError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`${request.serverName} asks for information`}
      onClose={() => void answer('cancel')}
      actions={
        <div className="flex gap-2">
          <Button disabled={busy} onClick={() => void answer('cancel')}>Cancel</Button>
          <Button variant="danger" disabled={busy} onClick={() => void answer('decline')}>Decline</Button>
          <Button variant="primary" disabled={busy} onClick={() => void answer('accept')}>Send</Button>
        </div>
      }
    >
      <div data-testid="elicitation-dialog" className="max-h-[60vh] space-y-2 overflow-y-auto pr-1">
        <p className="text-xs whitespace-pre-wrap">{request.message}</p>
        {fields.map((field) => (
          <FieldInput key={field.name} field={field} value={values[field.name]} error={errors[field.name]} onChange={(v) => setValues((all) => ({ ...all, [field.name]: v }))} />
        ))}
        {error ? <p className="text-xs text-red-600 dark:text-red-400">{error}</p> : null}
      </div>
    </Modal>
  );
}

/** Mount once (beside McpApprovals): asks about each waiting sampling or elicitation request, oldest first. */
export function McpServerRequests() {
  const [waiting, drop] = useServerRequests();
  const first = waiting[0];
  if (!first) return null;
  const done = () => drop(first.request.id);
  return first.kind === 'sampling' ? (
    <SamplingBody key={first.request.id} request={first.request} onDone={done} />
  ) : (
    <ElicitationBody key={first.request.id} request={first.request} onDone={done} />
  );
}
