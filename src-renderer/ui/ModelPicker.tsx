import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { LlmModel, LlmModelCapabilities, ProviderModels } from '@shared/api/llm-models';
import type { ProviderKind } from '@shared/entities/model';
import { cx } from './cx';
import { inputClass } from './Field';
import { providers } from './providers';

export interface ModelChoice {
  provider: ProviderKind;
  model: string;
}

export interface ModelPickerProps {
  /** The input's id (its label's htmlFor). */
  id: string;
  /** The provider a typed name belongs to; its group comes first. */
  provider: ProviderKind;
  /** The model name in the input. */
  value: string;
  /** The providers' lists (models, or an error with its hint). */
  lists: readonly ProviderModels[];
  /** Providers still being asked. */
  loading?: readonly ProviderKind[];
  /** A listed model was chosen (its provider may differ), or a name was typed (the current provider). */
  onChange: (choice: ModelChoice) => void;
  /** Shows a refresh button that asks the providers again. */
  onRefresh?: () => void;
  placeholder?: string;
  'aria-invalid'?: boolean | undefined;
  'aria-describedby'?: string | undefined;
}

interface Group {
  provider: ProviderKind;
  label: string;
  models: LlmModel[];
  error: ProviderModels['error'];
  loading: boolean;
}

const labelOf = (kind: ProviderKind) => providers.find((p) => p.value === kind)?.label ?? kind;

