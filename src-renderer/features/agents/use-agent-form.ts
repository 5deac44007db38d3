import { useCallback, useState } from 'react';
import type { Agent } from '@shared/entities/agent';
import type { AppError } from '@shared/errors';
import { toAppError } from '../../api/core';
import { useApi } from '../../api/context';
import {
  emptyValues,
  groupAgentIssues,
  hasIssues,
  sameValues,
  toInput,
  toPatch,
  validateValues,
  valuesFromAgent,
  type AgentField,
  type AgentFormValues,
} from './form-model';
import { agentsStoreFor } from './store';

export interface AgentFormState {
  values: AgentFormValues;
  /** The agent as it was when the form loaded it (undefined for a new agent). */
  base: Agent | undefined;
  fieldErrors: Partial<Record<AgentField, string>>;
  /** An error that belongs to no field. */
  error: AppError | null;
  /** The save failed because the agent changed elsewhere since the form loaded it. */
  conflict: boolean;
  saving: boolean;
  dirty: boolean;
  setValue<K extends AgentField>(field: K, value: AgentFormValues[K]): void;
  /** Validates with the contract, then creates or updates; resolves to the saved agent, or null. */
  save(options?: { overwrite?: boolean }): Promise<Agent | null>;
  /** Replaces the form with the latest version of the agent. */
  reload(): Promise<void>;
  adopt(agent: Agent): void;
}

export function useAgentForm(initial: Agent | undefined): AgentFormState {
  const api = useApi();
  const store = agentsStoreFor(api);
  const [base, setBase] = useState(initial);
  const [values, setValues] = useState<AgentFormValues>(
    initial ? valuesFromAgent(initial) : emptyValues,
  );
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<AgentField, string>>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);

  const adopt = useCallback((agent: Agent) => {
    setBase(agent);
    setValues(valuesFromAgent(agent));
    setFieldErrors({});
    setError(null);
    setConflict(false);
  }, []);

  const showError = (caught: unknown) => {
    const appError = toAppError(caught);
    // Errors that name fields (validation, or a name already taken) go beside those fields;
    // a CONFLICT without fields means the agent changed elsewhere since it was opened.
    if (appError.issues?.length) {
      const grouped = groupAgentIssues(appError.issues);
      setFieldErrors(grouped.fields);
      if (grouped.other.length) setError(appError);
      return;
    }
    if (appError.code === 'CONFLICT') {
      setConflict(true);
      return;
    }
    setError(appError);
  };

  return {
    values,
    base,
    fieldErrors,
    error,
    conflict,
    saving,
    dirty: !sameValues(values, base ? valuesFromAgent(base) : emptyValues),
    setValue(field, value) {
      setValues((current) => ({ ...current, [field]: value }));
      setFieldErrors(
        ({ [field]: _cleared, ...rest }) => rest as Partial<Record<AgentField, string>>,
      );
    },
    async save({ overwrite = false } = {}) {
      setError(null);
      const local = validateValues(values);
      setFieldErrors(local.fields);
      if (hasIssues(local)) return null;
      setSaving(true);
      try {
        const saved = base
          ? await store
              .getState()
              .update(base.id, toPatch(values), overwrite ? undefined : base.revision)
          : await store.getState().create(toInput(values));
        adopt(saved);
        return saved;
      } catch (caught) {
        showError(caught);
        return null;
      } finally {
        setSaving(false);
      }
    },
    async reload() {
      if (!base) return;
      try {
        adopt(await api.call('agents.get', { id: base.id }));
      } catch (caught) {
        showError(caught);
      }
    },
    adopt,
  };
}
