import { useState } from 'react';
import type { Automation } from '@shared/entities/automation';
import type { AppError } from '@shared/errors';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import {
  emptyValues,
  groupEditorIssues,
  toConfig,
  toPatch,
  validateValues,
  valuesFromAutomation,
  type EditorIssues,
  type EditorValues,
} from './editor-model';
import { automationsStoreFor } from './store';

const noIssues: EditorIssues = { fields: {}, other: [] };

/** The editor's state: values, errors at the fields (local, then the engine's), and save. */
export function useAutomationEditor(initial: Automation | undefined, defaultAgent = '') {
  const store = automationsStoreFor(useApi());
  const [values, setValues] = useState<EditorValues>(() =>
    initial ? valuesFromAutomation(initial) : emptyValues(defaultAgent),
  );
  const [issues, setIssues] = useState<EditorIssues>(noIssues);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  return {
    values,
    issues,
    error,
    saving,
    change(update: (values: EditorValues) => EditorValues) {
      setValues((current) => update(current));
    },
    /** Validates with the contract, then creates or updates; resolves to the saved automation, or null. */
    async save(): Promise<Automation | null> {
      setError(null);
      const local = validateValues(values);
      setIssues(local);
      if (Object.keys(local.fields).length || local.other.length) return null;
      setSaving(true);
      try {
        return initial
          ? await store.getState().update(initial.id, toPatch(values))
          : await store.getState().create(toConfig(values));
      } catch (caught) {
        const appError = toAppError(caught);
        if (appError.issues?.length) setIssues(groupEditorIssues(appError.issues, values));
        else setError(appError);
        return null;
      } finally {
        setSaving(false);
      }
    },
  };
}
