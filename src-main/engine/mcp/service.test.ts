import { beforeEach, describe, expect, test } from 'vitest';
import type { ApprovalRequest, McpServerStatus } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import { createBus } from '../bus/bus';
import { mcpHandlers } from './handlers';
import { ServerManager } from './manager';
import { createMemoryMcpServerRepository } from './memory-repository';
import { McpServerService } from './service';

let manager: ServerManager;
let service: McpServerService;
let states: McpServerStatus[];
let requests: ApprovalRequest[];
const ctx = { origin: 'internal' as const };

beforeEach(async () => {
  const bus = createBus();
  states = [];
  bus.subscribe('mcp.server.state', (s) => states.push(s));
  requests = [];
  bus.subscribe('mcp.approval.requested', (r) => {
    requests.push(r);
    setImmediate(() => manager.approvals.respond(r.id, 'deny'));
  });
  manager = new ServerManager({
    repository: createMemoryMcpServerRepository(),
    bus,
    path: async () => '/nonexistent-dir',
    secrets: { get: async (name) => (name === 'set.secret' ? 'value' : undefined) },
  });
  await manager.init();
  service = new McpServerService(manager);
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const stdio = (command = 'my-server') => ({ type: 'stdio' as const, command });

describe('server configuration', () => {
  test('create applies defaults; a bad input or a clashing tool prefix is refused and stores nothing', async () => {
    const { server, status } = await service.create({ name: 'My Files', transport: stdio() });
    expect(server).toMatchObject({
      enabled: true,
      autoStart: true,
      approval: { default: 'ask', tools: {} },
      toolTimeoutMs: 120_000,
      consent: { tools: {} },
    });
    expect(status.state).toBe('stopped');
    const bad = await failure(service.create({ name: '', transport: stdio() }));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.issues?.[0]?.path).toEqual(['name']);
    const clash = await failure(service.create({ name: 'my_files', transport: stdio() }));
    expect(clash.code).toBe('CONFLICT');
    expect(clash.message).toMatch(/prefix "my_files__"/i);
    expect(
      (await failure(service.create({ name: 'r', transport: stdio(), roots: ['relative/dir'] })))
        .code,
    ).toBe('VALIDATION');
    expect(manager.servers().map((s) => s.name)).toEqual(['My Files']);
  });

  test('disabling publishes "disabled", enabling publishes "stopped"; start of a disabled server says to enable it', async () => {
    const { server } = await service.create({ name: 'toggle', transport: stdio() });
    await service.update(server.id, { enabled: false });
    expect(states.at(-1)).toMatchObject({ serverId: server.id, state: 'disabled' });
    expect((await failure(manager.start(server.id))).message).toMatch(/is disabled/);
    await service.update(server.id, { enabled: true });
    expect(states.at(-1)).toMatchObject({ state: 'stopped' });
  });

  test('a command that is not on PATH fails the start with a CONFIG error, not "spawn ENOENT"', async () => {
    const { server } = await service.create({ name: 'missing', transport: stdio('npx') });
    const error = await failure(manager.start(server.id));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toMatch(/^`npx` not found on PATH .*install Node\.js/);
    expect(manager.status(server.id)).toMatchObject({
      state: 'stopped',
      error: { code: 'CONFIG' },
    });
  });

  test('a new stdio server asks for launch consent with the exact command line; a refusal starts nothing', async () => {
    const longArg = `--config=${'x'.repeat(5000)}`;
    const { server } = await service.create({
      name: 'local',
      transport: {
        type: 'stdio',
        command: process.execPath,
        args: ['server.js', longArg, 'two words'],
        env: { A: '1' },
      },
      secretEnv: { TOKEN: 'set.secret' },
    });
    const error = await failure(manager.start(server.id));
    expect(error.code).toBe('FORBIDDEN');
    expect(requests).toEqual([
      expect.objectContaining({
        kind: 'server-launch',
        reason: 'new-server',
        command: process.execPath,
        args: ['server.js', longArg, 'two words'],
        commandLine: `${process.execPath} server.js ${longArg} 'two words'`,
        envNames: ['A', 'TOKEN'],
      }),
    ]);
    expect(manager.status(server.id)).toMatchObject({
      state: 'stopped',
      restarts: 0,
      error: { code: 'FORBIDDEN' },
    });
    expect(manager.status(server.id).pid).toBeUndefined();
    expect(manager.logs(server.id).filter((e) => e.stream !== 'system')).toEqual([]);
  });

  test('a secret that is not set fails the start with a CONFIG error naming it', async () => {
    const { server } = await service.create({
      name: 'needs-key',
      transport: { type: 'http', url: 'https://x.example/mcp' },
      secretHeaders: { Authorization: 'api.key' },
    });
    const error = await failure(manager.start(server.id));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toMatch(/needs the secret "api\.key" \(header Authorization\)/);
  });
});

describe('import and export', () => {
  const file = (servers: Record<string, unknown>) => JSON.stringify({ mcpServers: servers });

  test('creates new servers and updates existing ones by name, keeping their id and consent', async () => {
    const { server } = await service.create({ name: 'files', transport: stdio('old') });
    await manager.updateServer(server.id, (s) => ({
      ...s,
      consent: { launch: 'L', tools: { read: 'h' } },
    }));
    const report = await service.import(
      file({ Files: { command: 'new', args: ['/tmp'] }, remote: { url: 'https://r.example/mcp' } }),
    );
    expect(report.created.map((v) => v.server.name)).toEqual(['remote']);
    expect(report.updated.map((v) => [v.server.id, v.server.name, v.server.transport])).toEqual([
      [server.id, 'Files', { type: 'stdio', command: 'new', args: ['/tmp'], env: {} }],
    ]);
    expect(report.updated[0]!.server.consent).toEqual({ launch: 'L', tools: { read: 'h' } });
  });

  test('a malformed or conflicting file changes nothing', async () => {
    await service.create({ name: 'keep', transport: stdio() });
    const before = manager.servers();
    expect(
      (await failure(service.import(file({ a: { command: 'x' }, b: { command: 42 } })))).code,
    ).toBe('VALIDATION');
    expect(
      (await failure(service.import('{"mcpServers": {"a": {"command": "x"},}}'))).message,
    ).toMatch(/line 1, column 39\.$/);
    const clash = await failure(
      service.import(file({ 'new one': { command: 'x' }, new_one: { command: 'y' } })),
    );
    expect(clash).toMatchObject({
      code: 'CONFLICT',
      hint: 'Fix the entry and import again; nothing was imported.',
    });
    expect(clash.issues?.[0]?.path).toEqual(['mcpServers', 'new one', 'name']);
    expect(manager.servers()).toEqual(before);
  });

  test('export writes every server (or the ones asked for); importing it back changes nothing', async () => {
    await service.create({
      name: 'a',
      transport: stdio(),
      approval: { default: 'allow', tools: { x: 'deny' } },
      roots: ['/srv'],
    });
    const { server } = await service.create({
      name: 'b',
      transport: { type: 'sse', url: 'http://localhost:1/sse' },
      enabled: false,
    });
    const all = service.export();
    expect(Object.keys(JSON.parse(all).mcpServers)).toEqual(['a', 'b']);
    expect(Object.keys(JSON.parse(service.export([server.id])).mcpServers)).toEqual(['b']);
    const before = manager.servers();
    const report = await service.import(all);
    expect(report.updated).toHaveLength(2);
    expect(manager.servers().map(({ updatedAt: _, ...s }) => s)).toEqual(
      before.map(({ updatedAt: _, ...s }) => s),
    );
    expect((await failure(Promise.resolve().then(() => service.export(['nope'])))).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('handlers', () => {
  test('approvals.respond to an unknown request and metrics of an unknown server are NOT_FOUND; the catalog is served', async () => {
    const handlers = mcpHandlers({ manager, service });
    expect(
      (await failure(handlers['approvals.respond']({ id: 'x', decision: 'deny' }, ctx))).code,
    ).toBe('NOT_FOUND');
    expect((await failure(handlers['mcp.servers.metrics']({ id: 'x' }, ctx))).code).toBe(
      'NOT_FOUND',
    );
    expect((await handlers['mcp.servers.catalog']({}, ctx)).length).toBeGreaterThanOrEqual(10);
    expect(await handlers['mcp.servers.metrics']({}, ctx)).toEqual([]);
  });
});
