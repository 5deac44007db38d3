import {
  AgentInput,
  AgentKnowledge,
  AgentMemory,
  type Agent,
  type AgentPatch,
  type ToolPolicy,
  type ToolRef,
} from '@shared/entities/agent';
import { issuesFromZod, type FieldIssue } from '@shared/errors';
import type { ProviderKind } from '@shared/entities/model';
import { groupIssues, type GroupedIssues } from '../../api/issues';

/** What the builder form edits. */
export interface AgentFormValues {
  name: string;
  description: string;
  systemPrompt: string;
  provider: ProviderKind;
  model: string;
  temperature: number;
  tags: string[];
  tools: ToolRef[];
  toolPolicies: Record<string, ToolPolicy>;
  knowledgeBaseIds: string[];
  knowledge: AgentKnowledge;
  delegateIds: string[];
  memory: AgentMemory;
}

export type AgentField = keyof AgentFormValues;

export const emptyValues: AgentFormValues = {
  name: '',
  description: '',
  systemPrompt: '',
  provider: 'ollama',
  model: '',
  temperature: 0.7,
  tags: [],
  tools: [],
  toolPolicies: {},
  knowledgeBaseIds: [],
  knowledge: AgentKnowledge.parse({}),
  delegateIds: [],
  memory: AgentMemory.parse({}),
};

export function valuesFromAgent(agent: Agent): AgentFormValues {
  return {
    name: agent.name,
    description: agent.description,
    systemPrompt: agent.systemPrompt,
    provider: agent.model.provider,
    model: agent.model.model,
    temperature: agent.temperature,
    tags: [...agent.tags],
    tools: structuredClone(agent.tools),
    toolPolicies: { ...agent.toolPolicies },
    knowledgeBaseIds: [...agent.knowledgeBaseIds],
    knowledge: { ...agent.knowledge },
    delegateIds: [...agent.delegateIds],
    memory: { ...agent.memory },
  };
}

export function sameValues(a: AgentFormValues, b: AgentFormValues): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields the form edits; also the update patch. */
export function toPatch(values: AgentFormValues) {
  return {
    name: values.name,
    description: values.description,
    systemPrompt: values.systemPrompt,
    model: { provider: values.provider, model: values.model },
    temperature: values.temperature,
    tags: values.tags,
    tools: values.tools,
    toolPolicies: values.toolPolicies,
    knowledgeBaseIds: values.knowledgeBaseIds,
    knowledge: values.knowledge,
    delegateIds: values.delegateIds,
    memory: values.memory,
  } satisfies AgentPatch;
}

export function toInput(values: AgentFormValues): AgentInput {
  return toPatch(values);
}

const formFields = new Set<string>(Object.keys(emptyValues));

/** Maps an issue path (from AgentInput, or `patch.…` from agents.update) to the form field it is about. */
export function agentFieldOf(path: readonly (string | number)[]): AgentField | null {
  const [head, next] = path[0] === 'patch' ? path.slice(1) : path;
  if (head === 'model') return next === 'provider' ? 'provider' : 'model';
  return typeof head === 'string' && formFields.has(head) ? (head as AgentField) : null;
}

export function groupAgentIssues(issues: readonly FieldIssue[]): GroupedIssues<AgentField> {
  return groupIssues(issues, agentFieldOf);
}

/** Client-side validation with the contract's own schema, before anything is sent. */
export function validateValues(values: AgentFormValues): GroupedIssues<AgentField> {
  const parsed = AgentInput.safeParse(toInput(values));
  const grouped = groupAgentIssues(parsed.success ? [] : issuesFromZod(parsed.error));
  if (Number.isNaN(values.temperature)) grouped.fields.temperature = 'Enter a number from 0 to 2';
  return grouped;
}

export function hasIssues(grouped: GroupedIssues<string>): boolean {
  return Object.keys(grouped.fields).length > 0 || grouped.other.length > 0;
}
