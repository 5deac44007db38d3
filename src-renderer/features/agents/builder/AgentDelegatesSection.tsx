import type { Agent, AgentMemory } from '@shared/entities/agent';
import { Button } from '../../../ui/Button';
import { Checkbox } from '../../../ui/Checkbox';
import { describedBy, Field, inputClass } from '../../../ui/Field';
import { FormSection } from '../../../ui/FormSection';

export interface AgentDelegatesSectionProps {
  /** The agent being edited (undefined while new). */
  selfId: string | undefined;
  agents: Agent[];
  delegateIds: string[];
  memory: AgentMemory;
  errors: { delegateIds?: string | undefined; memory?: string | undefined };
  onDelegates: (ids: string[]) => void;
  onMemory: (memory: AgentMemory) => void;
}

/** Delegates (the agents this one may hand work to) and conversation memory. */
export function AgentDelegatesSection({ selfId, agents, delegateIds, memory, errors, onDelegates, onMemory }: AgentDelegatesSectionProps) {
  const others = agents.filter((a) => a.id !== selfId);
  const known = new Set(agents.map((a) => a.id));
  const missing = delegateIds.filter((id) => !known.has(id));
  const toggle = (id: string, on: boolean) => onDelegates(on ? [...delegateIds, id] : delegateIds.filter((d) => d !== id));
  return (
    <>
      <FormSection title="Delegates" description="Agents this one may hand work to (it gets the delegate_to_agent tool for them).">
        <Field id="agent-delegateIds" label="May delegate to" error={errors.delegateIds}>
          <div id="agent-delegateIds" role="group" aria-label="Delegates" className="space-y-1.5">
            {others.length === 0 ? <p className="text-xs text-zinc-500">No other agents yet.</p> : null}
            {others.map((a) => (
              <Checkbox
                key={a.id}
                id={`agent-delegate-${a.id}`}
                label={a.name}
                hint={a.description.slice(0, 120) || undefined}
                checked={delegateIds.includes(a.id)}
                onChange={(on) => toggle(a.id, on)}
              />
            ))}
            {missing.map((id) => (
              <p key={id} role="status" className="flex items-center gap-2 text-xs text-amber-700 dark:text-amber-300">
                Agent {id} no longer exists.
                <Button variant="ghost" onClick={() => toggle(id, false)}>
                  Remove
                </Button>
              </p>
            ))}
          </div>
        </Field>
      </FormSection>
      <FormSection title="Memory" description="The conversation so far and long-term memories.">
        <Checkbox
          id="agent-memory-enabled"
          label="Remember"
          hint="Off: every message starts fresh — no conversation history, no recalled memories."
          checked={memory.enabled}
          onChange={(enabled) => onMemory({ ...memory, enabled })}
        />
        {memory.enabled ? (
          <Field id="agent-memory" label="History budget (tokens)" error={errors.memory} hint="Older turns are summarised to fit.">
            <input
              {...describedBy('agent-memory', errors.memory, true)}
              type="number"
              min={200}
              step={500}
              className={`${inputClass} max-w-40`}
              value={Number.isNaN(memory.budgetTokens) ? '' : memory.budgetTokens}
              onChange={(e) => onMemory({ ...memory, budgetTokens: e.target.value.trim() === '' ? Number.NaN : Number(e.target.value) })}
            />
          </Field>
        ) : null}
      </FormSection>
    </>
  );
}
