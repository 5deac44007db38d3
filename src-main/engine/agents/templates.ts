import type { AgentTemplate } from '@shared/api/agent-templates';
import { AgentKnowledge, AgentMemory, type Agent, type AgentInput, type ToolRef } from '@shared/entities/agent';
import type { ModelRef } from '@shared/entities/model';
import { AppError } from '@shared/errors';
import type { AgentService } from './service';

const DEFAULT_MODEL: ModelRef = { provider: 'ollama', model: 'llama3.2' };

const builtin = (name: string): ToolRef => ({ kind: 'builtin', name });
const mcpServer = (serverId: string): ToolRef => ({ kind: 'mcp-server', serverId });
/** The builder's settings at their defaults. */
const builderDefaults = { toolPolicies: {}, knowledge: AgentKnowledge.parse({}), delegateIds: [], memory: AgentMemory.parse({}) };

/** The ready-made agents. MCP server ids are the presets' ids; `createFromTemplate` can map them. */
export const AGENT_TEMPLATES: readonly AgentTemplate[] = [
  {
    id: 'research-assistant',
    name: 'Research Assistant',
    description: 'Answers questions from your knowledge bases, reasoning step by step and citing its sources.',
    requires: ['A knowledge base: add one to the agent after creating it'],
    agent: {
      name: 'Research Assistant',
      description: 'Answers questions from the knowledge bases, with sources.',
      systemPrompt: [
        'You are a careful research assistant.',
        'Search the knowledge base before answering; search again with other words when the first results do not answer the question.',
        'Reason step by step: list what the sources say, note where they disagree or are silent, then answer.',
        'Cite the source of every claim. If the sources do not contain the answer, say so instead of guessing.',
      ].join('\n'),
      model: DEFAULT_MODEL,
      temperature: 0.2,
      tags: ['research'],
      tools: [builtin('knowledge_search'), builtin('current_time')],
      knowledgeBaseIds: [],
      ...builderDefaults,
    },
  },
  {
    id: 'file-assistant',
    name: 'File Assistant',
    description: 'Reads, searches and edits files in the folders you allow, through the filesystem MCP server.',
    requires: ['MCP server: filesystem (with the folders it may use)'],
    agent: {
      name: 'File Assistant',
      description: 'Works with files in the allowed folders.',
      systemPrompt: [
        'You help with files in the folders you are allowed to use.',
        'List and read before you change anything. Say exactly which files you will write or move, and why.',
        'Never guess a file’s content: read it.',
      ].join('\n'),
      model: DEFAULT_MODEL,
      temperature: 0.2,
      tags: ['files'],
      tools: [mcpServer('filesystem')],
      knowledgeBaseIds: [],
      ...builderDefaults,
    },
  },
  {
    id: 'planner',
    name: 'Planner',
    description: 'Breaks a goal into steps, revising its plan as it thinks, with the sequential-thinking MCP server.',
    requires: ['MCP server: sequential-thinking'],
    agent: {
      name: 'Planner',
      description: 'Turns a goal into a checked, ordered plan.',
      systemPrompt: [
        'You turn goals into plans.',
        'Think in explicit steps with the sequential thinking tool; revise earlier steps when you find a problem.',
        'End with a numbered plan: each step with its outcome, what it needs, and how to check it is done.',
      ].join('\n'),
      model: DEFAULT_MODEL,
      temperature: 0.4,
      tags: ['planning'],
      tools: [mcpServer('sequential-thinking'), builtin('current_time')],
      knowledgeBaseIds: [],
      ...builderDefaults,
    },
  },
  {
    id: 'memory-keeper',
    name: 'Memory Keeper',
    description: 'Remembers what you tell it across conversations and recalls it when it matters.',
    requires: [],
    agent: {
      name: 'Memory Keeper',
      description: 'Keeps facts about you and your work in long-term memory.',
      systemPrompt: [
        'You keep a long-term memory for the user.',
        'When the user tells you a lasting fact, preference or decision, store it with the remember tool, one fact per call.',
        'Before answering a question about the past, search with the recall tool. Say when you do not remember something.',
      ].join('\n'),
      model: DEFAULT_MODEL,
      temperature: 0.3,
      tags: ['memory'],
      tools: [builtin('remember'), builtin('recall'), builtin('current_time')],
      knowledgeBaseIds: [],
      ...builderDefaults,
    },
  },
];

export function listTemplates(): AgentTemplate[] {
  return structuredClone([...AGENT_TEMPLATES]);
}

/** `base`, or `base 2`, `base 3`… whichever no agent uses yet (names are unique, ignoring case). */
export async function freeAgentName(agents: AgentService, base: string): Promise<string> {
  const taken = new Set((await agents.list()).map((a) => a.name.toLowerCase()));
  const stem = base.trim().slice(0, 74);
  if (!taken.has(stem.toLowerCase())) return stem;
  for (let n = 2; n < 10_000; n++) {
    const candidate = `${stem} ${n}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
  throw new AppError('CONFLICT', `Too many agents named "${stem}".`);
}

export interface FromTemplate {
  templateId: string;
  name?: string;
  model?: ModelRef;
  /** Actual MCP server ids for the template's server ids. */
  serverIds?: Record<string, string>;
}

function mapServers(tools: ToolRef[], serverIds: Record<string, string>): ToolRef[] {
  return tools.map((t) => (t.kind === 'builtin' ? t : { ...t, serverId: serverIds[t.serverId] ?? t.serverId }));
}

/** Creates an agent from a template; a taken name gets a number (an explicit `name` must be free). */
export async function createFromTemplate(agents: AgentService, input: FromTemplate): Promise<Agent> {
  const template = AGENT_TEMPLATES.find((t) => t.id === input.templateId);
  if (!template) {
    throw new AppError('NOT_FOUND', `No template "${input.templateId}".`, {
      hint: `Templates: ${AGENT_TEMPLATES.map((t) => t.id).join(', ')}.`,
    });
  }
  const agent: AgentInput = {
    ...structuredClone(template.agent),
    name: input.name ?? (await freeAgentName(agents, template.agent.name)),
    ...(input.model ? { model: input.model } : {}),
    tools: mapServers(template.agent.tools ?? [], input.serverIds ?? {}),
  };
  return agents.create(agent, { keepMissing: true });
}
