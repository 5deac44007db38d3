import { useState, type FormEvent } from 'react';
import type { AskCitation } from '@shared/api/ingest';
import { ingestMethods } from '@shared/api/ingest';
import type { KnowledgeBase } from '@shared/api/knowledge';
import type { ProviderKind } from '@shared/entities/model';
import { issuesFromZod, type AppError } from '@shared/errors';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { groupIssues } from '../../api/issues';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { cx } from '../../ui/cx';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { Markdown } from '../../ui/Markdown';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { providers } from '../../ui/providers';
import { ChunkLocation } from './ChunkCard';
import { fileName, formatScore } from './format';
import { emptyAsk, usePlayground, type AskForm } from './playground-store';
import { modeOptions } from './search-model';
import { chunkRoute } from './SearchHits';

type AskField = 'question' | 'model' | 'k';
const askFieldOf = (path: readonly (string | number)[]): AskField | null =>
  path[0] === 'question' || path[0] === 'k' ? path[0] : path[0] === 'model' ? 'model' : null;

function toAskInput(form: AskForm, kbId: string) {
  return {
    kbId,
    question: form.question,
    model: { provider: form.provider, model: form.model },
    k: form.k.trim() === '' ? Number.NaN : Number(form.k),
    mode: form.mode,
  };
}

/** "Ask this knowledge base": an answer from a model with numbered citations that open the chunk. */
export function AskPanel({ kb }: { kb: KnowledgeBase }) {
  const api = useApi();
  const form = usePlayground((s) => s.asks[kb.id]?.form) ?? emptyAsk;
  const result = usePlayground((s) => s.asks[kb.id]?.result);
  const setForm = usePlayground((s) => s.setAskForm);
  const setResult = usePlayground((s) => s.setAskResult);
  const [errors, setErrors] = useState<Partial<Record<AskField, string>>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [running, setRunning] = useState(false);

  const set = <K extends keyof AskForm>(field: K, value: AskForm[K]) => {
    setForm(kb.id, { ...form, [field]: value });
    setErrors({});
  };
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setError(null);
    const parsed = ingestMethods['kb.ask'].input.safeParse(toAskInput(form, kb.id));
    if (!parsed.success)
      return setErrors(groupIssues(issuesFromZod(parsed.error), askFieldOf).fields);
    setRunning(true);
    try {
      setResult(kb.id, await api.call('kb.ask', toAskInput(form, kb.id)));
    } catch (caught) {
      const appError = toAppError(caught);
      const grouped = groupIssues(appError.issues ?? [], askFieldOf);
      setErrors(grouped.fields);
      if (!Object.keys(grouped.fields).length) setError(appError);
    } finally {
      setRunning(false);
    }
  };
  const open = (c: AskCitation) => navigate(...chunkRoute(c.kbId, c.document.id, c.chunk.index));
  const citations = result?.citations.map((c) => ({
    n: c.n,
    label: c.document.title || c.document.path,
    onOpen: () => open(c),
  }));
  const hint = providers.find((p) => p.value === form.provider)?.modelHint;

  return (
    <div className="mx-auto max-w-4xl space-y-4 py-4">
      <form onSubmit={submit} noValidate aria-label="Ask" className="space-y-3">
        <Field id="kb-ask-question" label={`Ask ${kb.name}`} error={errors.question}>
          <textarea
            {...describedBy('kb-ask-question', errors.question)}
            className={inputClass}
            rows={3}
            placeholder="What does the handbook say about…"
            value={form.question}
            onChange={(e) => set('question', e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit();
            }}
          />
        </Field>
        <div className="flex flex-wrap items-end gap-3">
          <Field id="kb-ask-provider" label="Provider" className="w-40">
            <select
              id="kb-ask-provider"
              className={inputClass}
              value={form.provider}
              onChange={(e) => set('provider', e.target.value as ProviderKind)}
            >
              {providers.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="kb-ask-model" label="Model" error={errors.model} className="w-48">
            <input
              {...describedBy('kb-ask-model', errors.model)}
              className={inputClass}
              placeholder={hint}
              autoComplete="off"
              spellCheck={false}
              value={form.model}
              onChange={(e) => set('model', e.target.value)}
            />
          </Field>
          <Field id="kb-ask-k" label="Sources (k)" error={errors.k} className="w-20">
            <input
              {...describedBy('kb-ask-k', errors.k)}
              className={inputClass}
              inputMode="numeric"
              value={form.k}
              onChange={(e) => set('k', e.target.value)}
            />
          </Field>
          <div className="pb-px">
            <SegmentedControl
              label="Retrieval mode"
              options={modeOptions}
              value={form.mode}
              onChange={(m) => set('mode', m)}
            />
          </div>
          <Button
            type="submit"
            variant="primary"
            className="ml-auto"
            disabled={running}
            title="Ask (Ctrl+Enter)"
          >
            {running ? 'Thinking…' : 'Ask'}
          </Button>
        </div>
      </form>

      {error ? (
        <Banner tone="error">
          <p>{error.message}</p>
          {error.hint ? <p className="opacity-80">{error.hint}</p> : null}
        </Banner>
      ) : null}

      {result ? (
        <section aria-label="Answer" className="space-y-3">
          <div className="rounded-md border border-zinc-200 px-4 py-3 dark:border-zinc-800">
            <Markdown
              text={result.answer}
              citations={citations}
              className="text-[13px] leading-6"
              data-testid="ask-answer"
            />
            <p className="mt-2 text-[11px] text-zinc-500 dark:text-zinc-400">
              {result.model.provider}:{result.model.model} · {Math.round(result.tookMs)} ms
              {result.usage
                ? ` · ${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens`
                : ''}
            </p>
          </div>
          <ol aria-label="Sources" className="space-y-1.5">
            {result.citations.map((c) => {
              const cited = result.cited.includes(c.n);
              return (
                <li
                  key={c.n}
                  data-testid="ask-source"
                  data-cited={cited || undefined}
                  className={cx('flex gap-2 text-xs', !cited && 'opacity-60')}
                >
                  <span className="w-6 shrink-0 text-right font-mono text-zinc-500">[{c.n}]</span>
                  <div className="min-w-0 flex-1">
                    <button
                      type="button"
                      onClick={() => open(c)}
                      className="text-left font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {c.document.title || fileName(c.document.path)} · chunk {c.chunk.index + 1}
                    </button>
                    <ChunkLocation chunk={c.chunk} className="ml-2" />
                    <p className="line-clamp-2 text-zinc-600 dark:text-zinc-400">{c.chunk.text}</p>
                  </div>
                  <span
                    className="shrink-0 font-mono text-zinc-500 tabular-nums"
                    title="Retrieval score"
                  >
                    {formatScore(c.score)}
                    {cited ? '' : ' · not cited'}
                  </span>
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
