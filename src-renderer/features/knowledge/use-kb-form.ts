import { useEffect, useState } from 'react';
import type { KnowledgeBase } from '@shared/api/knowledge';
import { AppError } from '@shared/errors';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import {
  emptyKbValues,
  groupKbIssues,
  hasKbIssues,
  toKbInput,
  toKbPatch,
  validateKb,
  valuesFromKb,
  type KbField,
  type KbFormValues,
} from './kb-form-model';
import { knowledgeStoreFor } from './kb-store';

export interface KbFormState {
  values: KbFormValues;
  fieldErrors: Partial<Record<KbField, string>>;
  error: AppError | null;
  /** The save failed because the knowledge base changed elsewhere since the form loaded it. */
  conflict: boolean;
  saving: boolean;
  /** The knowledge base as the form loaded it. */
  base: KnowledgeBase | undefined;
  setValue<K extends KbField>(field: K, value: KbFormValues[K]): void;
  /** Validates with the contract, then creates or updates; resolves to the saved one, or null. */
  save(options?: { overwrite?: boolean }): Promise<KnowledgeBase | null>;
  /** Starts again from the knowledge base as it is now. */
  reset(kb: KnowledgeBase): void;
}

/** The state of the create / edit form. Mount with `key={kb?.id ?? 'new'}`. */
export function useKbForm(live: KnowledgeBase | undefined): KbFormState {
  const store = knowledgeStoreFor(useApi());
  /** The knowledge base as the form loaded it: saves expect its revision. */
  const [base, setBase] = useState(live);
  const [values, setValues] = useState(live ? valuesFromKb(live) : emptyKbValues);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<KbField, string>>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);

  // A change made elsewhere (or new counts) is taken over while nothing is being edited here.
  const dirty = !!base && JSON.stringify(values) !== JSON.stringify(valuesFromKb(base));
  useEffect(() => {
    if (live && base && live !== base && !dirty) {
      setBase(live);
      setValues(valuesFromKb(live));
    }
  }, [live, base, dirty]);

  const showError = (caught: unknown) => {
    const appError = toAppError(caught);
    if (appError.issues?.length) {
      const grouped = groupKbIssues(appError.issues);
      setFieldErrors(grouped.fields);
      if (grouped.other.length || !Object.keys(grouped.fields).length) setError(appError);
    } else if (appError.code === 'CONFLICT' && base) setConflict(true);
    else setError(appError);
  };

  return {
    values,
    fieldErrors,
    error,
    conflict,
    saving,
    base,
    setValue(field, value) {
      setValues((current) => {
        const next = { ...current, [field]: value };
        // A new provider starts from its usual model.
        if (field === 'provider' && value !== current.provider) {
          next.model = value === 'local' ? emptyKbValues.model : '';
          next.dimensions = '';
        }
        return next;
      });
      setFieldErrors(({ [field]: _cleared, ...rest }) => rest as Partial<Record<KbField, string>>);
    },
    async save({ overwrite = false } = {}) {
      setError(null);
      setConflict(false);
      const local = validateKb(values, base);
      setFieldErrors(local.fields);
      if (hasKbIssues(local)) {
        if (local.other.length) setError(new AppError('VALIDATION', local.other.join(' ')));
        return null;
      }
      setSaving(true);
      try {
        const saved = base
          ? await store
              .getState()
              .update(base.id, toKbPatch(values, base), overwrite ? undefined : base.revision)
          : await store.getState().create(toKbInput(values));
        setBase(saved);
        setValues(valuesFromKb(saved));
        return saved;
      } catch (caught) {
        showError(caught);
        return null;
      } finally {
        setSaving(false);
      }
    },
    reset(kb) {
      setBase(kb);
      setValues(valuesFromKb(kb));
      setFieldErrors({});
      setError(null);
      setConflict(false);
    },
  };
}
