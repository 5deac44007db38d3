import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors';
import type { PreloadBridge } from '../ipc';
import type { CallResult } from '../wire';
import { createIpcClient } from './ipc-client';

/** Stands in for the preload bridge, which only exists inside Electron. */
function bridge(invoke: (method: string, input: unknown) => Promise<CallResult>) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const subscribe = vi.fn((event: string, listener: (payload: unknown) => void) => {
    listeners.set(event, listener);
    return () => listeners.delete(event);
  });
  const fake: PreloadBridge = { invoke, subscribe };
  return {
    fake,
    subscribe,
    emit: (event: string, payload: unknown) => listeners.get(event)?.(payload),
    listeners,
  };
}

describe('IPC client', () => {
  it('returns results and throws typed errors', async () => {
    const { fake } = bridge(async (method) =>
      method === 'agents.list'
        ? { ok: true, result: [] }
        : {
            ok: false,
            error: { code: 'CONFLICT', message: 'Changed elsewhere.', hint: 'Reload.' },
          },
    );
    const api = createIpcClient(fake);
    await expect(api.call('agents.list', {})).resolves.toEqual([]);
    const error = await api.call('agents.delete', { id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'CONFLICT', hint: 'Reload.' });
  });

  it('rejects a result that does not match the contract', async () => {
    const api = createIpcClient(bridge(async () => ({ ok: true, result: [{ id: 1 }] })).fake);
    await expect(api.call('agents.list', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('turns a failing bridge into UNAVAILABLE', async () => {
    const api = createIpcClient(bridge(() => Promise.reject(new Error('channel closed'))).fake);
    await expect(api.call('agents.list', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('shares one bridge subscription per event and drops malformed payloads', () => {
    const { fake, subscribe, emit, listeners } = bridge(async () => ({ ok: true, result: null }));
    const api = createIpcClient(fake);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = api.subscribe('agents.changed', (p) => a.push(p));
    const stopB = api.subscribe('agents.changed', (p) => b.push(p));
    expect(subscribe).toHaveBeenCalledTimes(1);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    emit('agents.changed', { kind: 'deleted' });
    warn.mockRestore();
    emit('agents.changed', { kind: 'deleted', id: 'a1' });
    expect(a).toEqual([{ kind: 'deleted', id: 'a1' }]);
    expect(b).toEqual(a);

    stopA();
    expect(listeners.has('agents.changed')).toBe(true);
    stopB();
    expect(listeners.has('agents.changed')).toBe(false);
  });
});
