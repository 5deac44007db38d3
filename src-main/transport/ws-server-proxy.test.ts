import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { createBus } from '../engine/bus/bus';
import type { Handlers } from '../engine/handlers';
import type { KeyAuthority } from './auth';
import { createRouter } from './router';
import { startApiServer, UNAUTHORIZED_CLOSE, type ApiServer } from './ws-server';

const SECRET = `af_12345678_${'k'.repeat(43)}`;
const audited: string[] = [];
const keys: KeyAuthority = {
  verify: async (secret) => {
    if (secret !== SECRET) throw new AppError('UNAUTHORIZED', 'Unknown API key.');
    return { id: 'k1', name: 'proxy-reader', scope: 'read' };
  },
  record: async (entry) => void audited.push(`${entry.method}:${entry.outcome}`),
};
const handlers = { 'system.info': async () => ({ version: 't', database: 'd', dataDir: '/x', mode: 'headless' }) } as unknown as Handlers;

/** Opens a WebSocket; resolves with the close code (or 'open' for a connection that stays). */
function attempt(server: ApiServer, query: string, headers: Record<string, string>): Promise<number | 'open' | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws${query}`, { headers });
    ws.once('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
    ws.once('close', (code) => resolve(code));
    ws.once('open', () => setTimeout(() => (ws.readyState === ws.OPEN ? (ws.close(), resolve('open')) : undefined), 200));
    ws.once('error', () => undefined);
  });
}

describe('serve behind a reverse proxy', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({
      router: createRouter(handlers),
      bus: createBus(),
      keys,
      token: 'the-per-start-token-of-this-test-00000',
      exposure: { host: '127.0.0.1', trustedProxy: '127.0.0.1', allowedOrigins: ['https://ui.example.com'] },
    });
  });
  afterAll(() => server?.close());

  it('accepts API keys only: the per-start token is refused', async () => {
    expect(server.tokenAccepted).toBe(false);
    expect(server.url).not.toContain('token');
    expect(await attempt(server, `?token=${server.token}`, {})).toBe(UNAUTHORIZED_CLOSE);
    expect(await attempt(server, '', { Authorization: `Bearer ${SECRET}` })).toBe('open');
    expect(await attempt(server, `?token=${SECRET}`, {})).toBe('open');
  });

  it('checks browser origins against what the proxy forwarded, and the configured ones', async () => {
    const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'agents.example.com', Authorization: `Bearer ${SECRET}` };
    expect(await attempt(server, '', { ...forwarded, Origin: 'https://agents.example.com' })).toBe('open');
    expect(await attempt(server, '', { ...forwarded, Origin: 'https://ui.example.com' })).toBe('open');
    expect(await attempt(server, '', { ...forwarded, Origin: 'https://evil.example.net' })).toBe('http 403');
    expect(await attempt(server, '', { ...forwarded, Origin: 'http://agents.example.com' })).toBe('http 403');
  });
});
