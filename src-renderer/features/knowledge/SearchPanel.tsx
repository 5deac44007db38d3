import { useState, type FormEvent } from 'react';
import type { KnowledgeBase } from '@shared/api/knowledge';
import type { AppError } from '@shared/errors';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { groupIssues } from '../../api/issues';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { SearchIcon } from '../../ui/icons';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { TagInput } from '../../ui/TagInput';
import { DocumentPicker } from './DocumentPicker';
import { emptySearch, usePlayground, type SearchForm } from './playground-store';
import { SearchHits } from './SearchHits';
import {
  modeOptions,
  searchFieldOf,
  toSearchRequest,
  validateSearch,
  type SearchField,
} from './search-model';

/** The search playground: a query in one of three modes, with k and filters; scored, cited hits. */
export function SearchPanel({ kb }: { kb: KnowledgeBase }) {
  const api = useApi();
  const form = usePlayground((s) => s.searches[kb.id]?.form) ?? emptySearch;
  const result = usePlayground((s) => s.searches[kb.id]?.result);
  const setForm = usePlayground((s) => s.setSearchForm);
  const setResult = usePlayground((s) => s.setSearchResult);
  const [errors, setErrors] = useState<Partial<Record<SearchField, string>>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [running, setRunning] = useState(false);

  const set = <K extends keyof SearchForm>(field: K, value: SearchForm[K]) => {
    setForm(kb.id, { ...form, [field]: value });
    setErrors(({ [field as SearchField]: _cleared, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const local = validateSearch(form, kb.id);
    setErrors(local.fields);
    if (Object.keys(local.fields).length) return;
    setRunning(true);
    try {
      setResult(kb.id, await api.call('kb.search', toSearchRequest(form, kb.id)));
    } catch (caught) {
      const appError = toAppError(caught);
      const grouped = groupIssues(appError.issues ?? [], searchFieldOf);
      setErrors(grouped.fields);
      if (!Object.keys(grouped.fields).length) setError(appError);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="mx-auto max-w-5xl space-y-4 py-4">
      <form onSubmit={submit} noValidate aria-label="Search" className="space-y-3">
        <div className="flex items-start gap-2">
          <div className="relative min-w-0 flex-1">
            <SearchIcon
              className="pointer-events-none absolute top-2 left-2 text-zinc-400"
              width={14}
              height={14}
            />
            <label htmlFor="kb-search-query" className="sr-only">
              Search query
            </label>
            <input
              {...describedBy('kb-search-query', errors.query)}
              type="search"
              className={`${inputClass} pl-7`}
              placeholder={`Search ${kb.name}`}
              value={form.query}
              onChange={(e) => set('query', e.target.value)}
            />
            {errors.query ? (
              <p id="kb-search-query-error" className="mt-1 text-xs text-red-600 dark:text-red-400">
                {errors.query}
              </p>
            ) : null}
          </div>
          <SegmentedControl
            label="Search mode"
            options={modeOptions}
            value={form.mode}
            onChange={(m) => set('mode', m)}
          />
          <Button type="submit" variant="primary" disabled={running}>
            {running ? 'Searching…' : 'Search'}
          </Button>
        </div>
        <div className="grid gap-3 sm:grid-cols-[6rem_6rem_1fr_1fr]">
          <Field id="kb-search-k" label="Results (k)" error={errors.k}>
            <input
              {...describedBy('kb-search-k', errors.k)}
              className={inputClass}
              inputMode="numeric"
              value={form.k}
              onChange={(e) => set('k', e.target.value)}
            />
          </Field>
          <Field id="kb-search-rrfK" label="RRF k" error={errors.rrfK}>
            <input
              {...describedBy('kb-search-rrfK', errors.rrfK)}
              className={inputClass}
              inputMode="numeric"
              value={form.rrfK}
              disabled={form.mode !== 'hybrid'}
              title="Fusion constant: larger values weigh lower ranks more"
              onChange={(e) => set('rrfK', e.target.value)}
            />
          </Field>
          <Field id="kb-search-tags" label="Tags (any of)" error={errors.tags}>
            <TagInput
              id="kb-search-tags"
              tags={form.tags}
              onChange={(tags) => set('tags', tags)}
              placeholder="all"
            />
          </Field>
          <Field id="kb-search-docs" label="Documents" error={errors.documentIds}>
            <DocumentPicker
              kb={kb}
              id="kb-search-docs"
              selected={form.documentIds}
              onChange={(ids) => set('documentIds', ids)}
            />
          </Field>
        </div>
      </form>
      {error ? (
        <Banner tone="error">
          <p>{error.message}</p>
          {error.hint ? <p className="opacity-80">{error.hint}</p> : null}
        </Banner>
      ) : null}
      {result ? <SearchHits result={result} /> : null}
    </div>
  );
}
