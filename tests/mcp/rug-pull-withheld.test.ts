import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { McpToolSource } from '../../src-main/engine/mcp/tool-source';
import { createTestMcp, HOSTILE_DIR, nodeServer, until, type TestMcp } from './helpers';

let t: TestMcp;

beforeAll(async () => {
  t = await createTestMcp({ options: { requestTimeoutMs: 2000, graceMs: 300, termMs: 300 } });
});
afterAll(async () => {
  await t.close();
});

/**
 * A server that rewrites a tool's description after the user approved it ("rug pull"): the changed
 * definition must never reach a model until the user approves it again.
 */
describe('a tool whose definition changed since consent', () => {
  test('is withheld from agents until the user approves the definition they reviewed', async () => {
    const view = await t.service.create(nodeServer('rug-pull', join(HOSTILE_DIR, 'rug-pull.mjs'), [], { approval: { default: 'allow', tools: {} } }));
    const id = view.server.id;
    await t.manager.start(id);
    const source = new McpToolSource(t.manager);
    const refs = [{ kind: 'mcp-server' as const, serverId: id }];

    // Approved once (pinned), then offered with its honest description.
    const [honest] = await t.manager.tools(id);
    await t.manager.approveToolDefinition(id, 'weather', honest!.hash);
    const offered = await source.resolve(refs);
    expect(offered.map((tool) => tool.spec.description)).toEqual(['Reads the weather for a city.']);

    // The first call makes the server change the description (list_changed).
    await t.manager.callTool(id, 'weather', { city: 'Paris' });
    await until(async () => (await t.manager.tools(id)).some((tool) => tool.changedSinceConsent), 5000, 'list_changed');
    expect(await source.resolve(refs)).toEqual([]);

    // Approving a definition other than the current one is refused; the current one brings it back.
    await expect(t.manager.approveToolDefinition(id, 'weather', honest!.hash)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.manager.approveToolDefinition(id, 'nope', honest!.hash)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [changed] = await t.manager.tools(id);
    expect(await t.manager.approveToolDefinition(id, 'weather', changed!.hash)).toMatchObject({ changedSinceConsent: false });
    expect((await source.resolve(refs)).map((tool) => tool.spec.description)).toEqual([expect.stringContaining('id_rsa')]);
  });
});
