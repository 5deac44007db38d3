import { beforeAll, describe, expect, it } from 'vitest';
import type { EvalRunDetail } from '@shared/entities/eval';
import { defaultResponder, reply, type ChatView } from '../fakes/index';
import { useEngineHarness } from '../helpers/engine-harness';

/**
 * Evaluation through the engine's router, with a protocol fake of Ollama whose answers depend on
 * the request (the agent's instructions, or a judge's prompt), so results are known by construction.
 */
describe('evaluation through the engine', () => {
  const respond = (view: ChatView) => {
    const system = view.messages.find((m) => m.role === 'system')?.content ?? '';
    const user = [...view.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    // A judge: pass when the answer under judgement mentions "refund".
    if (/verdict/i.test(system + user)) {
      const answer = /<answer>([\s\S]*?)<\/answer>/.exec(user)?.[1] ?? '';
      const verdict = /refund/i.test(answer) ? 'pass' : 'fail';
      return reply.text(JSON.stringify({ reason: `The answer ${verdict === 'pass' ? 'mentions' : 'does not mention'} refunds.`, verdict }));
    }
    if (user.includes('hang forever')) return reply.text('thinking', { stallAfter: 1 });
    if (system.includes('Answer tersely: nope')) return reply.text('nope');
    return defaultResponder(view);
  };
  const harness = useEngineHarness({ prefix: 'af-eval-', respond, engine: { llmPolicy: { maxRetries: 0 } } });
  const { call } = harness;
  const finished = async (runId: string): Promise<EvalRunDetail> => {
    await harness.engine.evals.wait(runId);
    return call('eval.runs.get', { runId });
  };

  const suite = `# The fake answers "You said: <message>".
name: Echo
targets:
  - agent: Echo bot
cases:
  - id: hello
    input: hello there
    assert:
      - type: contains
        value: hello there
  - id: vars
    input:
      text: "price of {{item}}"
      vars: { item: apples }
    assert:
      - type: icontains
        value: PRICE OF APPLES
      - type: not-contains
        value: bananas
  - id: starts
    input: refund policy?
    assert:
      - type: starts-with
        value: You said
  - id: wrong
    input: what time?
    assert:
      - type: contains
        value: a word the fake never says
  - id: wrong-too
    input: anything
    assert:
      - type: equals
        value: something else entirely
`;

  beforeAll(async () => {
    await call('agents.create', { name: 'Echo bot', model: { provider: 'ollama', model: 'test-model' }, memory: { enabled: false } });
  });

  it('imports a suite and reports exactly the cases that pass and fail by construction', async () => {
    const imported = await call('eval.suites.import', { content: suite });
    expect(imported).toMatchObject({ name: 'Echo', kind: 'agent', format: 'yaml', caseCount: 5, version: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const run = await call('eval.run', { suite: 'Echo' });
    const detail = await finished(run.id);
    expect(detail.status).toBe('completed');
    expect(detail.summary).toMatchObject({ total: 5, passed: 3, failed: 2, errors: 0, passRate: 0.6, flaky: 0 });
    const wrong = detail.cases.find((c) => c.caseId === 'wrong')!;
    expect(wrong).toMatchObject({ status: 'failed', output: 'You said: what time?', agentRunId: expect.any(String) });
    expect(wrong.assertions[0]).toMatchObject({ pass: false, reason: expect.stringMatching(/a word the fake never says/) });
    expect(detail.cases.find((c) => c.caseId === 'vars')!.input).toBe('price of apples');
    // Eval runs stay out of the chat's threads.
    expect(await call('threads.list', {})).toEqual([]);
  });

  it('answers again from the cache, and runs again with noCache', async () => {
    const before = harness.fake.chats.length;
    const cachedRun = await finished((await call('eval.run', { suite: 'Echo' })).id);
    expect(harness.fake.chats.length).toBe(before);
    expect(cachedRun.cases.every((c) => c.cached)).toBe(true);
    expect(cachedRun.summary).toMatchObject({ passed: 3, failed: 2 });
    const fresh = await finished((await call('eval.run', { suite: 'Echo', noCache: true })).id);
    expect(harness.fake.chats.length).toBe(before + 5);
    expect(fresh.cases.some((c) => c.cached)).toBe(false);
  });

  it('reports an unreachable provider as infrastructure errors, not failed cases', async () => {
    const agent = await call('agents.create', { name: 'Offline bot', model: { provider: 'openai-compatible', model: 'x' }, memory: { enabled: false } });
    await call('settings.update', { patch: { providers: { ...(await call('settings.get', {})).settings.providers, openaiCompatible: { baseUrl: 'http://127.0.0.1:9/v1' } } } });
    const run = await finished((await call('eval.run', { suite: 'Echo', targets: [{ agent: agent.name }], noCache: true })).id);
    expect(run.summary).toMatchObject({ total: 5, passed: 0, failed: 0, errors: 5 });
    expect(run.cases.every((c) => c.status === 'error' && c.errorKind === 'infrastructure')).toBe(true);
  });

  it('judges with an llm-rubric through the model, by majority of samples', async () => {
    await call('eval.suites.import', {
      content: JSON.stringify({
        name: 'Judged',
        targets: [{ agent: 'Echo bot' }],
        judge: { model: { provider: 'ollama', model: 'judge-model' } },
        cases: [
          { id: 'mentions-refund', input: 'refund please', assert: [{ type: 'llm-rubric', value: 'The answer talks about refunds.', samples: 3 }] },
          { id: 'no-refund', input: 'hello', assert: [{ type: 'llm-rubric', value: 'The answer talks about refunds.', samples: 3 }] },
        ],
      }),
    });
    const run = await finished((await call('eval.run', { suite: 'Judged' })).id);
    expect(run.summary).toMatchObject({ passed: 1, failed: 1, errors: 0 });
    const judged = run.cases.find((c) => c.caseId === 'mentions-refund')!;
    expect(judged.assertions[0]).toMatchObject({ pass: true, score: 1, reason: expect.stringMatching(/mentions refunds/) });
    expect(harness.fake.chats.filter((c) => c.model === 'judge-model').length).toBe(6);
  });

  it('compares two revisions of an agent: the changed one regresses, with McNemar and the differences', async () => {
    const agent = await call('agents.get', { id: (await call('agents.list', {})).find((a) => a.name === 'Echo bot')!.id });
    await call('agents.update', { id: agent.id, patch: { systemPrompt: 'Answer tersely: nope' } });
    const matrix = await finished(
      (await call('eval.run', { suite: 'Echo', targets: [{ agent: 'Echo bot', revision: agent.revision }, { agent: 'Echo bot' }] })).id,
    );
    expect(Object.keys(matrix.summary!.byTarget)).toEqual([`Echo bot@${agent.revision}`, `Echo bot@${agent.revision + 1}`]);
    // Two runs of one target each pair by case id, whatever their labels (Echo bot@0, Echo bot@1).
    const a = await finished((await call('eval.run', { suite: 'Echo', targets: [{ agent: 'Echo bot', revision: agent.revision }] })).id);
    const b = await finished((await call('eval.run', { suite: 'Echo', targets: [{ agent: 'Echo bot' }] })).id);
    const comparison = await call('eval.compare', { a: a.id, b: b.id.slice(0, 8) });
    expect(comparison.cases.slice(0, 3).map((c) => [c.caseId, c.change])).toEqual([
      ['hello', 'regressed'],
      ['starts', 'regressed'],
      ['vars', 'regressed'],
    ]);
    expect(comparison.cases.filter((c) => c.change === 'unchanged').map((c) => c.caseId).sort()).toEqual(['wrong', 'wrong-too']);
    expect(comparison.passRate).toEqual({ a: 0.6, b: 0, diff: -0.6 });
    expect(comparison.mcnemar).toMatchObject({ onlyA: 3, onlyB: 0, significant: false });
    expect(comparison.bootstrap.high).toBeLessThan(0);
  });

  it('saves a chat run as a test case: its input, its answer as expected, the tools it called', async () => {
    await call('agents.create', { name: 'Clock bot', model: { provider: 'ollama', model: 'test-model' }, tools: [{ kind: 'builtin', name: 'current_time' }], memory: { enabled: false } });
    const chat = await call('runs.start', { agent: 'Clock bot', input: 'What time is it?' });
    await harness.engine.runs.waitFor(chat.id);
    const saved = await call('eval.saveCase', { runId: chat.id, suite: 'Echo' });
    expect(saved.caseId).toBe('what-time-is-it');
    expect(saved.suite.caseCount).toBe(6);
    expect(saved.suite.content.startsWith('# The fake answers')).toBe(true);
    expect(saved.suite.content).toMatch(/- id: what-time-is-it[\s\S]*type: tool-called[\s\S]*name: current_time/);
    const created = await call('eval.saveCase', { runId: chat.id, suite: 'From chat', create: true });
    expect(created.suite).toMatchObject({ name: 'From chat', caseCount: 1 });
  });

  it('cancels a run: cases going on are stopped and leave no result', async () => {
    await call('eval.suites.import', { content: JSON.stringify({ name: 'Hangs', targets: [{ agent: 'Echo bot' }], cases: [{ id: 'quick', input: 'hi', assert: [] }, { id: 'stuck', input: 'hang forever', assert: [] }] }) });
    const run = await call('eval.run', { suite: 'Hangs', concurrency: 2, noCache: true });
    await expect.poll(async () => (await call('eval.runs.get', { runId: run.id })).progress.done, { timeout: 10_000 }).toBe(1);
    const cancelled = await call('eval.cancel', { runId: run.id });
    expect(cancelled.status).toBe('cancelled');
    const detail = await call('eval.runs.get', { runId: run.id });
    expect(detail.cases.map((c) => c.caseId)).toEqual(['quick']);
  });

  it('refuses a broken suite with the line and column of each problem', async () => {
    const broken = 'name: Broken\ncases:\n  - input: hi\n    assert:\n      - type: containz\n        value: x\n';
    const check = await call('eval.suites.validate', { content: broken });
    expect(check.ok).toBe(false);
    expect(check.issues[0]).toMatchObject({ line: 5, column: expect.any(Number) });
    await expect(call('eval.suites.import', { content: broken })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/line 5/) });
    expect((await call('eval.suites.list', {})).map((s) => s.name)).not.toContain('Broken');
  });

  it('scores a retrieval suite: recall@k, MRR and nDCG@k per mode', async () => {
    await harness.knowledgeBase('Help center', {
      'billing.md': '# Billing\n\nRefunds are paid back within 14 days to the original card.\n',
      'shipping.md': '# Shipping\n\nParcels leave the warehouse every weekday at noon.\n',
    });
    await call('eval.suites.import', {
      content: JSON.stringify({
        name: 'Help search',
        kind: 'retrieval',
        kb: 'Help center',
        k: 2,
        modes: ['keyword', 'hybrid'],
        cases: [
          { id: 'refunds', query: 'refunds paid back card', relevant: ['billing.md'], tags: ['billing'] },
          { id: 'parcels', query: 'when do parcels leave the warehouse', relevant: ['every weekday at noon'], tags: ['shipping'] },
        ],
      }),
    });
    const run = await finished((await call('eval.run', { suite: 'Help search' })).id);
    expect(run.status).toBe('completed');
    expect(run.summary?.metrics).toMatchObject({ 'recall@2': 1, mrr: 1, 'ndcg@2': 1, 'keyword.recall@2': 1, 'hybrid.mrr': 1, 'tag:billing.recall@2': 1 });
    expect(run.cases.map((c) => `${c.caseId}/${c.target}/${c.status}`).sort()).toEqual(['parcels/hybrid/passed', 'parcels/keyword/passed', 'refunds/hybrid/passed', 'refunds/keyword/passed']);
  }, 120_000);

  it('sets up the app’s guide as a knowledge base with sample suites, and its retrieval suite finds the answers', async () => {
    const guide = await call('eval.guide.setup', {});
    expect(guide).toMatchObject({ agent: 'Guide helper', suites: ['Guide retrieval (sample)', 'Guide answers (sample)'] });
    await expect.poll(async () => (await call('kb.jobs', { kbId: guide.kbId })).every((j) => j.status === 'done'), { timeout: 90_000, interval: 500 }).toBe(true);
    const kb = await call('kb.get', { id: guide.kbId });
    expect(kb.counts.documents).toBeGreaterThanOrEqual(1);
    const run = await finished((await call('eval.run', { suite: 'Guide retrieval (sample)' })).id);
    expect(run.status).toBe('completed');
    // The sample questions are answered by phrases of the README: hybrid search finds (nearly) all of them.
    expect(run.summary!.metrics!['hybrid.recall@5']).toBeGreaterThanOrEqual(0.8);
    expect(run.summary!.metrics).toHaveProperty('keyword.ndcg@5');
    // Calling it again refreshes, it does not duplicate.
    await call('eval.guide.setup', {});
    expect((await call('kb.list', {})).filter((b) => b.name === 'Agent Factory guide')).toHaveLength(1);
    expect((await call('agents.list', {})).filter((a) => a.name === 'Guide helper')).toHaveLength(1);
  }, 180_000);
});
