import { expect, it } from 'vitest';
import { describeStores } from '../../../tests/helpers/stores';
import { createBus } from '../bus/bus';
import type { Handler } from '../handlers';
import { guardDeletesInUse } from './in-use';
import type { AgentReferenceCatalog } from './references';
import { AgentService } from './service';

const base = { model: { provider: 'ollama' as const, model: 'llama3.2' } };

describeStores('AgentService references and revisions', ({ store }) => {
  const servers = [{ id: 'srv-files', name: 'Files', tools: ['read_file', 'write_file'] as string[] | undefined }, { id: 'srv-cold', name: 'Never started', tools: undefined }];
  const kbs = [{ id: 'kb-docs', name: 'Docs' }];
  const catalog: AgentReferenceCatalog = {
    mcpServers: async () => servers,
    knowledgeBases: async () => kbs,
    builtinTools: () => ['current_time', 'knowledge_search', 'delegate_to_agent'],
  };
  let n = 0;
  const setup = () => {
    const service = new AgentService(store().db, createBus());
    service.useReferences(catalog);
    return { service, name: (s: string) => `${s} ${++n}` };
  };

  it('refuses unknown servers, tools, knowledge bases, built-ins and agents with an issue per entry', async () => {
    const { service, name } = setup();
    const before = (await service.list()).length;
    const failure = await service
      .create({
        ...base,
        name: name('Bad refs'),
        tools: [
          { kind: 'mcp-server', serverId: 'srv-files' },
          { kind: 'mcp-server', serverId: 'srv-gone' },
          { kind: 'mcp-tool', serverId: 'srv-files', tool: 'delete_everything' },
          { kind: 'mcp-tool', serverId: 'srv-cold', tool: 'anything' },
          { kind: 'builtin', name: 'teleport' },
        ],
        knowledgeBaseIds: ['kb-docs', 'kb-gone'],
        delegateIds: ['agent-gone'],
      })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'VALIDATION' });
    const issues = (failure as { issues: { path: unknown[]; message: string }[] }).issues;
    expect(issues.map((i) => i.path)).toEqual([['tools', 1], ['tools', 2], ['tools', 4], ['knowledgeBaseIds', 1], ['delegateIds', 0]]);
    expect(issues[1]!.message).toBe('The MCP server "Files" has no tool "delete_everything".');
    expect((await service.list()).length).toBe(before);

    const good = await service.create({
      ...base,
      name: name('Good refs'),
      tools: [{ kind: 'mcp-tool', serverId: 'srv-files', tool: 'read_file' }, { kind: 'builtin', name: 'current_time' }],
      knowledgeBaseIds: ['kb-docs'],
      toolPolicies: { 'srv-files:read_file': 'allow' },
      knowledge: { mode: 'auto', k: 3 },
    });
    expect(good).toMatchObject({ knowledge: { mode: 'auto', k: 3, minScore: 0 }, memory: { enabled: true, budgetTokens: 3000 }, toolPolicies: { 'srv-files:read_file': 'allow' } });
  });

  it('refuses delegation cycles, including to itself', async () => {
    const { service, name } = setup();
    const a = await service.create({ ...base, name: name('A') });
    const b = await service.create({ ...base, name: name('B'), delegateIds: [a.id] });
    await expect(service.update(a.id, { delegateIds: [a.id] })).rejects.toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: ['delegateIds', 0], message: 'An agent cannot delegate to itself' }],
    });
    await expect(service.update(a.id, { delegateIds: [b.id] })).rejects.toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: ['delegateIds', 0], message: `Delegation would go in a circle: ${a.name} → ${b.name} → ${a.name}` }],
    });
    const c = await service.create({ ...base, name: name('C') });
    expect((await service.update(a.id, { delegateIds: [c.id] })).delegateIds).toEqual([c.id]);
  });

  it('writes a revision per save, lists them, and restores an old one as a new revision', async () => {
    const { service, name } = setup();
    const created = await service.create({ ...base, name: name('Versioned'), systemPrompt: 'v0' });
    await service.update(created.id, { systemPrompt: 'v1' });
    await service.update(created.id, { systemPrompt: 'v2', knowledgeBaseIds: ['kb-docs'] });
    const list = await service.revisions(created.id);
    expect(list.map((r) => r.revision)).toEqual([2, 1, 0]);
    expect((await service.revision(created.id, 1)).snapshot.systemPrompt).toBe('v1');
    const restored = await service.restore(created.id, 0);
    expect(restored).toMatchObject({ revision: 3, systemPrompt: 'v0', knowledgeBaseIds: [] });
    expect((await service.revision(created.id, 3)).snapshot).toEqual((await service.revision(created.id, 0)).snapshot);
    await expect(service.revision(created.id, 9)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps a reference left dangling by a deletion, reports it, and still saves other edits', async () => {
    const { service, name } = setup();
    servers.push({ id: 'srv-temp', name: 'Temp', tools: undefined });
    const agent = await service.create({ ...base, name: name('Uses temp'), tools: [{ kind: 'mcp-server', serverId: 'srv-temp' }] });
    expect(await service.usedBy('mcp-server', 'srv-temp')).toEqual([{ id: agent.id, name: agent.name }]);

    // Deleting the server is refused while the agent uses it, unless forced.
    const deleted: string[] = [];
    const handlers = {
      'kb.delete': (async ({ id }) => (deleted.push(id), { deleted: true })) as Handler<'kb.delete'>,
      'mcp.servers.delete': (async ({ id }) => (deleted.push(id), { deleted: true })) as Handler<'mcp.servers.delete'>,
    };
    guardDeletesInUse(service, handlers);
    await expect(handlers['mcp.servers.delete']({ id: 'srv-temp' }, { origin: 'internal' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `The agent "${agent.name}" uses this MCP server.`,
    });
    expect(deleted).toEqual([]);
    await handlers['mcp.servers.delete']({ id: 'srv-temp', force: true }, { origin: 'internal' });
    await handlers['kb.delete']({ id: 'kb-unused' }, { origin: 'internal' });
    expect(deleted).toEqual(['srv-temp', 'kb-unused']);
    servers.pop();

    expect((await service.problems())[agent.id]).toEqual([{ field: 'tools', ref: 'srv-temp:*', message: 'The MCP server srv-temp does not exist (any more).' }]);
    expect((await service.update(agent.id, { description: 'still editable' })).description).toBe('still editable');
    await expect(service.update(agent.id, { tools: [{ kind: 'mcp-server', serverId: 'srv-temp' }, { kind: 'mcp-server', serverId: 'srv-gone' }] })).rejects.toMatchObject({
      issues: [{ path: ['tools', 1] }],
    });
  });

  it('resolves an agent by id, name or unique id prefix', async () => {
    const { service, name } = setup();
    const agent = await service.create({ ...base, name: name('Findable') });
    expect((await service.resolve(agent.id.slice(0, 8))).id).toBe(agent.id);
    expect((await service.resolve(agent.name.toUpperCase())).id).toBe(agent.id);
    await expect(service.resolve('zzzz-none')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
