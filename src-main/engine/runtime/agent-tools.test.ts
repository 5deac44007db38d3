import { describe, expect, it } from 'vitest';
import { AgentInput, type Agent } from '@shared/entities/agent';
import { applyAgentToolSettings } from './agent-tools';
import type { RuntimeTool } from './tools/types';

const tool = (name: string, source: string, key: string, approval: 'auto' | 'ask', mustAsk = false): RuntimeTool => ({
  spec: { name, description: '', inputSchema: { type: 'object' } },
  source,
  key,
  approval,
  ...(mustAsk ? { mustAsk } : {}),
  call: async () => '',
});

const agent = (extra: Partial<AgentInput>): Agent => ({
  ...AgentInput.parse({ name: 'A', model: { provider: 'ollama', model: 'm' }, ...extra }),
  id: 'a',
  revision: 0,
  createdAt: '',
  updatedAt: '',
});

const offered = (a: Agent, tools: RuntimeTool[]) =>
  Object.fromEntries([...applyAgentToolSettings(a, new Map(tools.map((t) => [t.spec.name, t])))].map(([name, t]) => [name, t.approval]));

describe('an agent’s tool settings', () => {
  const tools = [
    tool('files__read', 'srv', 'srv:read', 'ask'),
    tool('files__write', 'srv', 'srv:write', 'auto'),
    tool('files__changed', 'srv', 'srv:changed', 'ask', true),
    tool('current_time', 'builtin', 'builtin:current_time', 'auto'),
    tool('remember', 'builtin', 'builtin:remember', 'auto'),
    tool('knowledge_search', 'builtin', 'builtin:knowledge_search', 'auto'),
  ];

  it('deny hides, allow runs without asking (not a changed definition), ask always asks', () => {
    const a = agent({ toolPolicies: { 'srv:read': 'allow', 'srv:write': 'ask', 'srv:changed': 'allow', 'builtin:current_time': 'deny' } });
    expect(offered(a, tools)).toEqual({ files__read: 'auto', files__write: 'ask', files__changed: 'ask', remember: 'auto', knowledge_search: 'auto' });
  });

  it('memory off takes away remember/recall; automatic retrieval takes away knowledge_search', () => {
    expect(Object.keys(offered(agent({ memory: { enabled: false }, knowledge: { mode: 'auto' } }), tools))).toEqual(['files__read', 'files__write', 'files__changed', 'current_time']);
  });
});
