import type { Agent } from '@shared/entities/agent';
import type { EvalTarget } from '@shared/entities/eval';
import type { ModelRef } from '@shared/entities/model';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { cx } from '../../ui/cx';
import { inputClass } from '../../ui/Field';
import { PlusIcon, XIcon } from '../../ui/icons';
import { revisionLabel } from '../automations/AgentRevisionField';
import { ModelField } from '../models/ModelField';

/** A target as the form holds it. */
export interface TargetDraft {
  key: number;
  agentId: string;
  /** null: the agent's latest revision. */
  revision: number | null;
  /** null: the agent's own model. */
  model: ModelRef | null;
  /** The target's name in results ('' → `agent@revision`). */
  label: string;
}

export function toTarget(draft: TargetDraft): EvalTarget {
  return {
    agent: draft.agentId,
    ...(draft.revision !== null ? { revision: draft.revision } : {}),
    ...(draft.model ? { model: draft.model } : {}),
    ...(draft.label.trim() ? { label: draft.label.trim() } : {}),
  };
}

function TargetRow({
  index,
  draft,
  agents,
  onChange,
  onRemove,
}: {
  index: number;
  draft: TargetDraft;
  agents: Agent[];
  onChange: (draft: TargetDraft) => void;
  onRemove: () => void;
}) {
  const api = useApi();
  const agent = agents.find((a) => a.id === draft.agentId);
  const revisions = useLoader(
    () =>
      draft.agentId ? api.call('agents.revisions', { id: draft.agentId }) : Promise.resolve([]),
    [api, draft.agentId, agent?.revision],
  );
  const n = index + 1;
  return (
    <li
      data-testid="eval-target"
      className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1 space-y-1">
          <label htmlFor={`target-${draft.key}-agent`} className="block text-xs font-medium">
            Agent of target {n}
          </label>
          <select
            id={`target-${draft.key}-agent`}
            className={inputClass}
            value={draft.agentId}
            onChange={(e) => onChange({ ...draft, agentId: e.target.value, revision: null })}
          >
            <option value="">Choose an agent…</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-56 flex-1 space-y-1">
          <label htmlFor={`target-${draft.key}-revision`} className="block text-xs font-medium">
            Revision of target {n}
          </label>
          <select
            id={`target-${draft.key}-revision`}
            className={inputClass}
            value={draft.revision === null ? '' : String(draft.revision)}
            disabled={!draft.agentId}
            onChange={(e) =>
              onChange({
                ...draft,
                revision: e.target.value === '' ? null : Number(e.target.value),
              })
            }
          >
            <option value="">Latest{agent ? ` (revision ${agent.revision})` : ''}</option>
            {(revisions.data ?? []).map((r) => (
              <option key={r.revision} value={String(r.revision)}>
                {revisionLabel(r, agent?.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="w-40 space-y-1">
          <label htmlFor={`target-${draft.key}-label`} className="block text-xs font-medium">
            Label of target {n}
          </label>
          <input
            id={`target-${draft.key}-label`}
            className={inputClass}
            value={draft.label}
            maxLength={100}
            placeholder={
              agent ? `${agent.name}@${draft.revision ?? agent.revision}` : 'agent@revision'
            }
            onChange={(e) => onChange({ ...draft, label: e.target.value })}
          />
        </div>
        <Button variant="ghost" onClick={onRemove} aria-label={`Remove target ${n}`}>
          <XIcon width={12} height={12} />
        </Button>
      </div>
      <Checkbox
        id={`target-${draft.key}-override`}
        label="Override the model"
        checked={draft.model !== null}
        disabled={!agent}
        onChange={(on) => onChange({ ...draft, model: on && agent ? agent.model : null })}
      />
      {draft.model ? (
        <ModelField
          id={`target-${draft.key}-model`}
          label={`Model of target ${n}`}
          provider={draft.model.provider}
          model={draft.model.model}
          usesTools={(agent?.tools.length ?? 0) > 0}
          onChange={(choice) => onChange({ ...draft, model: choice })}
        />
      ) : null}
      {revisions.error ? (
        <p className="text-xs text-amber-700 dark:text-amber-300">
          Could not list its revisions: {revisions.error.message}
        </p>
      ) : null}
    </li>
  );
}

let nextKey = 1;
export const newTarget = (agentId = ''): TargetDraft => ({
  key: nextKey++,
  agentId,
  revision: null,
  model: null,
  label: '',
});

/** The targets of a run: agents, each at its latest or a chosen revision, with an optional model. */
export function TargetsField({
  agents,
  value,
  onChange,
}: {
  agents: Agent[];
  value: TargetDraft[];
  onChange: (targets: TargetDraft[]) => void;
}) {
  return (
    <div className="space-y-2">
      {value.length ? (
        <ul aria-label="Targets" className="space-y-2">
          {value.map((draft, i) => (
            <TargetRow
              key={draft.key}
              index={i}
              draft={draft}
              agents={agents}
              onChange={(next) => onChange(value.map((d) => (d.key === draft.key ? next : d)))}
              onRemove={() => onChange(value.filter((d) => d.key !== draft.key))}
            />
          ))}
        </ul>
      ) : (
        <p className={cx('text-xs text-zinc-500 dark:text-zinc-400')}>
          No targets chosen: the run uses the suite’s own <code>targets</code>.
        </p>
      )}
      <Button
        onClick={() => onChange([...value, newTarget(agents.length === 1 ? agents[0]!.id : '')])}
        disabled={value.length >= 20}
      >
        <PlusIcon width={12} height={12} /> Add a target
      </Button>
    </div>
  );
}
