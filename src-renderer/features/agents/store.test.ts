import { describe, expect, it } from 'vitest';
import type { MethodName, MethodOutput } from '@shared/api/index';
import type { Agent } from '@shared/entities/agent';
import { MemoryApi } from '../../test/memory-api';
import { agentInput } from '../../test/render';
import { createAgentsStore, sortAgents } from './store';

/** Holds `agents.list` until released, so events can arrive while the list is loading. */
class SlowListApi extends MemoryApi {
  private gate: (() => void) | null = null;
  listRequested = false;

  override async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    if (method !== 'agents.list') return super.call(method, input);
    const result = super.call(method, input);
    this.listRequested = true;
    await new Promise<void>((resolve) => (this.gate = resolve));
    return result;
  }

  release(): void {
    this.gate?.();
  }
}

const names = (agents: Agent[]) => agents.map((a) => a.name);

describe('agents store', () => {
  it('keeps changes that arrive while the list loads', async () => {
    const api = new SlowListApi();
    const kept = await api.call('agents.create', agentInput({ name: 'Kept' }));
    const gone = await api.call('agents.create', agentInput({ name: 'Gone' }));
    const store = createAgentsStore(api);
    store.getState().start();
    expect(api.listRequested).toBe(true);

    // The list was taken before these changes; they arrive as events before it returns.
    await api.call('agents.update', { id: kept.id, patch: { name: 'Kept v2' } });
    await api.call('agents.delete', { id: gone.id });
    await api.call('agents.create', agentInput({ name: 'New' }));
    api.release();
    await new Promise((resolve) => store.subscribe((s) => s.status === 'ready' && resolve(null)));

    expect(names(sortAgents(store.getState().byId))).toEqual(['Kept v2', 'New']);
  });

  it('never replaces a newer revision with an older one', async () => {
    const api = new MemoryApi();
    const store = createAgentsStore(api);
    store.getState().start();
    const created = await store.getState().create(agentInput({ name: 'A' }));
    const updated = await store.getState().update(created.id, { name: 'B' }, created.revision);
    api.emit('agents.changed', { kind: 'upserted', agent: created });
    expect(store.getState().byId[created.id]).toEqual(updated);
  });

  it('subscribes once however often it is started', () => {
    const api = new MemoryApi();
    const store = createAgentsStore(api);
    store.getState().start();
    store.getState().start();
    expect(api.listenerCount('agents.changed')).toBe(1);
  });
});