function matches(model: LlmModel, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${model.id} ${model.label ?? ''}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** What the label adds to the id: Anthropic's display name, Ollama's "(3.2B)". */
function extraLabel(model: LlmModel): string {
  const label = model.label?.trim() ?? '';
  if (!label || label === model.id) return '';
  return label.startsWith(model.id) ? label.slice(model.id.length).trim() : label;
}

/** "128k" for 131072 tokens. */
export function contextLabel(tokens: number): string {
  if (tokens >= 1_000_000) return `${Math.round(tokens / 100_000) / 10}M`;
  return tokens >= 1024 ? `${Math.round(tokens / 1024)}k` : String(tokens);
}

/** The capability badges of a model: only what the provider says it can do. */
export function CapabilityBadges({ capabilities }: { capabilities: LlmModelCapabilities }) {
  const badges = [
    capabilities.tools ? 'tools' : null,
    capabilities.vision ? 'vision' : null,
    capabilities.embedding ? 'embedding' : null,
    capabilities.contextLength ? `${contextLabel(capabilities.contextLength)} context` : null,
  ].filter((b): b is string => b !== null);
  if (!badges.length) return null;
  return (
    <span className="flex shrink-0 flex-wrap justify-end gap-1">
      {badges.map((badge) => (
        <span
          key={badge}
          className="rounded bg-zinc-100 px-1.5 py-px text-[10px] font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
        >
          {badge}
        </span>
      ))}
    </span>
  );
}

const RefreshIcon = ({ spinning }: { spinning: boolean }) => (
  <svg
    viewBox="0 0 16 16"
    width="14"
    height="14"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.5"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
    className={spinning ? 'animate-spin' : undefined}
  >
    <path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3" />
  </svg>
);

/**
 * A searchable model field: type to filter the providers' models (grouped by provider, with
 * capability badges), ArrowUp/ArrowDown to move, Enter to choose, Escape to close. A name that is
 * not listed can still be typed. A provider that could not list its models shows its error and hint.
 */
export function ModelPicker({
  id,
  provider,
  value,
  lists,
  loading = [],
  onChange,
  onRefresh,
  placeholder,
  ...aria
}: ModelPickerProps) {
  const listId = `${useId()}-models`;
  const [open, setOpen] = useState(false);
  /** What filters the list: what the user typed since opening, or nothing (all models). */
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);

  const groups = useMemo<Group[]>(() => {
    // The current provider first, then those with models, then those that failed.
    const rank = (l: ProviderModels) => (l.provider === provider ? 0 : l.ok ? 1 : 2);
    const ordered = [...lists].sort((a, b) => rank(a) - rank(b));
    const kinds = new Set(ordered.map((l) => l.provider));
    const pending = loading.filter((k) => !kinds.has(k));
    return [
      ...ordered.map((l) => ({
        provider: l.provider,
        label: labelOf(l.provider),
        models: l.models.filter((m) => matches(m, query)),
        error: l.error,
        loading: loading.includes(l.provider),
      })),
      ...pending.map((k) => ({
        provider: k,
        label: labelOf(k),
        models: [],
        error: undefined,
        loading: true,
      })),
    ];
  }, [lists, loading, provider, query]);

  const options = useMemo(
    () => groups.flatMap((g) => g.models.map((model) => ({ provider: g.provider, model }))),
    [groups],
  );
  const optionId = (index: number) => `${listId}-${index}`;

  useEffect(() => {
    if (active < 0) return;
    document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const openList = () => {
    setQuery('');
    setOpen(true);
    const current = options.findIndex((o) => o.provider === provider && o.model.id === value);
    setActive(current);
  };
  const close = () => {
    setOpen(false);
    setActive(-1);
  };
  const choose = (index: number) => {
    const option = options[index];
    if (!option) return;
    onChange({ provider: option.provider, model: option.model.id });
    close();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return openList();
      if (!options.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) =>
        i < 0 ? (step > 0 ? 0 : options.length - 1) : (i + step + options.length) % options.length,
      );
    } else if (e.key === 'Enter') {
      if (!open) return;
      e.preventDefault();
      if (active >= 0) choose(active);
      else close();
    } else if (e.key === 'Escape') {
      if (!open) return;
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  let index = -1;
  const anyLoading = loading.length > 0;
  return (
    <div className="relative">
      <div className="flex items-center gap-1.5">
        <input
          id={id}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          {...aria}
          className={inputClass}
          value={value}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            onChange({ provider, model: e.target.value });
            setQuery(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onClick={() => (open ? close() : openList())}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        {onRefresh ? (
          <button
            type="button"
            aria-label="Refresh the model lists"
            title="Ask the providers for their models again"
            disabled={anyLoading}
            onClick={onRefresh}
            className="inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-md border border-zinc-300 text-zinc-600 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-60 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <RefreshIcon spinning={anyLoading} />
          </button>
        ) : null}
      </div>
      {open ? (
        <div className="absolute right-0 z-30 mt-1 max-h-80 w-[max(100%,26rem)] max-w-[calc(100vw-2rem)] overflow-auto rounded-md border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <ul id={listId} role="listbox" aria-label="Models">
            {groups.map((group) => (
              <li key={group.provider} role="presentation">
                <div
                  id={`${listId}-${group.provider}`}
                  className="px-2.5 pt-1.5 pb-0.5 text-[11px] font-semibold text-zinc-500 dark:text-zinc-400"
                >
                  {group.label}
                  {group.loading ? <span className="font-normal"> · loading…</span> : null}
                </div>
                <ul role="group" aria-labelledby={`${listId}-${group.provider}`}>
                  {group.models.map((model) => {
                    const i = ++index;
                    const selected = group.provider === provider && model.id === value;
                    return (
                      <li
                        key={model.id}
                        id={optionId(i)}
                        role="option"
                        aria-selected={i === active}
                        data-current={selected || undefined}
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => choose(i)}
                        onMouseEnter={() => setActive(i)}
                        className={cx(
                          'flex cursor-pointer items-center justify-between gap-2 px-2.5 py-1 text-[13px]',
                          i === active ? 'bg-indigo-50 dark:bg-indigo-500/15' : '',
                          selected ? 'font-medium' : '',
                        )}
                      >
                        <span className="min-w-0 truncate">
                          {model.id}
                          {extraLabel(model) ? (
                            <span className="ml-1.5 text-xs text-zinc-500 dark:text-zinc-400">
                              {extraLabel(model)}
                            </span>
                          ) : null}
                        </span>
                        <CapabilityBadges capabilities={model.capabilities} />
                      </li>
                    );
                  })}
                </ul>
                {group.error ? (
                  <p
                    className="px-2.5 pb-1 text-xs text-amber-800 dark:text-amber-300"
                    data-provider-error={group.provider}
                  >
                    {group.error.message}
                    {group.error.hint ? (
                      <span className="block text-zinc-500 dark:text-zinc-400">
                        {group.error.hint}
                      </span>
                    ) : null}
                  </p>
                ) : !group.loading && group.models.length === 0 ? (
                  <p className="px-2.5 pb-1 text-xs text-zinc-500 dark:text-zinc-400">
                    {query ? 'No match.' : 'No models.'}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          {query && options.length === 0 ? (
            <p className="border-t border-zinc-100 px-2.5 pt-1.5 pb-1 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              “{query}” is not listed; it is used as typed.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
