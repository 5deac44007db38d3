import { expect, test } from 'vitest';
import type { McpServer } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import { describeStores } from '../../../tests/helpers/stores';
import { createBus } from '../bus/bus';
import { createMcp } from './index';
import { DrizzleMcpServerRepository } from './repository';

const server = (id: string, name: string): McpServer => ({
  id,
  name,
  transport: { type: 'stdio', command: 'npx', args: ['-y', 'pkg', 'a b'], env: { K: 'v' } },
  enabled: true,
  autoStart: false,
  approval: { default: 'ask', tools: { read: 'allow' } },
  secretEnv: { TOKEN: 'gh.token' },
  secretHeaders: {},
  roots: ['/data'],
  toolTimeoutMs: 5000,
  consent: { launch: 'abc', tools: { read: 'h1' } },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
});

describeStores('DrizzleMcpServerRepository', ({ store }) => {
  test('upsert, get, list by name, update in place, delete', async () => {
    const repo = new DrizzleMcpServerRepository(store().db);
    expect(await repo.upsert(server('1', 'zeta'))).toEqual(server('1', 'zeta'));
    await repo.upsert(server('2', 'Alpha'));
    expect((await repo.list()).map((s) => s.name)).toEqual(['Alpha', 'zeta']);
    const changed = {
      ...server('1', 'zeta'),
      transport: {
        type: 'http' as const,
        url: 'https://x.example/mcp',
        headers: {},
        fallbackToSse: false,
      },
    };
    await repo.upsert(changed);
    expect(await repo.get('1')).toEqual(changed);
    expect(await repo.delete('1')).toBe(true);
    expect(await repo.delete('1')).toBe(false);
    expect(await repo.get('1')).toBeUndefined();
  });

  test('a name used by another server (any case) is a CONFLICT', async () => {
    const repo = new DrizzleMcpServerRepository(store().db);
    await repo.upsert(server('3', 'Files'));
    const error = await repo.upsert(server('4', 'files')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect(await repo.get('4')).toBeUndefined();
  });

  test('a server created through one engine is loaded, with its consent, by the next', async () => {
    const bus = createBus();
    const first = await createMcp({ db: store().db, bus });
    const view = await first.service.create({
      name: 'Kept',
      transport: { type: 'http', url: 'https://x.example/mcp' },
    });
    await first.manager.updateServer(view.server.id, (s) => ({
      ...s,
      consent: { tools: { search: 'h' } },
    }));
    await first.manager.closeAll();

    const second = await createMcp({ db: store().db, bus });
    const [loaded] = second.manager.views().filter((v) => v.server.name === 'Kept');
    expect(loaded).toMatchObject({
      server: { id: view.server.id, consent: { tools: { search: 'h' } } },
      status: { state: 'stopped' },
    });
    await second.manager.closeAll();
  });
});
