import { describe, expect, it } from 'vitest';
import type { MethodName, MethodOutput } from '@shared/api/index';
import { agentInput } from '../../test/render';
import { createRunsStore, type RunsState } from './store';
import { RunsTestApi } from './test-api';

/** Holds `runs.trace` until released, so live events can arrive while the trace loads. */
class SlowTraceApi extends RunsTestApi {
  private gate: (() => void) | null = null;
  override async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    if (method !== 'runs.trace' || !this.holding) return super.call(method, input);
    const result = super.call(method, input);
    await new Promise<void>((resolve) => (this.gate = resolve));
    return result;
  }
  holding = true;
  release(): void {
    this.holding = false;
    this.gate?.();
  }
}

const until = (store: ReturnType<typeof createRunsStore>, check: (s: RunsState) => boolean) =>
  new Promise<void>((resolve) => {
    if (check(store.getState())) return resolve();
    const stop = store.subscribe((s) => {
      if (check(s)) {
        stop();
        resolve();
      }
    });
  });

async function setup<A extends RunsTestApi>(api: A) {
  const agent = await api.call('agents.create', agentInput());
  const store = createRunsStore(api, { flushMs: 1 });
  store.getState().start();
  return { api, agent, store };
}

describe('runs store', () => {
  it('keeps each event once, in order, when live events arrive while the trace loads', async () => {
    const { api, agent, store } = await setup(new SlowTraceApi());
    const run = await store.getState().startRun(agent.id, 'Hi');
    api.stream(run.id, 1, 'one two three');
    api.release();
    await until(store, (s) => s.traces[run.id]?.status === 'ready');
    api.finish(run.id, 'succeeded', { output: 'one two three' });
    await until(store, (s) => s.events[run.id]?.at(-1)?.type === 'run.finished');

    const seqs = store.getState().events[run.id]!.map((e) => e.seq);
    expect(seqs).toEqual(api.events.get(run.id)!.map((e) => e.seq));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(store.getState().runs[run.id]?.status).toBe('succeeded');
  });

  it('follows the runs a watched run delegates to, and ignores other runs', async () => {
    const { api, agent, store } = await setup(new RunsTestApi());
    const run = await store.getState().startRun(agent.id, 'Delegate');
    await until(store, (s) => s.traces[run.id]?.status === 'ready');
    const child = api.addRun({ agentId: agent.id, parentRunId: run.id, input: 'Sub-task' });
    api.emitEvent(child.id, { type: 'text.delta', step: 1, text: 'from the child' });
    const other = api.addRun({ agentId: agent.id, input: 'Unrelated' });
    api.emitEvent(other.id, { type: 'text.delta', step: 1, text: 'elsewhere' });
    await until(store, (s) => !!s.events[child.id]);
    expect(store.getState().events[child.id]!.map((e) => e.type)).toEqual(['text.delta']);
    expect(store.getState().events[other.id]).toBeUndefined();
  });

  it('lists an agent’s top-level runs newest first, adds new ones live, and pages back', async () => {
    const { api, agent, store } = await setup(new RunsTestApi());
    const older = Array.from({ length: 3 }, (_, i) =>
      api.addRun({ agentId: agent.id, input: `old ${i}` }),
    );
    api.addRun({ agentId: 'someone-else', input: 'not this agent' });
    api.addRun({ agentId: agent.id, parentRunId: older[0]!.id, input: 'a child' });
    const paged = createRunsStore(api, { flushMs: 1, pageSize: 2 });
    paged.getState().start();
    await paged.getState().loadHistory(agent.id);
    const inputs = () =>
      paged.getState().history[agent.id]!.ids.map((id) => paged.getState().runs[id]!.input);
    expect(inputs()).toEqual(['old 2', 'old 1']);
    expect(paged.getState().history[agent.id]!.more).toBe(true);
    await paged.getState().loadHistory(agent.id, true);
    expect(inputs()).toEqual(['old 2', 'old 1', 'old 0']);

    await api.call('runs.start', { agent: agent.id, input: 'started elsewhere' });
    expect(inputs()[0]).toBe('started elsewhere');
    expect(store.getState().history[agent.id]).toBeUndefined();
  });

  it('answers approvals and cancels, taking over the run record', async () => {
    const { api, agent, store } = await setup(new RunsTestApi());
    const run = await store.getState().startRun(agent.id, 'Use a tool');
    api.requestTool(run.id, 1, 'c1', 'search', { q: 'x' }, 'required');
    await until(store, (s) => s.runs[run.id]?.status === 'waiting_approval');
    const approved = await store.getState().approve(run.id, 'c1', 'allow_for_run');
    expect(approved.pendingApprovals).toEqual([]);
    expect(api.calls.at(-1)).toEqual({
      method: 'runs.approve',
      input: { runId: run.id, callId: 'c1', decision: 'allow_for_run' },
    });
    await store.getState().cancel(run.id);
    expect(store.getState().runs[run.id]?.status).toBe('cancelled');
  });

  it('drops the oldest finished traces beyond its limit, never one still going on', async () => {
    const api = new RunsTestApi();
    const store = createRunsStore(api, { flushMs: 1, maxTraces: 2 });
    store.getState().start();
    const going = api.addRun({ input: 'going on' });
    const done = [1, 2].map((i) =>
      api.addRun({ input: `done ${i}`, status: 'succeeded', finishedAt: new Date().toISOString() }),
    );
    for (const run of [going, ...done]) {
      api.emitEvent(run.id, { type: 'text.delta', step: 1, text: run.input });
      await store.getState().watch(run.id);
    }
    expect(Object.keys(store.getState().traces).sort()).toEqual([going.id, done[1]!.id].sort());
    expect(store.getState().events[done[0]!.id]).toBeUndefined();
  });
});
