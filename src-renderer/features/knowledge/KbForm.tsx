import type { FormEvent, KeyboardEvent } from 'react';
import type { KnowledgeBase, VectorStoreKind } from '@shared/api/knowledge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { cx } from '../../ui/cx';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { FormSection } from '../../ui/FormSection';
import { plural } from './format';
import {
  embedderProviders,
  embeddingLocked,
  shippedLocalModel,
  type EmbedderProvider,
} from './kb-form-model';
import { useLocalModels } from '../settings/use-local-models';
import { useKbForm } from './use-kb-form';

const stores: { value: VectorStoreKind; label: string; description: string }[] = [
  {
    value: 'pgvector',
    label: 'pgvector',
    description: 'Vectors next to the text, in the app’s database (embedded or your Postgres).',
  },
  {
    value: 'chroma',
    label: 'Chroma',
    description:
      'Vectors in a Chroma server (set its URL in Settings); text stays in the database.',
  },
];

export interface KbFormProps {
  /** The knowledge base to edit, live from the store; undefined to create one. */
  base: KnowledgeBase | undefined;
  onSaved: (kb: KnowledgeBase) => void;
  onCancel?: () => void;
}

/** Create a knowledge base, or edit one's settings. Field ids are `kb-<field>`. */
export function KbForm({ base, onSaved, onCancel }: KbFormProps) {
  const form = useKbForm(base);
  const { values, fieldErrors: errors, setValue } = form;
  const locked = embeddingLocked(base);
  const lockHint = base
    ? `Holds ${plural(base.counts.chunks, 'chunk')}: its vectors fit only this store and model. Create a new knowledge base to change them.`
    : undefined;
  const providerMeta = embedderProviders.find((p) => p.value === values.provider);
  const listed = useLocalModels().data?.map((m) => m.name) ?? [shippedLocalModel];
  const localModels =
    listed.includes(values.model) || values.provider !== 'local'
      ? listed
      : [...listed, values.model];

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const saved = await form.save();
    if (saved) onSaved(saved);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void submit(event);
  };

  return (
    <form
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
      aria-label={base ? `Settings of ${base.name}` : 'New knowledge base'}
      className="mx-auto max-w-3xl"
    >
      <div className="space-y-2 pt-4 empty:hidden">
        {form.conflict && base ? (
          <Banner
            tone="warning"
            actions={
              <>
                <Button onClick={() => form.reset(base)}>Reload</Button>
                <Button
                  variant="primary"
                  onClick={() =>
                    void form.save({ overwrite: true }).then((kb) => kb && onSaved(kb))
                  }
                >
                  Overwrite
                </Button>
              </>
            }
          >
            This knowledge base was changed elsewhere — reload or overwrite.
          </Banner>
        ) : null}
        {form.error ? (
          <Banner tone="error">
            <p>{form.error.message}</p>
            {form.error.hint ? <p className="opacity-80">{form.error.hint}</p> : null}
          </Banner>
        ) : null}
      </div>

      <FormSection
        title="Identity"
        description="How the knowledge base appears in lists and to agents."
      >
        <Field id="kb-name" label="Name" error={errors.name}>
          <input
            {...describedBy('kb-name', errors.name)}
            className={inputClass}
            value={values.name}
            maxLength={80}
            autoComplete="off"
            onChange={(e) => setValue('name', e.target.value)}
          />
        </Field>
        <Field id="kb-description" label="Description" error={errors.description}>
          <textarea
            {...describedBy('kb-description', errors.description)}
            className={inputClass}
            rows={2}
            value={values.description}
            onChange={(e) => setValue('description', e.target.value)}
          />
        </Field>
      </FormSection>

      <FormSection title="Vector store" description="Where the embeddings are kept and searched.">
        <fieldset disabled={locked} aria-describedby={locked ? 'kb-store-locked' : undefined}>
          <legend className="sr-only">Vector store</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {stores.map((store) => (
              <label
                key={store.value}
                className={cx(
                  'flex cursor-pointer gap-2 rounded-md border px-3 py-2',
                  values.storeKind === store.value
                    ? 'border-indigo-500 bg-indigo-50/60 dark:bg-indigo-500/10'
                    : 'border-zinc-300 dark:border-zinc-700',
                  locked && 'cursor-not-allowed opacity-60',
                )}
              >
                <input
                  type="radio"
                  name="kb-store"
                  value={store.value}
                  checked={values.storeKind === store.value}
                  onChange={() => setValue('storeKind', store.value)}
                  className="mt-0.5 accent-indigo-600"
                />
                <span>
                  <span className="block text-[13px] font-medium">{store.label}</span>
                  <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                    {store.description}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {errors.storeKind ? (
          <p className="text-xs text-red-600 dark:text-red-400">{errors.storeKind}</p>
        ) : null}
        {locked ? (
          <p id="kb-store-locked" className="text-xs text-zinc-500 dark:text-zinc-400">
            {lockHint}
          </p>
        ) : null}
      </FormSection>

      <FormSection title="Embedding" description="The model that turns text into vectors.">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="kb-provider" label="Embedder" error={errors.provider}>
            <select
              {...describedBy('kb-provider', errors.provider)}
              className={inputClass}
              value={values.provider}
              disabled={locked}
              onChange={(e) => setValue('provider', e.target.value as EmbedderProvider)}
            >
              {embedderProviders.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="kb-model" label="Embedding model" error={errors.model}>
            {values.provider === 'local' ? (
              <select
                {...describedBy('kb-model', errors.model)}
                className={inputClass}
                value={values.model}
                disabled={locked}
                onChange={(e) => setValue('model', e.target.value)}
              >
                {localModels.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            ) : (
              <input
                {...describedBy('kb-model', errors.model)}
                className={inputClass}
                value={values.model}
                placeholder={providerMeta?.modelHint}
                disabled={locked}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setValue('model', e.target.value)}
              />
            )}
          </Field>
        </div>
        {values.provider !== 'local' ? (
          <Field
            id="kb-dimensions"
            label="Dimension"
            error={errors.dimensions}
            hint="Leave empty to use the model’s own size (measured with one request when saved)."
          >
            <input
              {...describedBy('kb-dimensions', errors.dimensions, true)}
              className={cx(inputClass, 'max-w-40')}
              inputMode="numeric"
              value={values.dimensions}
              disabled={locked}
              placeholder="auto"
              onChange={(e) => setValue('dimensions', e.target.value)}
            />
          </Field>
        ) : null}
        {base ? (
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="kb-embedding-space">
            Stored vectors: <span className="font-mono">{base.embedding.model}</span> ·{' '}
            {base.embedding.dimensions} dimensions ({base.embedding.embedderId})
          </p>
        ) : null}
      </FormSection>

      <FormSection
        title="Chunking"
        description="How documents are cut for search. Changes apply to documents added or re-indexed afterwards."
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="kb-maxTokens" label="Chunk size (tokens)" error={errors.maxTokens}>
            <input
              {...describedBy('kb-maxTokens', errors.maxTokens)}
              className={inputClass}
              inputMode="numeric"
              value={values.maxTokens}
              onChange={(e) => setValue('maxTokens', e.target.value)}
            />
          </Field>
          <Field id="kb-overlapTokens" label="Overlap (tokens)" error={errors.overlapTokens}>
            <input
              {...describedBy('kb-overlapTokens', errors.overlapTokens)}
              className={inputClass}
              inputMode="numeric"
              value={values.overlapTokens}
              onChange={(e) => setValue('overlapTokens', e.target.value)}
            />
          </Field>
        </div>
      </FormSection>

      <div className="flex justify-end gap-2 border-t border-zinc-200 py-4 dark:border-zinc-800">
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
        {base ? (
          <Button onClick={() => form.reset(base)} disabled={form.saving}>
            Reset
          </Button>
        ) : null}
        <Button type="submit" variant="primary" disabled={form.saving} title="Save (Ctrl+Enter)">
          {form.saving ? 'Saving…' : base ? 'Save settings' : 'Create knowledge base'}
        </Button>
      </div>
    </form>
  );
}
