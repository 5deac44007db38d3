import type { FormEvent } from 'react';
import type { Automation } from '@shared/entities/automation';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { cx } from '../../ui/cx';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { FormSection } from '../../ui/FormSection';
import { useBuilderOptions } from '../agents/builder/use-builder-options';
import { useAgentList } from '../agents/store';
import { AgentRevisionField } from './AgentRevisionField';
import { ConditionsSection } from './ConditionsSection';
import { DeliverySection } from './DeliverySection';
import { TextField, type SectionProps } from './fields';
import { PermissionsSection } from './PermissionsSection';
import { BudgetSection, PolicySection } from './PolicySections';
import { useAutomationList } from './store';
import { TriggerBuilder } from './TriggerBuilder';
import { useAutomationEditor } from './use-editor';
import { WebhookInfo } from './WebhookInfo';

const variables = [
  '{{now}}',
  '{{date}}',
  '{{automation.name}}',
  '{{trigger.kind}}',
  '{{trigger.scheduledFor}}',
  '{{trigger.file}}',
  '{{trigger.event}}',
  '{{trigger.body}}',
  '{{trigger.after.output}}',
];

function GeneralSection({ values, issues, change }: SectionProps) {
  const { agents, byId, status } = useAgentList();
  const f = issues.fields;
  const chosen = byId[values.agent];
  return (
    <FormSection
      title="What it does"
      description="The agent that runs and the message it gets each time."
    >
      <TextField
        id="automation-name"
        label="Name"
        value={values.name}
        onChange={(name) => change((v) => ({ ...v, name }))}
        error={f.name}
      />
      <TextField
        id="automation-description"
        label="Description (optional)"
        value={values.description}
        onChange={(description) => change((v) => ({ ...v, description }))}
        error={f.description}
      />
      <Field id="automation-agent" label="Agent" error={f.agent}>
        <select
          className={cx(inputClass, 'max-w-80')}
          value={values.agent}
          onChange={(e) => change((v) => ({ ...v, agent: e.target.value, agentRevision: null }))}
          {...describedBy('automation-agent', f.agent)}
        >
          <option value="">
            {status === 'ready' && !agents.length
              ? 'No agents yet: build one first'
              : 'Choose an agent…'}
          </option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
          {values.agent && !chosen && status === 'ready' ? (
            <option value={values.agent}>{values.agent} (not found)</option>
          ) : null}
        </select>
      </Field>
      <AgentRevisionField
        agentId={values.agent}
        agentName={chosen?.name}
        latest={chosen?.revision}
        value={values.agentRevision}
        onChange={(agentRevision) => change((v) => ({ ...v, agentRevision }))}
        error={f.agentRevision}
      />
      <Field
        id="automation-input"
        label="Message to the agent"
        error={f.input}
        hint={
          <>
            Variables:{' '}
            {variables.map((name, i) => (
              <span key={name}>
                {i ? ', ' : ''}
                <code className="font-mono">{name}</code>
              </span>
            ))}
            .
          </>
        }
      >
        <textarea
          rows={4}
          className={cx(inputClass, 'font-mono text-xs')}
          value={values.input}
          placeholder="Summarise {{trigger.file}} in five bullet points."
          onChange={(e) => change((v) => ({ ...v, input: e.target.value }))}
          {...describedBy('automation-input', f.input, true)}
        />
      </Field>
    </FormSection>
  );
}

/** Create (`automation` undefined) or edit an automation; saving opens its page. */
export function AutomationEditor({ automation }: { automation?: Automation | undefined }) {
  const editor = useAutomationEditor(automation);
  const options = useBuilderOptions();
  const { automations } = useAutomationList();
  const others = automations.filter((a) => a.id !== automation?.id);
  const section = { values: editor.values, issues: editor.issues, change: editor.change };
  const title = automation ? `Edit ${automation.name}` : 'New automation';
  const errorCount = Object.keys(editor.issues.fields).length;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await editor.save();
    if (saved) navigate('automations', saved.id);
  };

  return (
    <form
      aria-label={title}
      onSubmit={(e) => void submit(e)}
      noValidate
      className="flex h-full flex-col"
    >
      <div className="flex h-11 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-5 dark:border-zinc-800">
        <h2 className="truncate text-[13px] font-semibold">{title}</h2>
        <div className="flex gap-2">
          <Button
            onClick={() =>
              automation ? navigate('automations', automation.id) : navigate('automations')
            }
          >
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={editor.saving}>
            {automation ? 'Save' : 'Create automation'}
          </Button>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-5">
        <div className="mx-auto max-w-4xl">
          {errorCount || editor.issues.other.length || editor.error ? (
            <div className="pt-4">
              <Banner tone="error">
                {editor.error ? (
                  <p>
                    {editor.error.message} {editor.error.hint}
                  </p>
                ) : null}
                {errorCount ? (
                  <p>
                    Fix the {errorCount === 1 ? 'marked field' : `${errorCount} marked fields`}.
                  </p>
                ) : null}
                {editor.issues.other.map((message) => (
                  <p key={message}>{message}</p>
                ))}
              </Banner>
            </div>
          ) : null}
          <GeneralSection {...section} />
          <TriggerBuilder {...section} others={others} />
          {automation?.webhookPath && automation.triggers.some((t) => t.kind === 'webhook') ? (
            <FormSection title="Webhook" description="How to call it.">
              <WebhookInfo automationId={automation.id} />
            </FormSection>
          ) : null}
          <ConditionsSection {...section} />
          <PolicySection {...section} />
          <PermissionsSection {...section} options={options} />
          <BudgetSection {...section} />
          <DeliverySection {...section} />
          {automation ? null : (
            <div className="py-5">
              <Checkbox
                id="automation-paused"
                label="Create it paused"
                hint="It fires only once you resume it."
                checked={editor.values.paused}
                onChange={(paused) => editor.change((v) => ({ ...v, paused }))}
              />
            </div>
          )}
        </div>
      </div>
    </form>
  );
}
