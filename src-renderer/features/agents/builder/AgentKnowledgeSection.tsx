import type { AgentKnowledge, KnowledgeMode } from '@shared/entities/agent';
import { Button } from '../../../ui/Button';
import { Checkbox } from '../../../ui/Checkbox';
import { describedBy, Field, inputClass } from '../../../ui/Field';
import { FormSection } from '../../../ui/FormSection';
import { SegmentedControl } from '../../../ui/SegmentedControl';
import type { BuilderOptions } from './use-builder-options';

const MODES: readonly { value: KnowledgeMode; label: string; title: string }[] = [
  { value: 'tool', label: 'As a tool', title: 'The agent searches with knowledge_search when it decides to' },
  { value: 'auto', label: 'Automatic', title: 'The best passages are put before each message, numbered for citing' },
  { value: 'both', label: 'Both', title: 'Passages before each message, and the search tool' },
];

export interface AgentKnowledgeSectionProps {
  knowledgeBaseIds: string[];
  knowledge: AgentKnowledge;
  errors: { knowledgeBaseIds?: string | undefined; knowledge?: string | undefined };
  options: Pick<BuilderOptions, 'knowledgeBases'>;
  onKnowledgeBases: (ids: string[]) => void;
  onKnowledge: (knowledge: AgentKnowledge) => void;
}

/** Number input value: NaN while empty, so the contract's validation names the problem. */
const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** Knowledge: the knowledge bases attached, and how the agent retrieves from them. */
export function AgentKnowledgeSection({ knowledgeBaseIds, knowledge, errors, options, onKnowledgeBases, onKnowledge }: AgentKnowledgeSectionProps) {
  const kbs = options.knowledgeBases.data ?? [];
  const known = new Set(kbs.map((kb) => kb.id));
  const missing = options.knowledgeBases.data ? knowledgeBaseIds.filter((id) => !known.has(id)) : [];
  const toggle = (id: string, on: boolean) => onKnowledgeBases(on ? [...knowledgeBaseIds, id] : knowledgeBaseIds.filter((k) => k !== id));
  const retrieves = knowledge.mode !== 'tool';

  return (
    <FormSection title="Knowledge" description="What the agent can look up, and how.">
      <Field id="agent-knowledgeBaseIds" label="Knowledge bases" error={errors.knowledgeBaseIds}>
        <div id="agent-knowledgeBaseIds" role="group" aria-label="Knowledge bases" className="space-y-1.5">
          {options.knowledgeBases.error ? (
            <p className="text-xs text-zinc-500">Could not list knowledge bases: {options.knowledgeBases.error.message}</p>
          ) : kbs.length === 0 && !options.knowledgeBases.loading ? (
            <p className="text-xs text-zinc-500">No knowledge bases yet: create one on the Knowledge page.</p>
          ) : null}
          {kbs.map((kb) => (
            <Checkbox
              key={kb.id}
              id={`agent-kb-${kb.id}`}
              label={kb.name}
              hint={`${kb.counts.documents} document${kb.counts.documents === 1 ? '' : 's'}${kb.description ? ` · ${kb.description.slice(0, 120)}` : ''}`}
              checked={knowledgeBaseIds.includes(kb.id)}
              onChange={(on) => toggle(kb.id, on)}
            />
          ))}
          {missing.map((id) => (
            <p key={id} role="status" className="flex items-center gap-2 text-xs text-amber-700 dark:text-amber-300">
              Knowledge base {id} no longer exists.
              <Button variant="ghost" onClick={() => toggle(id, false)}>
                Remove
              </Button>
            </p>
          ))}
        </div>
      </Field>
      <Field id="agent-knowledge" label="Retrieval" error={errors.knowledge} hint={MODES.find((m) => m.value === knowledge.mode)?.title}>
        <SegmentedControl label="Retrieval mode" options={MODES} value={knowledge.mode} onChange={(mode) => onKnowledge({ ...knowledge, mode })} />
      </Field>
      {retrieves ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="agent-knowledge-k" label="Passages per message" hint="1 to 20.">
            <input
              {...describedBy('agent-knowledge-k', undefined, true)}
              type="number"
              min={1}
              max={20}
              className={inputClass}
              value={Number.isNaN(knowledge.k) ? '' : knowledge.k}
              onChange={(e) => onKnowledge({ ...knowledge, k: numberOf(e.target.value) })}
            />
          </Field>
          <Field id="agent-knowledge-minScore" label="Minimum score" hint="0 to 1: passages scoring lower are left out.">
            <input
              {...describedBy('agent-knowledge-minScore', undefined, true)}
              type="number"
              min={0}
              max={1}
              step={0.05}
              className={inputClass}
              value={Number.isNaN(knowledge.minScore) ? '' : knowledge.minScore}
              onChange={(e) => onKnowledge({ ...knowledge, minScore: numberOf(e.target.value) })}
            />
          </Field>
        </div>
      ) : null}
    </FormSection>
  );
}
