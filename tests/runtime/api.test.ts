import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, MethodInput, MethodName, MethodOutput } from '@shared/api/index';
import type { AppError } from '@shared/errors';
import { unwrapResult } from '@shared/wire';
import { createEngine, type Engine } from '../../src-main/engine/engine';
import { createRouter, type Router } from '../../src-main/transport/router';
import { reply, startFakeOllama, type FakeLlm } from '../fakes/index';

/** The runs, memory and agent-library methods through the engine's router, as every transport calls them. */
describe('runs, memory and templates API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'af-runs-api-'));
  let fake: FakeLlm;
  let engine: Engine;
  let router: Router;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    unwrapResult(await router.dispatch(method, input, { origin: 'internal' }));
  const failure = async (p: Promise<unknown>): Promise<AppError> => p.then(() => { throw new Error('expected a failure'); }, (e: AppError) => e);

  beforeAll(async () => {
    fake = await startFakeOllama();
    engine = await createEngine({ dataDir, mode: 'headless', version: 'test', store: { kind: 'pglite-memory' }, env: { OLLAMA_HOST: fake.url } });
    router = createRouter(engine.handlers);
  });
  afterAll(async () => {
    await engine?.close();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates agents from templates, and exports and imports them', async () => {
    const templates = await call('agents.templates', {});
    expect(templates.map((t) => t.id)).toContain('memory-keeper');
    const keeper = await call('agents.createFromTemplate', { templateId: 'memory-keeper' });
    expect(keeper.tools).toContainEqual({ kind: 'builtin', name: 'remember' });
    const { fileName, json } = await call('agents.export', { id: keeper.id });
    expect(fileName).toBe('memory-keeper.agent.json');
    const copy = await call('agents.import', { json });
    expect(copy).toMatchObject({ name: 'Memory Keeper 2', systemPrompt: keeper.systemPrompt, tools: keeper.tools });
    expect(await failure(call('agents.import', { json: '[]' }))).toMatchObject({ code: 'VALIDATION' });
    expect((await call('runs.builtinTools', {})).map((t) => t.name).sort()).toEqual(['current_time', 'delegate_to_agent', 'knowledge_search', 'recall', 'remember']);
  });

  it('starts a run, follows it live, and reads it back', async () => {
    const agent = await call('agents.create', { name: 'Api runner', model: { provider: 'ollama', model: 'test-model' } });
    const statuses: EventPayload<'run.status'>[] = [];
    engine.bus.subscribe('run.status', (r) => statuses.push(r));
    fake.script(reply.text('Hello from the API'));
    const started = await call('runs.start', { agent: 'api runner', input: 'Hi' });
    expect(started).toMatchObject({ status: 'running', agentId: agent.id, input: 'Hi' });
    await expect.poll(() => statuses.find((r) => r.id === started.id && r.status === 'succeeded')).toBeDefined();
    expect(await call('runs.get', { runId: started.id })).toMatchObject({ status: 'succeeded', output: 'Hello from the API' });
    expect((await call('runs.list', { agentId: agent.id })).map((r) => r.id)).toEqual([started.id]);
    expect((await call('runs.list', { agentId: 'Api runner', parentRunId: null })).map((r) => r.id)).toEqual([started.id]);
    expect((await call('runs.trace', { runId: started.id })).events.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    expect((await call('runs.messages', { runId: started.id })).map((m) => m.message.role)).toEqual(['user', 'assistant']);
    expect(await call('runs.cancel', { runId: started.id })).toMatchObject({ status: 'succeeded' });
    expect(await failure(call('runs.approve', { runId: started.id, callId: 'x', decision: 'allow' }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses bad input with typed errors and starts nothing', async () => {
    const before = (await call('runs.list', {})).length;
    expect(await failure(call('runs.start', { agent: 'api runner', input: '   ' }))).toMatchObject({ code: 'VALIDATION', issues: [{ path: ['input'] }] });
    expect(await failure(call('runs.start', { agent: 'nobody', input: 'Hi' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(call('runs.start', { agent: 'api runner', input: 'Hi', options: { maxSteps: 0 } }))).toMatchObject({ code: 'VALIDATION' });
    expect(await failure(call('runs.get', { runId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await call('runs.list', {})).length).toBe(before);
  });

  it('adds, searches and deletes memories with the local embedder, publishing each change', async () => {
    const agent = await call('agents.create', { name: 'Rememberer', model: { provider: 'ollama', model: 'test-model' } });
    const changes: EventPayload<'memory.changed'>[] = [];
    engine.bus.subscribe('memory.changed', (c) => changes.push(c));
    const tea = await call('memory.add', { agentId: agent.id, text: 'Prefers green tea in the morning.' });
    await call('memory.add', { agentId: agent.id, text: 'Has a dog called Rex.' });
    const found = await call('memory.list', { agentId: agent.id, query: 'What does the user drink?' });
    expect(found[0]).toMatchObject({ id: tea.id, embedder: 'local:q4/all-MiniLM-L6-v2' });
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score!);
    expect(await call('memory.delete', { id: tea.id })).toEqual({ deleted: true });
    expect(changes.map((c) => c.kind)).toEqual(['added', 'added', 'deleted']);
    expect(await failure(call('memory.add', { agentId: agent.id, text: '' }))).toMatchObject({ code: 'VALIDATION' });
    expect(await failure(call('memory.list', { agentId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await call('memory.conversation', { agentId: agent.id })).toEqual({ agentId: agent.id, summary: null, turns: [], tokens: 0 });
  });
});
