import { describe, expect, it } from 'vitest';
import type { MethodName, MethodOutput } from '@shared/api/index';
import { AppError } from '@shared/errors';
import { createMcpStore, sortServers, type McpState } from './store';
import { McpMemoryApi } from './test-api';
import type { StoreApi } from 'zustand/vanilla';

/** Holds `mcp.servers.list` until released, so events can arrive while the list is loading. */
class SlowListApi extends McpMemoryApi {
  private gate: (() => void) | null = null;

  override async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    if (method !== 'mcp.servers.list') return super.call(method, input);
    const result = super.call(method, input);
    await new Promise<void>((resolve) => (this.gate = resolve));
    return result;
  }

  release(): void {
    this.gate?.();
  }
}

const stdio = (name: string) => ({ name, transport: { type: 'stdio' as const, command: 'node' } });
const until = (store: StoreApi<McpState>, predicate: (s: McpState) => boolean) =>
  new Promise<void>((resolve) => {
    if (predicate(store.getState())) return resolve();
    const stop = store.subscribe((s) => {
      if (predicate(s)) {
        stop();
        resolve();
      }
    });
  });

describe('MCP store', () => {
  it('keeps state changes that arrive while the list loads', async () => {
    const api = new SlowListApi();
    const a = api.addServer(stdio('a'));
    const store = createMcpStore(api);
    store.getState().start();
    api.setState(a.server.id, 'starting');
    api.setState(a.server.id, 'ready', { toolCount: 3 });
    api.release();
    await until(store, (s) => s.status === 'ready');
    expect(store.getState().byId[a.server.id]?.status).toMatchObject({
      state: 'ready',
      toolCount: 3,
    });
  });

  it('follows state events and never goes back to an older status', async () => {
    const api = new McpMemoryApi();
    const a = api.addServer(stdio('a'));
    const store = createMcpStore(api);
    store.getState().start();
    await until(store, (s) => s.status === 'ready');
    const ready = api.setState(a.server.id, 'ready');
    api.emit('mcp.server.state', { ...a.status, state: 'starting' });
    expect(store.getState().byId[a.server.id]?.status).toEqual(ready);
  });

  it('fetches a server it learns of from an event (created elsewhere)', async () => {
    const api = new McpMemoryApi();
    const store = createMcpStore(api);
    store.getState().start();
    await until(store, (s) => s.status === 'ready');
    api.addServer(stdio('from the CLI'));
    await until(store, (s) => Object.keys(s.byId).length === 1);
    expect(sortServers(store.getState().byId).map((v) => v.server.name)).toEqual(['from the CLI']);
    expect(api.calls.filter((c) => c.method === 'mcp.servers.get')).toHaveLength(1);
  });

  it('queues approval requests and drops one that is no longer waiting', async () => {
    const api = new McpMemoryApi();
    const store = createMcpStore(api);
    store.getState().start();
    const base = {
      kind: 'tool-call' as const,
      serverId: 's',
      serverName: 'S',
      tool: 't',
      namespacedName: 'S__t',
      description: '',
      input: { a: 1 },
      reason: 'policy' as const,
      hash: 'h',
    };
    const first = api.ask(base);
    void api.ask({ ...base, tool: 'u' });
    expect(store.getState().approvals.map((r) => (r.kind === 'tool-call' ? r.tool : ''))).toEqual([
      't',
      'u',
    ]);

    await store.getState().respond(store.getState().approvals[0]!.id, 'allow-once');
    expect(await first).toBe('allow-once');
    api.emit('mcp.approval.requested', { ...store.getState().approvals[0]!, id: 'gone' });
    await store.getState().respond('gone', 'deny');
    expect(store.getState().approvals).toHaveLength(1);
  });

  it('keeps why a start failed, but not a start cancelled by a stop', async () => {
    const api = new McpMemoryApi();
    const a = api.addServer(stdio('a'));
    const store = createMcpStore(api);
    store.getState().start();
    await until(store, (s) => s.status === 'ready');
    api.failNext('mcp.servers.start', new AppError('CONFIG', 'Needs the secret "x".'));
    await store.getState().control(a.server.id, 'start');
    expect(store.getState().actionErrors[a.server.id]?.message).toBe('Needs the secret "x".');
    api.failNext('mcp.servers.start', new AppError('CANCELLED', 'Stopped while starting.'));
    await store.getState().control(a.server.id, 'start');
    expect(store.getState().actionErrors[a.server.id]).toBeUndefined();
    expect(store.getState().pending[a.server.id]).toBeUndefined();
  });

  it('forgets a server that a call says is gone', async () => {
    const api = new McpMemoryApi();
    const a = api.addServer(stdio('a'));
    const store = createMcpStore(api);
    store.getState().start();
    await until(store, (s) => s.status === 'ready');
    api.servers.delete(a.server.id);
    await store.getState().control(a.server.id, 'stop');
    expect(store.getState().byId).toEqual({});
  });
});
