import { findLlmModel } from '@shared/api/llm-models';
import type { ProviderKind } from '@shared/entities/model';
import { modelWarnings } from '@shared/model-warnings';
import { describedBy, Field } from '../../ui/Field';
import { ModelPicker, type ModelChoice } from '../../ui/ModelPicker';
import { providers } from '../../ui/providers';
import { useLlmModels } from './use-llm-models';

export interface ModelFieldProps {
  id: string;
  provider: ProviderKind;
  model: string;
  error?: string | undefined;
  /** The agent offers tools (its own, knowledge search or delegation): warn on a model without them. */
  usesTools: boolean;
  onChange: (choice: ModelChoice) => void;
  label?: string;
}

/**
 * The model field of a form: the searchable picker over every provider's models, and a warning
 * when the chosen model cannot do what the agent needs.
 */
export function ModelField({
  id,
  provider,
  model,
  error,
  usesTools,
  onChange,
  label = 'Model',
}: ModelFieldProps) {
  const { lists, loading, refresh } = useLlmModels();
  const listed = findLlmModel(lists.find((l) => l.provider === provider)?.models ?? [], model);
  const warnings = modelWarnings(listed?.capabilities, { usesTools });
  return (
    <Field id={id} label={label} error={error}>
      <ModelPicker
        {...describedBy(id, error, warnings.length > 0)}
        id={id}
        provider={provider}
        value={model}
        lists={lists}
        loading={loading}
        onChange={onChange}
        onRefresh={refresh}
        placeholder={providers.find((p) => p.value === provider)?.modelHint ?? ''}
      />
      {warnings.length && !error ? (
        <div
          id={`${id}-hint`}
          role="status"
          className="space-y-0.5 text-xs text-amber-800 dark:text-amber-300"
        >
          {warnings.map((w) => (
            <p key={w.kind}>
              {w.message}.{' '}
              {w.kind === 'tools'
                ? 'This agent has tools (or searches its knowledge), so its runs will fail: choose a model marked “tools”.'
                : 'Choose a model marked “vision” to send images.'}
            </p>
          ))}
        </div>
      ) : null}
    </Field>
  );
}
