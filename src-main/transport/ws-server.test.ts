import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { createBus } from '../engine/bus/bus';
import type { Handlers } from '../engine/handlers';
import { createRouter } from './router';
import { startApiServer, type ApiServer } from './ws-server';

const agent = {
  id: 'a1', name: 'A', description: '', systemPrompt: '', model: { provider: 'ollama' as const, model: 'm' },
  temperature: 0.7, tags: [], tools: [], knowledgeBaseIds: [], revision: 0,
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
};

const handlers = {
  'agents.get': async ({ id }: { id: string }) => {
    if (id === 'missing') throw new AppError('NOT_FOUND', 'nope');
    if (id === 'crash') throw new Error('kaboom');
    // A result that cannot be sent (JSON.stringify throws on BigInt): the send itself fails.
    if (id === 'unsendable') return { ...agent, revision: 1n };
    return agent;
  },
} as unknown as Handlers;

function rawGet(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve) => {
    request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).end();
  });
}

function open(server: ApiServer): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function next(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>)));
}

describe('router and WebSocket server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'af-static-'));
  const bus = createBus();
  let server: ApiServer;
  beforeAll(async () => {
    writeFileSync(join(dir, 'index.html'), '<div id="root"></div>');
    writeFileSync(join(tmpdir(), 'af-secret.txt'), 'secret');
    server = await startApiServer({ router: createRouter(handlers), bus, staticDir: dir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps results, typed errors, validation errors and unexpected errors', async () => {
    const ws = await open(server);
    const call = async (method: string, input: unknown) => {
      const reply = next(ws);
      ws.send(JSON.stringify({ type: 'call', id: 7, method, input }));
      return ((await reply).result as { ok: boolean; result?: unknown; error?: { code: string; message: string } });
    };
    expect(await call('agents.get', { id: 'a1' })).toEqual({ ok: true, result: agent });
    expect((await call('agents.get', { id: 'missing' })).error?.code).toBe('NOT_FOUND');
    expect((await call('agents.get', { id: 42 })).error?.code).toBe('VALIDATION');
    expect((await call('agents.get', { id: 'a1', extra: true })).error?.code).toBe('VALIDATION');
    const crash = await call('agents.get', { id: 'crash' });
    expect(crash.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('kaboom') });
    ws.close();
  });

  it('answers malformed messages with a typed error and keeps the connection', async () => {
    const ws = await open(server);
    let reply = next(ws);
    ws.send('{not json');
    expect(await reply).toMatchObject({ type: 'error', error: { code: 'VALIDATION' } });
    reply = next(ws);
    ws.send(JSON.stringify({ type: 'launch-missiles' }));
    expect(await reply).toMatchObject({ type: 'error', error: { code: 'VALIDATION' } });
    reply = next(ws);
    ws.send(JSON.stringify({ type: 'subscribe', event: 'no.such.event' }));
    expect(await reply).toMatchObject({ type: 'error', error: { code: 'VALIDATION' } });
    reply = next(ws);
    ws.send(JSON.stringify({ type: 'subscribe', event: 'agents.changed' }));
    await new Promise((r) => setTimeout(r, 50));
    bus.publish('agents.changed', { kind: 'deleted', id: 'x' });
    expect(await reply).toEqual({ type: 'event', event: 'agents.changed', payload: { kind: 'deleted', id: 'x' } });
    ws.close();
  });

  it('reports a failure inside the message handler as INTERNAL and keeps serving', async () => {
    const ws = await open(server);
    let reply = next(ws);
    ws.send(JSON.stringify({ type: 'call', id: 8, method: 'agents.get', input: { id: 'unsendable' } }));
    expect(await reply).toMatchObject({ type: 'error', error: { code: 'INTERNAL', message: expect.stringContaining('BigInt') } });
    reply = next(ws);
    ws.send(JSON.stringify({ type: 'call', id: 9, method: 'agents.get', input: { id: 'a1' } }));
    expect(await reply).toMatchObject({ type: 'result', id: 9, result: { ok: true } });
    ws.close();
  });

  it('answers malformed percent-escapes with 400', async () => {
    for (const path of ['/%', '/%c0%ae', '/x%', '/%00']) expect(await rawGet(server.port, path, `127.0.0.1:${server.port}`), path).toBe(400);
    expect(await rawGet(server.port, '/', `127.0.0.1:${server.port}`)).toBe(200);
  });

  it('refuses requests for another Host (DNS rebinding) and paths outside the UI folder', async () => {
    expect(await rawGet(server.port, '/', `127.0.0.1:${server.port}`)).toBe(200);
    expect(await rawGet(server.port, '/', `localhost:${server.port}`)).toBe(200);
    expect(await rawGet(server.port, '/', 'evil.example')).toBe(421);
    expect(await rawGet(server.port, '/../af-secret.txt', `127.0.0.1:${server.port}`)).not.toBe(500);
    const res = await fetch(`http://127.0.0.1:${server.port}/%2e%2e/af-secret.txt`);
    expect(await res.text()).not.toContain('secret');
  });
});
