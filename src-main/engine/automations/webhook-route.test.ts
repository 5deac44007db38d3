import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { ReplayCache, webhookHeaders } from './webhook';
import { handleWebhook, webhookId, type WebhookTarget } from './webhook-route';

const secrets: Record<string, string> = { 'auto-1': 'secret-1', 'auto-paused': 'secret-p', 'auto-broken': 'secret-b' };
const fired: { id: string; body: string; contentType: string | undefined }[] = [];
const errors: unknown[] = [];

const target: WebhookTarget = {
  secretFor: async (id) => secrets[id] ?? null,
  fire: async (id, payload) => {
    if (id === 'auto-paused') throw new AppError('CONFLICT', 'The automation is paused.');
    if (id === 'auto-broken') throw new Error('database gone');
    fired.push({ id, ...payload });
    return { automationRunId: `ar-${fired.length}`, status: 'running' };
  },
};

interface Answer {
  status: number;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
  headers: Headers;
}

let server: Server;
let base: string;
let replay: ReplayCache;

async function post(path: string, body: string, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method, body: method === 'GET' ? null : body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, json: (await res.json()) as Answer['json'], headers: res.headers };
}

const signed = (id: string, body: string, nowMs = Date.now()) => webhookHeaders(secrets[id] ?? 'x', body, nowMs);

beforeAll(async () => {
  server = createServer((req, res) => {
    handleWebhook(req, res, target, replay, { onError: (e) => errors.push(e) }).catch((error: unknown) => {
      errors.push(error);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  replay = new ReplayCache();
  fired.length = 0;
  errors.length = 0;
});

describe('webhookId', () => {
  it('takes the one segment after /hooks/', () => {
    expect(webhookId('/hooks/abc')).toBe('abc');
    expect(webhookId('/hooks/abc/?x=1')).toBe('abc');
    expect(webhookId('/hooks/a%20b')).toBe('a b');
    expect(webhookId('/hooks/')).toBeNull();
    expect(webhookId('/hooks/a/b')).toBeNull();
    expect(webhookId('/hooks/%E0%A4%A')).toBeNull();
    expect(webhookId('/other/abc')).toBeNull();
  });
});

describe('POST /hooks/<id>', () => {
  it('fires a signed request with its body and content type, answering 202', async () => {
    const body = JSON.stringify({ event: 'push', n: 1 });
    const res = await post('/hooks/auto-1', body, signed('auto-1', body));
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ ok: true, automationRunId: 'ar-1', status: 'running' });
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(fired).toEqual([{ id: 'auto-1', body, contentType: 'application/json' }]);
  });

  it('refuses the same request sent again with 409', async () => {
    const body = '{"a":1}';
    const headers = signed('auto-1', body);
    expect((await post('/hooks/auto-1', body, headers)).status).toBe(202);
    const again = await post('/hooks/auto-1', body, headers);
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe('CONFLICT');
    expect(fired).toHaveLength(1);
  });

  it('refuses an unsigned request with 401 explaining the headers', async () => {
    const res = await post('/hooks/auto-1', '{}');
    expect(res.status).toBe(401);
    expect(res.json.error?.code).toBe('UNAUTHORIZED');
    expect(res.json.error?.message).toContain('x-af-timestamp');
    expect(res.json.error?.message).toContain('x-af-signature');
    expect(fired).toHaveLength(0);
  });

  it('refuses a tampered body, another secret and a stale timestamp with 401', async () => {
    const headers = signed('auto-1', '{"amount":1}');
    expect((await post('/hooks/auto-1', '{"amount":1000}', headers)).status).toBe(401);
    expect((await post('/hooks/auto-1', '{}', webhookHeaders('secret-p', '{}'))).status).toBe(401);
    const stale = await post('/hooks/auto-1', '{}', signed('auto-1', '{}', Date.now() - 10 * 60_000));
    expect(stale.status).toBe(401);
    expect(stale.json.error?.message).toContain('too old');
    expect(fired).toHaveLength(0);
  });

  it('answers 404 for an unknown id and for a path that is not a webhook', async () => {
    const res = await post('/hooks/nope', '{}', signed('nope', '{}'));
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe('NOT_FOUND');
    expect((await post('/hooks/a/b', '{}')).status).toBe(404);
  });

  it('takes POST only', async () => {
    const res = await post('/hooks/auto-1', '', {}, 'GET');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await post('/hooks/auto-1', '{}', signed('auto-1', '{}'), 'PUT')).status).toBe(405);
  });

  it('refuses bodies over 1 MB with 413, declared or streamed', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    const declared = await post('/hooks/auto-1', big, signed('auto-1', big));
    expect(declared.status).toBe(413);
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/hooks/auto-1`, { method: 'POST', headers: signed('auto-1', big) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // Chunked: no content-length to refuse it early.
      for (let i = 0; i < 17; i++) req.write('y'.repeat(64 * 1024));
      req.end();
    });
    expect(streamed).toBe(413);
    expect(fired).toHaveLength(0);
    // Exactly 1 MB is fine.
    const max = 'z'.repeat(1024 * 1024);
    expect((await post('/hooks/auto-1', max, signed('auto-1', max))).status).toBe(202);
  });

  it('passes on the service errors with their status, and lets a failed request be sent again', async () => {
    const paused = await post('/hooks/auto-paused', '{}', signed('auto-paused', '{}'));
    expect(paused).toMatchObject({ status: 409, json: { error: { code: 'CONFLICT', message: 'The automation is paused.' } } });
    const headers = signed('auto-broken', '{}');
    const broken = await post('/hooks/auto-broken', '{}', headers);
    expect(broken.status).toBe(500);
    expect(broken.json.error?.code).toBe('INTERNAL');
    expect(errors).toHaveLength(1);
    // Not remembered as received: the sender's retry is judged afresh (and fails the same way here).
    expect((await post('/hooks/auto-broken', '{}', headers)).status).toBe(500);
  });
});
