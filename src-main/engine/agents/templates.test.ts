import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentInput } from '@shared/entities/agent';
import { createBus } from '../bus/bus';
import { openStore } from '../store/index';
import type { Store } from '../store/types';
import { AgentService } from './service';
import { AGENT_TEMPLATES, createFromTemplate, listTemplates } from './templates';

describe('agent templates', () => {
  let store: Store;
  let agents: AgentService;
  beforeAll(async () => {
    store = await openStore({ kind: 'pglite-memory' });
    agents = new AgentService(store.db, createBus());
  });
  afterAll(() => store.close());

  it('offers the four templates, each a valid agent definition', () => {
    const templates = listTemplates();
    expect(templates.map((t) => t.id)).toEqual(['research-assistant', 'file-assistant', 'planner', 'memory-keeper']);
    for (const t of templates) expect(AgentInput.safeParse(t.agent).success).toBe(true);
    expect(templates.find((t) => t.id === 'research-assistant')?.agent.tools).toContainEqual({ kind: 'builtin', name: 'knowledge_search' });
    expect(templates.find((t) => t.id === 'file-assistant')?.agent.tools).toEqual([{ kind: 'mcp-server', serverId: 'filesystem' }]);
    expect(templates.find((t) => t.id === 'planner')?.agent.tools).toContainEqual({ kind: 'mcp-server', serverId: 'sequential-thinking' });
    expect(templates.find((t) => t.id === 'memory-keeper')?.agent.tools).toEqual(expect.arrayContaining([{ kind: 'builtin', name: 'remember' }, { kind: 'builtin', name: 'recall' }]));
    // The list is a copy: changing it changes no template.
    templates[0]!.agent.name = 'changed';
    expect(AGENT_TEMPLATES[0]!.agent.name).toBe('Research Assistant');
  });

  it('creates agents from a template, numbering taken names and mapping MCP server ids', async () => {
    const first = await createFromTemplate(agents, { templateId: 'file-assistant', serverIds: { filesystem: 'srv-123' } });
    expect(first).toMatchObject({ name: 'File Assistant', tools: [{ kind: 'mcp-server', serverId: 'srv-123' }], tags: ['files'] });
    const second = await createFromTemplate(agents, { templateId: 'file-assistant', model: { provider: 'openai', model: 'gpt-4o-mini' } });
    expect(second).toMatchObject({ name: 'File Assistant 2', model: { provider: 'openai', model: 'gpt-4o-mini' }, tools: [{ kind: 'mcp-server', serverId: 'filesystem' }] });
    const named = await createFromTemplate(agents, { templateId: 'planner', name: 'My Planner' });
    expect(named.name).toBe('My Planner');
    await expect(createFromTemplate(agents, { templateId: 'planner', name: 'my planner' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createFromTemplate(agents, { templateId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', hint: expect.stringContaining('memory-keeper') });
  });
});
