import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_KEY, type PreloadBridge } from '@shared/wire';
import { useConnection } from './connection';
import { createApiClient } from './create-client';

afterEach(() => {
  delete (window as unknown as Record<string, unknown>)[BRIDGE_KEY];
});

describe('createApiClient', () => {
  it('uses the preload bridge inside Electron and reports an IPC connection', async () => {
    const calls: string[] = [];
    const bridge: PreloadBridge = {
      invoke: async (method) => {
        calls.push(method);
        return { ok: true, result: [] };
      },
      subscribe: () => () => {},
    };
    (window as unknown as Record<string, unknown>)[BRIDGE_KEY] = bridge;
    const api = createApiClient();
    await expect(api.call('agents.list', {})).resolves.toEqual([]);
    expect(calls).toEqual(['agents.list']);
    expect(useConnection.getState()).toEqual({ transport: 'ipc', status: 'connected' });
  });
});
