import type { LlmModelCapabilities } from './api/llm-models';

export interface ModelUse {
  /** The agent offers tools to the model (its tools, knowledge search or delegation). */
  usesTools?: boolean;
  /** The message carries an image. */
  hasImages?: boolean;
}

export interface ModelWarning {
  kind: 'tools' | 'vision';
  message: string;
}

/**
 * What will not work with this model, for this use. Only a capability the provider reports as
 * missing warns; an unknown one (`null`, or no capabilities at all) does not.
 */
export function modelWarnings(
  capabilities: LlmModelCapabilities | null | undefined,
  use: ModelUse,
): ModelWarning[] {
  if (!capabilities) return [];
  const warnings: ModelWarning[] = [];
  if (use.usesTools && capabilities.tools === false)
    warnings.push({ kind: 'tools', message: 'This model does not support tools' });
  if (use.hasImages && capabilities.vision === false)
    warnings.push({ kind: 'vision', message: 'This model cannot see images' });
  return warnings;
}

/** The parts of an agent (or of a form editing one) that decide whether the model is offered tools. */
export interface AgentToolUse {
  tools?: readonly unknown[] | undefined;
  knowledgeBaseIds?: readonly unknown[] | undefined;
  knowledge?: { mode: 'tool' | 'auto' | 'both' } | undefined;
  delegateIds?: readonly unknown[] | undefined;
}

/**
 * Whether the agent offers its model tools: tools of its own, `knowledge_search` (knowledge bases
 * in mode tool or both; mode auto retrieves without a tool), or `delegate_to_agent` (delegates).
 */
export function agentUsesTools(agent: AgentToolUse): boolean {
  if ((agent.tools?.length ?? 0) > 0) return true;
  if ((agent.delegateIds?.length ?? 0) > 0) return true;
  const mode = agent.knowledge?.mode ?? 'tool';
  return (agent.knowledgeBaseIds?.length ?? 0) > 0 && mode !== 'auto';
}
