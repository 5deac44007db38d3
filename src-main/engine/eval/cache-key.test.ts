import { describe, expect, it } from 'vitest';
import { cacheKey, type CacheKeyParts } from './cache-key';

function parts(): CacheKeyParts {
  return {
    agent: {
      name: 'Helper',
      systemPrompt: 'Be brief.',
      model: { provider: 'ollama', model: 'qwen3:4b' },
      temperature: 0.2,
      tools: [{ kind: 'mcp-server', serverId: 'fs' }],
      toolPolicies: { 'fs:write_file': 'deny' },
      knowledge: { mode: 'tool', k: 5, minScore: 0 },
    },
    revision: 3,
    overrides: { temperature: 0 },
    input: 'List the files.',
    attachments: ['sha256:abc'],
    tools: [{ name: 'fs__list_directory', description: 'Lists a directory', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } }],
    mcpServers: [{ name: 'fs', transport: { kind: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp/a'], env: { HOME: '/home/u' } }, secretEnvNames: ['TOKEN'] }],
    kbVersions: { kb1: 'v7' },
    caseMaxSteps: 10,
  };
}

describe('cacheKey', () => {
  it('is a sha256 hex digest, stable for equal parts', () => {
    expect(cacheKey(parts())).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey(parts())).toBe(cacheKey(parts()));
  });

  it('ignores the order of object keys', () => {
    const p = parts();
    const reordered: CacheKeyParts = {
      caseMaxSteps: p.caseMaxSteps,
      kbVersions: p.kbVersions,
      mcpServers: [{ secretEnvNames: ['TOKEN'], transport: { env: { HOME: '/home/u' }, args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp/a'], command: 'npx', kind: 'stdio' }, name: 'fs' }],
      tools: [{ inputSchema: { properties: { path: { type: 'string' } }, type: 'object' }, description: 'Lists a directory', name: 'fs__list_directory' }],
      attachments: p.attachments,
      input: p.input,
      overrides: p.overrides,
      revision: p.revision,
      agent: Object.fromEntries(Object.entries(p.agent).reverse()),
    };
    expect(cacheKey(reordered)).toBe(cacheKey(p));
  });

  it('misses when an MCP server\'s configuration changes (an argument, an env name, the command)', () => {
    const base = cacheKey(parts());
    const arg = parts();
    (arg.mcpServers[0] as { transport: { args: string[] } }).transport.args[2] = '/tmp/b';
    expect(cacheKey(arg)).not.toBe(base);
    const env = parts();
    (env.mcpServers[0] as { secretEnvNames: string[] }).secretEnvNames.push('OTHER');
    expect(cacheKey(env)).not.toBe(base);
    const command = parts();
    (command.mcpServers[0] as { transport: { command: string } }).transport.command = 'node';
    expect(cacheKey(command)).not.toBe(base);
  });

  it('misses when anything else that shapes the answer changes', () => {
    const base = cacheKey(parts());
    const changes: ((p: CacheKeyParts) => void)[] = [
      (p) => ((p.agent as { systemPrompt: string }).systemPrompt = 'Be thorough.'),
      (p) => ((p.agent as { temperature: number }).temperature = 0.3),
      (p) => ((p.agent as { model: { model: string } }).model.model = 'qwen3:8b'),
      (p) => ((p.agent as { toolPolicies: Record<string, string> }).toolPolicies['fs:write_file'] = 'allow'),
      (p) => (p.revision = 4),
      (p) => (p.overrides = { temperature: 0.5 }),
      (p) => (p.input = 'List the files!'),
      (p) => (p.attachments = ['sha256:abd']),
      (p) => (p.tools[0]!.description = 'Lists a folder'),
      (p) => (p.tools[0]!.inputSchema = { type: 'object' }),
      (p) => (p.kbVersions = { kb1: 'v8' }),
      (p) => (p.caseMaxSteps = 11),
      (p) => (p.trial = 2),
    ];
    const keys = changes.map((change) => {
      const p = parts();
      change(p);
      return cacheKey(p);
    });
    for (const key of keys) expect(key).not.toBe(base);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
