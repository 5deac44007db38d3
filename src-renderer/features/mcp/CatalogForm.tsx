import { useState, type FormEvent } from 'react';
import { methods } from '@shared/api/index';
import type { CatalogEntry, CatalogRequirement, McpServerView } from '@shared/entities/mcp';
import { displayCommandLine } from '@shared/mcp/command-line';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { useLoader } from '../../api/use-loader';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { CodeBlock } from '../../ui/CodeBlock';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { FormSection } from '../../ui/FormSection';
import { ListInput } from '../../ui/ListInput';
import {
  catalogArgs,
  catalogInput,
  checkChoices,
  hasProblems,
  initialChoices,
  type CatalogProblems,
} from './catalog-input';
import { approvalModes } from './server-form-model';
import { useMcp } from './store';

type SecretNeed = Extract<CatalogRequirement, { kind: 'secret' }>;

/** Whether the API's secret store accepts this secret name (checked with the contract itself). */
const storable = (need: SecretNeed) =>
  methods['secrets.set'].input.safeParse({ name: need.secret, value: 'x' }).success;

export interface CatalogFormProps {
  entry: CatalogEntry;
  onAdded: (view: McpServerView) => void;
  onBack: () => void;
}

/** Sets up one catalog server: the folders, values and keys it needs, then adds (and starts) it. */
export function CatalogForm({ entry, onAdded, onBack }: CatalogFormProps) {
  const api = useApi();
  const create = useMcp((s) => s.create);
  const control = useMcp((s) => s.control);
  const secrets = useLoader(() => api.call('settings.get', {}).then((view) => view.secrets), [api]);
  const [choices, setChoices] = useState(() => initialChoices(entry));
  const [problems, setProblems] = useState<CatalogProblems>({ answers: {} });
  const [error, setError] = useState<{ message: string; hint?: string | undefined } | null>(null);
  const [startNow, setStartNow] = useState(true);
  const [saving, setSaving] = useState(false);

  const secretSet = (need: SecretNeed) => !!secrets.data?.[need.secret];

  const answer = (index: number, value: string | string[]) => {
    setChoices((c) => ({ ...c, answers: { ...c.answers, [index]: value } }));
    setProblems(({ answers: { [index]: _cleared, ...rest }, ...p }) => ({ ...p, answers: rest }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    // A key the store cannot hold yet is not asked for here (the server reports it when started).
    const found = checkChoices(entry, choices, (need) => !storable(need) || secretSet(need));
    setProblems(found);
    if (hasProblems(found)) return;
    setSaving(true);
    try {
      for (const [i, need] of entry.requires.entries()) {
        const value = choices.answers[i];
        if (need.kind !== 'secret' || typeof value !== 'string' || !value) continue;
        const input = methods['secrets.set'].input.safeParse({ name: need.secret, value });
        if (!input.success) continue;
        await api.call('secrets.set', input.data);
      }
      const view = await create(catalogInput(entry, choices));
      if (startNow) void control(view.server.id, 'start');
      onAdded(view);
    } catch (caught) {
      const appError = toAppError(caught);
      const nameIssue = appError.issues?.find((i) => i.path[0] === 'name');
      if (nameIssue) setProblems((p) => ({ ...p, name: nameIssue.message }));
      else setError(appError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Set up ${entry.name}`}>
      <div className="flex items-start justify-between gap-4 pt-4">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold">{entry.name}</h2>
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{entry.description}</p>
          <p className="mt-1 font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
            {entry.package} · {entry.runtime}
          </p>
        </div>
        <Button variant="ghost" onClick={onBack}>
          Back to catalog
        </Button>
      </div>

      <FormSection title="Setup" description="What this server needs before it can run.">
        <Field
          id="catalog-name"
          label="Name"
          error={problems.name}
          hint="Tools are offered to agents as name__tool."
        >
          <input
            {...describedBy('catalog-name', problems.name, true)}
            className={inputClass}
            value={choices.name}
            maxLength={64}
            autoComplete="off"
            onChange={(e) => {
              setChoices((c) => ({ ...c, name: e.target.value }));
              setProblems(({ name: _cleared, ...p }) => p);
            }}
          />
        </Field>
        {entry.requires.map((need, i) => (
          <Requirement
            key={i}
            id={`catalog-need-${i}`}
            need={need}
            value={choices.answers[i] ?? ''}
            error={problems.answers[i]}
            secretSet={need.kind === 'secret' && secretSet(need)}
            onChange={(value) => answer(i, value)}
          />
        ))}
        <Field id="catalog-approval" label="Tool calls" hint="You can change this per tool later.">
          <select
            {...describedBy('catalog-approval', undefined, true)}
            className={inputClass}
            value={choices.approval}
            onChange={(e) =>
              setChoices((c) => ({ ...c, approval: e.target.value as typeof c.approval }))
            }
          >
            {approvalModes.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </Field>
      </FormSection>

      <FormSection
        title="Command"
        description="What the app will run. You approve it on the first start."
      >
        <CodeBlock data-testid="catalog-command">
          {displayCommandLine(entry.transport.command, catalogArgs(entry, choices))}
        </CodeBlock>
        <Checkbox
          id="catalog-startNow"
          label="Start it now"
          checked={startNow}
          onChange={setStartNow}
        />
      </FormSection>

      <div className="space-y-2 py-4">
        {error ? (
          <Banner tone="error">
            <p>{error.message}</p>
            {error.hint ? <p className="opacity-80">{error.hint}</p> : null}
          </Banner>
        ) : null}
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? 'Adding…' : 'Add server'}
        </Button>
      </div>
    </form>
  );
}

function Requirement({
  id,
  need,
  value,
  error,
  secretSet,
  onChange,
}: {
  id: string;
  need: CatalogRequirement;
  value: string | string[];
  error: string | undefined;
  secretSet: boolean;
  onChange: (value: string | string[]) => void;
}) {
  const text = Array.isArray(value) ? (value[0] ?? '') : value;
  if (need.kind === 'path') {
    const paths = Array.isArray(value) ? value : value ? [value] : [];
    const hint = `${need.description} Absolute path${need.multiple ? 's; press Enter to add each' : ''}.`;
    return (
      <Field id={id} label={need.label} error={error} hint={hint}>
        {need.multiple ? (
          <ListInput
            id={id}
            items={paths}
            itemLabel="Folder"
            placeholder="/home/me/projects"
            onChange={onChange}
            inputProps={describedBy(id, error, true)}
          />
        ) : (
          <input
            {...describedBy(id, error, true)}
            className={`${inputClass} font-mono text-xs`}
            value={text}
            placeholder="/home/me/projects"
            spellCheck={false}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </Field>
    );
  }
  if (need.kind === 'value') {
    return (
      <Field id={id} label={need.label} error={error} hint={need.description}>
        <input
          {...describedBy(id, error, true)}
          className={`${inputClass} font-mono text-xs`}
          value={text}
          placeholder={need.placeholder}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
        />
      </Field>
    );
  }
  const hint = (
    <>
      {need.description} Kept in the app's secret store as “{need.secret}”, passed as {need.env}.
      {need.url ? (
        <>
          {' '}
          <a
            href={need.url}
            target="_blank"
            rel="noreferrer"
            className="text-indigo-600 underline dark:text-indigo-400"
          >
            Get one
          </a>
        </>
      ) : null}
    </>
  );
  if (!storable(need)) {
    return (
      <Banner tone="warning">
        <p>
          {need.label}: this build cannot store the secret “{need.secret}” yet. The server is added,
          but it will not start until that secret is set.
        </p>
      </Banner>
    );
  }
  return (
    <Field
      id={id}
      label={`${need.label}${need.optional ? ' (optional)' : ''}`}
      error={error}
      hint={hint}
    >
      <div className="flex items-center gap-2">
        <input
          {...describedBy(id, error, true)}
          type="password"
          autoComplete="off"
          className={`${inputClass} flex-1 font-mono text-xs`}
          placeholder={secretSet ? '••••••••  (set — type to replace)' : 'Paste the key'}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
        <span className="w-14 text-xs text-zinc-500 dark:text-zinc-400">
          {secretSet ? 'set' : 'not set'}
        </span>
      </div>
    </Field>
  );
}
