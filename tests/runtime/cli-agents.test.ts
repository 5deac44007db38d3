import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, AgentRevisionSummary } from '@shared/entities/agent';
import type { Run, Trace } from '@shared/entities/run';
import { defaultResponder, startFakeOllama, type FakeLlm } from '../fakes/index';
import { runCli, tempDataDir } from '../helpers/serve';

type Body = { messages: { role: string; content: string }[]; tools?: { function: { name: string } }[] };

/** `agents show/update/history/restore`, and a following `run` using what `update` gave the agent — the CLI's own engine. */
describe('agent-factory agents update/show/history/restore', () => {
  const dataDir = tempDataDir('af-cli-agents-');
  const docs = join(dataDir, 'docs');
  let fake: FakeLlm;
  const previousHost = process.env.OLLAMA_HOST;
  const ok = async (args: string[]) => {
    const result = await runCli(dataDir, args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  };
  const json = async <T>(args: string[]): Promise<T> => JSON.parse(await ok(args)) as T;
  const lastBody = () => fake.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as Body;

  beforeAll(async () => {
    fake = await startFakeOllama({ respond: defaultResponder });
    process.env.OLLAMA_HOST = fake.url;
    mkdirSync(docs, { recursive: true });
    writeFileSync(join(docs, 'office.md'), '# Office\n\nThe meeting room on the third floor has twelve chairs and a whiteboard.\n');
    await ok(['agents', 'create', '--name', 'Helper', '--model', 'ollama:test-model']);
    await ok(['agents', 'create', '--name', 'Clerk', '--model', 'ollama:test-model', '--system-prompt', 'First prompt']);
    await ok(['kb', 'create', 'Handbook', '--embedder', 'ollama', '--model', 'nomic-embed-text', '--dimensions', '64']);
    await ok(['ingest', 'Handbook', docs]);
  });
  afterAll(async () => {
    await fake.close();
    if (previousHost === undefined) delete process.env.OLLAMA_HOST;
    else process.env.OLLAMA_HOST = previousHost;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('update --tool/--kb/--retrieval/--delegate: the next run gets the tool, the passages and the delegate', async () => {
    const updated = await json<Agent>([
      'agents', 'update', 'clerk', '--tool', 'builtin:current_time', '--kb', 'Handbook', '--retrieval', 'both', '--k', '3', '--delegate', 'Helper', '--system-prompt', 'Second prompt', '--json',
    ]);
    expect(updated).toMatchObject({ revision: 1, tools: [{ kind: 'builtin', name: 'current_time' }], knowledge: { mode: 'both', k: 3 }, systemPrompt: 'Second prompt' });
    expect(updated.knowledgeBaseIds).toHaveLength(1);

    const { run, trace } = await json<{ run: Run; trace: Trace }>(['run', 'clerk', 'How many chairs are in the meeting room?', '--json']);
    expect(run).toMatchObject({ status: 'succeeded', agentRevision: 1 });
    const body = lastBody();
    expect((body.tools ?? []).map((t) => t.function.name).sort()).toEqual(['current_time', 'delegate_to_agent', 'knowledge_search']);
    expect(body.messages[0]!.content).toContain('[1] Office\n');
    expect(body.messages[0]!.content).toContain('twelve chairs');
    expect(trace.events.find((e) => e.type === 'knowledge.retrieved')).toMatchObject({ passages: [expect.objectContaining({ n: 1, kbName: 'Handbook' })] });
  });

  it('refuses an unknown tool or a delegation cycle with the field named', async () => {
    const cycle = await runCli(dataDir, ['agents', 'update', 'helper', '--delegate', 'clerk']);
    expect(cycle.code).toBe(1);
    expect(cycle.stderr).toContain('delegateIds.0: Delegation would go in a circle: Helper → Clerk → Helper');
    const unknown = await runCli(dataDir, ['agents', 'update', 'clerk', '--tool', 'builtin:teleport']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no built-in tool "teleport".');
  });

  it('shows the agent, lists its history and restores an old revision', async () => {
    const shown = await ok(['agents', 'show', 'clerk']);
    expect(shown).toContain('  - builtin:current_time');
    expect(shown).toMatch(/Knowledge:\s+Handbook/);
    expect(shown).toContain('retrieval both, k 3, minimum score 0');
    expect(shown).toMatch(/Delegates:\s+Helper/);

    const history = await ok(['agents', 'history', 'clerk']);
    expect(history).toMatch(/1 \(current\).*Clerk\s+systemPrompt, tools, knowledgeBaseIds, knowledge, delegateIds/);
    expect(history).toMatch(/\n0 .*Clerk\s+created/);
    const listed = await json<AgentRevisionSummary[]>(['agents', 'history', 'clerk', '--json']);
    expect(listed.map((r) => r.revision)).toEqual([1, 0]);

    expect(await ok(['agents', 'restore', 'clerk', '0'])).toContain('Restored "Clerk" to revision 0 (saved as revision 2)');
    const restored = await json<Agent>(['agents', 'show', 'clerk', '--json']);
    expect(restored).toMatchObject({ revision: 2, systemPrompt: 'First prompt', tools: [], knowledgeBaseIds: [], delegateIds: [] });
    await json(['run', 'clerk', 'How many chairs?', '--json']);
    expect(lastBody().tools ?? []).toEqual([]);
    expect(JSON.stringify(lastBody().messages)).not.toContain('twelve chairs');
  });
});
