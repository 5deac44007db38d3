import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '@shared/errors';
import { createBus } from '../bus/bus';
import { openStore } from '../store/index';
import type { Store } from '../store/types';
import { AGENT_FILE_FORMAT, exportAgent, importAgent, parseAgentFile } from './export';
import { AgentService } from './service';

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
}

const definition = {
  name: 'Exporter',
  description: 'Goes places',
  systemPrompt: 'Be brief.',
  model: { provider: 'anthropic' as const, model: 'claude-x' },
  temperature: 0.3,
  tags: ['travel'],
  tools: [{ kind: 'builtin' as const, name: 'current_time' }, { kind: 'mcp-tool' as const, serverId: 'fs', tool: 'read_file' }],
  knowledgeBaseIds: ['kb-1'],
  toolPolicies: { 'fs:read_file': 'ask' as const },
  knowledge: { mode: 'both' as const, k: 4, minScore: 0.2 },
  memory: { enabled: false, budgetTokens: 1000 },
};

describe('agent export and import', () => {
  let store: Store;
  let agents: AgentService;
  beforeAll(async () => {
    store = await openStore({ kind: 'pglite-memory' });
    agents = new AgentService(store.db, createBus());
  });
  afterAll(() => store.close());

  it('round-trips an agent through a versioned JSON file', async () => {
    const created = await agents.create(definition);
    const agent = await agents.update(created.id, { description: 'Goes places' });
    const { fileName, json } = exportAgent(agent);
    expect(fileName).toBe('exporter.agent.json');
    const parsed = JSON.parse(json);
    expect(parsed).toMatchObject({ format: AGENT_FILE_FORMAT, version: 1, revision: 1, agent: definition });
    expect(parsed.agent.id).toBeUndefined();
    const imported = await importAgent(agents, json);
    expect(imported.id).not.toBe(agent.id);
    expect(imported).toMatchObject({ ...definition, name: 'Exporter 2' });
    expect((await importAgent(agents, json, 'Renamed')).name).toBe('Renamed');
  });

  it('refuses bad files with clear errors and creates nothing', async () => {
    const before = (await agents.list()).length;
    expect(failure(() => parseAgentFile('{nope'))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('not valid JSON') });
    expect(failure(() => parseAgentFile('{"format":"other","version":1}'))).toMatchObject({ message: expect.stringContaining('not an Agent Factory agent file') });
    expect(failure(() => parseAgentFile(JSON.stringify({ format: AGENT_FILE_FORMAT, version: 7, agent: {} })))).toMatchObject({
      message: expect.stringContaining('newer Agent Factory'),
      hint: expect.stringContaining('Update'),
    });
    const badField = failure(() => parseAgentFile(JSON.stringify({ format: AGENT_FILE_FORMAT, version: 1, agent: { ...definition, temperature: 9 } })));
    expect(badField).toMatchObject({ code: 'VALIDATION', issues: [{ path: ['agent', 'temperature'] }] });
    await expect(importAgent(agents, JSON.stringify({ format: AGENT_FILE_FORMAT, version: 1, agent: { name: '' } }))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await agents.list()).length).toBe(before);
  });

  it('upgrades older versions step by step through the upgrade chain', () => {
    // A version-0 file kept the prompt in "instructions"; the upgrade to 1 renames it.
    const upgrades = { 0: ({ agent, ...rest }: Record<string, unknown>) => {
      const { instructions, ...fields } = agent as Record<string, unknown>;
      return { ...rest, agent: { ...fields, systemPrompt: instructions } };
    } };
    const old = JSON.stringify({ format: AGENT_FILE_FORMAT, version: 0, agent: { name: 'Old', model: definition.model, instructions: 'Legacy prompt' } });
    expect(parseAgentFile(old, upgrades).agent).toMatchObject({ name: 'Old', systemPrompt: 'Legacy prompt' });
    expect(failure(() => parseAgentFile(old))).toMatchObject({ message: expect.stringContaining('version 0 can no longer be read') });
  });
});
