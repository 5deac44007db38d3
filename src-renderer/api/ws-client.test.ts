import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Agent } from '@shared/entities/agent';
import { AppError } from '@shared/errors';
import { ProtocolServer, type CallHandler } from '../test/ws-server';
import { createWsClient, type ConnectionStatus, type WsClient } from './ws-client';

const agent: Agent = {
  id: 'a1',
  name: 'Researcher',
  description: '',
  systemPrompt: '',
  model: { provider: 'ollama', model: 'llama3.2' },
  temperature: 0.7,
  tags: [],
  tools: [],
  knowledgeBaseIds: [],
  revision: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const defaultHandler: CallHandler = (method) => {
  if (method === 'agents.list') return { ok: true, result: [agent] };
  if (method === 'agents.get') {
    return {
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No agent with id "zz".', hint: 'Reload the list.' },
    };
  }
  return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method "${method}".` } };
};

let server: ProtocolServer;
let client: WsClient | undefined;
let statuses: ConnectionStatus[];

beforeAll(async () => {
  server = await ProtocolServer.start(defaultHandler);
});
afterEach(() => {
  client?.close();
  client = undefined;
  server.handle = defaultHandler;
});
afterAll(() => server.close());

function connect(token?: string): WsClient {
  statuses = [];
  client = createWsClient({
    url: server.url(token),
    backoff: { initialMs: 10, maxMs: 50 },
    onStatus: (status) => statuses.push(status),
  });
  return client;
}

describe('WebSocket client', () => {
  it('calls a method and returns the checked result, sending the token', async () => {
    const api = connect('tok-123');
    await expect(api.call('agents.list', {})).resolves.toEqual([agent]);
    expect(server.tokens.at(-1)).toBe('tok-123');
    expect(api.status).toBe('connected');
  });

  it('throws a typed AppError when the call fails', async () => {
    const api = connect();
    const error = await api.call('agents.get', { id: 'zz' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No agent with id "zz".',
      hint: 'Reload the list.',
    });
  });

  it('ignores malformed server messages and keeps working', async () => {
    const api = connect();
    await api.call('agents.list', {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    server.broadcastRaw('not json');
    server.broadcastRaw(JSON.stringify({ type: 'result', id: 'x' }));
    await expect(api.call('agents.list', {})).resolves.toEqual([agent]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('delivers subscribed events and unsubscribes when the last listener leaves', async () => {
    const api = connect();
    const seen: unknown[] = [];
    const stop = api.subscribe('agents.changed', (payload) => seen.push(payload));
    await server.until(() => server.subscribers('agents.changed') === 1);
    server.push('agents.changed', { kind: 'deleted', id: 'a1' });
    await vi.waitFor(() => expect(seen).toEqual([{ kind: 'deleted', id: 'a1' }]));

    stop();
    await server.until(() => server.subscribers('agents.changed') === 0);
    expect(server.received.at(-1)).toEqual({ type: 'unsubscribe', event: 'agents.changed' });
  });

  it('reconnects after the server drops the connection and subscribes again', async () => {
    const api = connect();
    const seen: unknown[] = [];
    api.subscribe('agents.changed', (payload) => seen.push(payload));
    await server.until(() => server.subscribers('agents.changed') === 1);

    const connections = server.tokens.length;
    server.dropAll();
    await server.until(
      () => server.tokens.length > connections && server.subscribers('agents.changed') === 1,
    );
    await vi.waitFor(() => expect(api.status).toBe('connected'));
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);

    server.push('agents.changed', { kind: 'upserted', agent });
    await vi.waitFor(() => expect(seen).toEqual([{ kind: 'upserted', agent }]));
    await expect(api.call('agents.list', {})).resolves.toEqual([agent]);
  });

  it('rejects pending calls with UNAVAILABLE when the connection drops', async () => {
    const api = connect();
    await api.call('agents.list', {});
    server.handle = () => 'hold';
    const pending = api.call('agents.list', {});
    await server.until(() => server.received.some((m) => m.type === 'call' && m.id === 2));
    server.dropAll();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNAVAILABLE');
  });

  it('stops at "unauthorized" when the server refuses the token', async () => {
    server.handle = () => 'hold';
    const api = connect('wrong');
    const pending = api.call('agents.list', {});
    await server.until(
      () => server.connectionCount === 1 && server.received.some((m) => m.type === 'call'),
    );
    const connections = server.tokens.length;
    server.closeAll(4401, 'unauthorized');
    await expect(pending).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(api.status).toBe('unauthorized');
    await expect(api.call('agents.list', {})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      hint: 'Open the URL printed by `npm run serve`, including its token.',
    });
    expect(server.tokens.length).toBe(connections);
  });
});
