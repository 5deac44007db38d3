import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus } from '../engine/bus/bus';
import type { Handlers } from '../engine/handlers';
import { webhookHeaders } from '../engine/automations/webhook';
import type { WebhookTarget } from '../engine/automations/webhook-route';
import { createRouter } from './router';
import { startApiServer, type ApiServer } from './ws-server';

const fired: string[] = [];
const target: WebhookTarget = {
  secretFor: async (id) => (id === 'auto-1' ? 'secret-1' : null),
  fire: async (_id, { body }) => {
    fired.push(body);
    return { automationRunId: `ar-${fired.length}`, status: 'running' };
  },
};

/** A raw request, so the Host header can be a tunnel's. */
function send(port: number, method: string, path: string, host: string, body = '', headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { Host: host, 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('webhooks on the API server', () => {
  let withHooks: ApiServer;
  let without: ApiServer;
  beforeAll(async () => {
    const router = createRouter({} as Handlers);
    withHooks = await startApiServer({ router, bus: createBus(), webhooks: target });
    without = await startApiServer({ router, bus: createBus() });
  });
  afterAll(async () => {
    await withHooks.close();
    await without.close();
  });

  it('fires a signed POST /hooks/<id> without the token, whatever the Host (a tunnel in front)', async () => {
    const body = '{"ping":1}';
    const res = await send(withHooks.port, 'POST', '/hooks/auto-1', 'hooks.example.com', body, webhookHeaders('secret-1', body));
    expect(res.status).toBe(202);
    expect(JSON.parse(res.text)).toEqual({ ok: true, automationRunId: 'ar-1', status: 'running' });
    expect(fired).toEqual([body]);
  });

  it('refuses unsigned and replayed requests', async () => {
    const body = '{"ping":2}';
    const headers = webhookHeaders('secret-1', body);
    expect((await send(withHooks.port, 'POST', '/hooks/auto-1', `127.0.0.1:${withHooks.port}`, body)).status).toBe(401);
    expect((await send(withHooks.port, 'POST', '/hooks/auto-1', `127.0.0.1:${withHooks.port}`, body, headers)).status).toBe(202);
    expect((await send(withHooks.port, 'POST', '/hooks/auto-1', `127.0.0.1:${withHooks.port}`, body, headers)).status).toBe(409);
    expect((await send(withHooks.port, 'POST', '/hooks/nope', `127.0.0.1:${withHooks.port}`, body)).status).toBe(404);
  });

  it('keeps the Host check for everything else', async () => {
    expect((await send(withHooks.port, 'GET', '/', 'hooks.example.com')).status).toBe(421);
    expect((await send(withHooks.port, 'GET', '/hooksx', 'hooks.example.com')).status).toBe(421);
  });

  it('serves no webhooks when none are given', async () => {
    const body = '{}';
    const res = await send(without.port, 'POST', '/hooks/auto-1', 'hooks.example.com', body, webhookHeaders('secret-1', body));
    expect(res.status).toBe(421);
    expect((await send(without.port, 'POST', '/hooks/auto-1', `127.0.0.1:${without.port}`, body)).status).toBe(404);
  });
});
