import { useId, useMemo, useState, type FormEvent } from 'react';
import type { McpTool, McpToolResult } from '@shared/entities/mcp';
import type { AppError } from '@shared/errors';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { Button } from '../../ui/Button';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { ListInput } from '../../ui/ListInput';
import { PlayIcon } from '../../ui/icons';
import {
  argForm,
  initialArgValues,
  optionLabel,
  rawArguments,
  toArguments,
  type ArgField,
  type ArgValue,
} from './schema-form';
import { ToolErrorView, ToolResultView } from './ToolResultView';

export interface ToolTesterProps {
  tool: McpTool;
  /** The server answers calls (ready or degraded). */
  live: boolean;
}

/** A form generated from the tool's input schema that calls it once and shows the answer. */
export function ToolTester({ tool, live }: ToolTesterProps) {
  const api = useApi();
  const base = useId();
  const form = useMemo(() => argForm(tool.inputSchema), [tool.inputSchema]);
  const [values, setValues] = useState(() => initialArgValues(form.fields, tool.inputSchema));
  const [raw, setRaw] = useState('{}');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<McpToolResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (name: string, value: ArgValue) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors(({ [name]: _cleared, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = form.rawJson ? rawArguments(raw) : toArguments(form.fields, values);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(
        await api.call('mcp.servers.callTool', {
          id: tool.serverId,
          tool: tool.name,
          arguments: built.args,
        }),
      );
    } catch (caught) {
      setError(toAppError(caught));
    } finally {
      setBusy(false);
    }
  };

  const idOf = (index: number) => `${base}-arg-${index}`;
  return (
    <form onSubmit={submit} noValidate aria-label={`Try ${tool.name}`} className="space-y-3">
      {form.rawJson ? (
        <Field id={`${base}-raw`} label="Arguments (JSON object)" error={errors['']}>
          <textarea
            {...describedBy(`${base}-raw`, errors[''])}
            className={`${inputClass} font-mono text-xs leading-5`}
            rows={6}
            spellCheck={false}
            value={raw}
            onChange={(e) => {
              setRaw(e.target.value);
              setErrors({});
            }}
          />
        </Field>
      ) : form.fields.length ? (
        form.fields.map((field, i) => (
          <ArgInput
            key={field.name}
            id={idOf(i)}
            field={field}
            value={values[field.name]}
            error={errors[field.name]}
            onChange={(value) => set(field.name, value)}
          />
        ))
      ) : (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">This tool takes no arguments.</p>
      )}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={busy || !live}>
          <PlayIcon width={12} height={12} /> {busy ? 'Running…' : 'Run tool'}
        </Button>
        {!live ? (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            Start the server to try its tools.
          </span>
        ) : null}
      </div>
      {error ? <ToolErrorView error={error} /> : null}
      {result ? <ToolResultView result={result} /> : null}
    </form>
  );
}

function ArgInput({
  id,
  field,
  value,
  error,
  onChange,
}: {
  id: string;
  field: ArgField;
  value: ArgValue | undefined;
  error: string | undefined;
  onChange: (value: ArgValue) => void;
}) {
  const label = `${field.label}${field.required ? '' : ' (optional)'}`;
  const text = typeof value === 'string' ? value : '';
  const a11y = describedBy(id, error, field.description);
  if (field.kind === 'boolean') {
    return (
      <div className="flex items-start gap-2">
        <input
          {...a11y}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          className="mt-0.5 size-3.5 accent-indigo-600"
        />
        <div>
          <label htmlFor={id} className="block font-mono text-xs text-zinc-800 dark:text-zinc-200">
            {label}
          </label>
          {field.description ? (
            <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
              {field.description}
            </p>
          ) : null}
        </div>
      </div>
    );
  }
  return (
    <Field id={id} label={label} error={error} hint={field.description}>
      {field.kind === 'enum' ? (
        <select
          {...a11y}
          className={inputClass}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{field.required ? 'Choose…' : '(not set)'}</option>
          {field.options.map((option) => (
            <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
              {optionLabel(option)}
            </option>
          ))}
        </select>
      ) : field.kind === 'string-list' ? (
        <ListInput
          id={id}
          items={Array.isArray(value) ? value : []}
          itemLabel={`${field.label} item`}
          onChange={onChange}
          inputProps={a11y}
        />
      ) : field.kind === 'json' || (field.kind === 'string' && field.multiline) ? (
        <textarea
          {...a11y}
          className={`${inputClass} font-mono text-xs leading-5`}
          rows={field.kind === 'json' ? 5 : 4}
          spellCheck={false}
          placeholder={
            field.kind === 'json' ? `JSON${field.type ? ` (${field.type})` : ''}` : undefined
          }
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          {...a11y}
          type={field.kind === 'number' ? 'number' : 'text'}
          step={field.kind === 'number' ? (field.integer ? 1 : 'any') : undefined}
          className={`${inputClass} ${field.kind === 'number' ? '' : 'font-mono text-xs'}`}
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
