import type { ReactNode } from 'react';
import type { Agent } from '@shared/entities/agent';
import { ProviderKind } from '@shared/entities/model';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { TagInput } from '../../ui/TagInput';
import { agentUsesTools } from '@shared/model-warnings';
import { ModelField } from '../models/ModelField';
import { providers } from '../../ui/providers';
import type { AgentField, AgentFormValues } from './form-model';
import { AgentDelegatesSection } from './builder/AgentDelegatesSection';
import { AgentKnowledgeSection } from './builder/AgentKnowledgeSection';
import { AgentToolsSection } from './builder/AgentToolsSection';
import { useBuilderOptions } from './builder/use-builder-options';
import { sortAgents, useAgents } from './store';

export interface AgentFormFieldsProps {
  values: AgentFormValues;
  errors: Partial<Record<AgentField, string>>;
  base: Agent | undefined;
  onChange: <K extends AgentField>(field: K, value: AgentFormValues[K]) => void;
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <section className="grid gap-x-8 gap-y-3 border-b border-zinc-200 py-5 last:border-b-0 md:grid-cols-[200px_1fr] dark:border-zinc-800">
      <div>
        <h3 className="text-[13px] font-semibold text-zinc-900 dark:text-zinc-100">{title}</h3>
        {description ? (
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{description}</p>
        ) : null}
      </div>
      <div className="min-w-0 space-y-3">{children}</div>
    </section>
  );
}

/** The builder's fields. Field ids are `agent-<field>`; errors show beside each field. */
export function AgentFormFields({ values, errors, base, onChange }: AgentFormFieldsProps) {
  const options = useBuilderOptions();
  const byId = useAgents((st) => st.byId);
  const agents = sortAgents(byId);
  return (
    <>
      <Section title="Identity" description="How the agent appears in lists and in runs.">
        <Field id="agent-name" label="Name" error={errors.name}>
          <input
            {...describedBy('agent-name', errors.name)}
            className={inputClass}
            value={values.name}
            maxLength={200}
            autoComplete="off"
            onChange={(e) => onChange('name', e.target.value)}
          />
        </Field>
        <Field id="agent-description" label="Description" error={errors.description}>
          <textarea
            {...describedBy('agent-description', errors.description)}
            className={inputClass}
            rows={2}
            value={values.description}
            onChange={(e) => onChange('description', e.target.value)}
          />
        </Field>
      </Section>

      <Section title="Model" description="Which model answers, and how freely.">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="agent-provider" label="Provider" error={errors.provider}>
            <select
              {...describedBy('agent-provider', errors.provider)}
              className={inputClass}
              value={values.provider}
              onChange={(e) => onChange('provider', ProviderKind.parse(e.target.value))}
            >
              {providers.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </Field>
          <ModelField
            id="agent-model"
            provider={values.provider}
            model={values.model}
            error={errors.model}
            // The form's own fields win over the saved agent's, whichever the form edits.
            usesTools={agentUsesTools({ ...base, ...values })}
            onChange={(choice) => {
              if (choice.provider !== values.provider) onChange('provider', choice.provider);
              onChange('model', choice.model);
            }}
          />
        </div>
        <Field
          id="agent-temperature"
          label="Temperature"
          error={errors.temperature}
          hint="Lower is more focused and repeatable, higher is more varied."
        >
          <div className="flex items-center gap-3">
            <input
              type="range"
              aria-label="Temperature slider"
              min={0}
              max={2}
              step={0.1}
              value={Number.isNaN(values.temperature) ? 0 : values.temperature}
              onChange={(e) => onChange('temperature', Number(e.target.value))}
              className="h-1 flex-1 accent-indigo-600"
            />
            <div className="w-24 shrink-0">
              <input
                {...describedBy('agent-temperature', errors.temperature, true)}
                type="number"
                min={0}
                max={2}
                step={0.1}
                className={inputClass}
                value={Number.isNaN(values.temperature) ? '' : values.temperature}
                onChange={(e) =>
                  onChange(
                    'temperature',
                    e.target.value === '' ? Number.NaN : Number(e.target.value),
                  )
                }
              />
            </div>
          </div>
        </Field>
      </Section>

      <Section
        title="Instructions"
        description="The system prompt: who the agent is and how it works."
      >
        <Field id="agent-systemPrompt" label="System prompt" error={errors.systemPrompt}>
          <textarea
            {...describedBy('agent-systemPrompt', errors.systemPrompt)}
            className={`${inputClass} font-mono text-xs leading-5`}
            rows={10}
            value={values.systemPrompt}
            placeholder="You are a careful assistant that…"
            onChange={(e) => onChange('systemPrompt', e.target.value)}
          />
        </Field>
      </Section>

      <Section title="Tags" description="Group and filter agents.">
        <Field
          id="agent-tags"
          label="Tags"
          error={errors.tags}
          hint="Press Enter or type a comma to add a tag."
        >
          <TagInput
            id="agent-tags"
            tags={values.tags}
            onChange={(tags) => onChange('tags', tags)}
            placeholder="research, support…"
            inputProps={describedBy('agent-tags', errors.tags, true)}
          />
        </Field>
      </Section>

      <AgentToolsSection
        tools={values.tools}
        policies={values.toolPolicies}
        error={errors.tools ?? errors.toolPolicies}
        options={options}
        onTools={(tools) => onChange('tools', tools)}
        onPolicies={(policies) => onChange('toolPolicies', policies)}
      />

      <AgentKnowledgeSection
        knowledgeBaseIds={values.knowledgeBaseIds}
        knowledge={values.knowledge}
        errors={{ knowledgeBaseIds: errors.knowledgeBaseIds, knowledge: errors.knowledge }}
        options={options}
        onKnowledgeBases={(ids) => onChange('knowledgeBaseIds', ids)}
        onKnowledge={(knowledge) => onChange('knowledge', knowledge)}
      />

      <AgentDelegatesSection
        selfId={base?.id}
        agents={agents}
        delegateIds={values.delegateIds}
        memory={values.memory}
        errors={{ delegateIds: errors.delegateIds, memory: errors.memory }}
        onDelegates={(ids) => onChange('delegateIds', ids)}
        onMemory={(memory) => onChange('memory', memory)}
      />
    </>
  );
}
