import { rmSync } from 'node:fs';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWsClient, webSocketUrl } from '@shared/client/ws-client';
import type { Agent } from '@shared/entities/agent';
import { connectClient, runCli, startServe, tempDataDir, type Served } from '../helpers/serve';

const agentInput = { name: 'Headless Helper', model: { provider: 'ollama' as const, model: 'llama3.2' } };

/**
 * Opens a raw WebSocket, sends a call as soon as it opens and reports how it ended: the HTTP status of
 * the upgrade (101 when the handshake completed), the close code, and every message received.
 */
function probe(url: string, headers: Record<string, string> = {}): Promise<{ status: number; closeCode?: number; messages: string[] }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    const messages: string[] = [];
    ws.on('open', () => ws.send(JSON.stringify({ type: 'call', id: 1, method: 'agents.list', input: {} })));
    ws.on('message', (data) => {
      messages.push(String(data));
      ws.close();
    });
    ws.on('close', (code) => resolve({ status: 101, closeCode: code, messages }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, messages }));
    ws.on('error', () => resolve({ status: -1, messages }));
  });
}

describe('npm run serve (headless)', () => {
  const dataDir = tempDataDir();
  let served: Served;

  beforeAll(async () => {
    served = await startServe(dataDir);
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one URL line with a token on an empty data folder and serves the UI', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const res = await fetch(served.baseUrl + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<div id="root"');
  });

  it('closes a WebSocket without the right token with 4401 unread, and refuses another origin or host', async () => {
    const ws = served.baseUrl.replace('http', 'ws') + '/api/ws';
    for (const url of [ws, `${ws}?token=wrong`, `${ws}?token=${served.token.slice(1)}`]) {
      expect(await probe(url)).toEqual({ status: 101, closeCode: 4401, messages: [] });
    }
    expect((await probe(`${ws}?token=${served.token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await probe(`${ws}?token=${served.token}`, { Host: 'evil.example' })).status).toBe(421);
    const allowed = await probe(`${ws}?token=${served.token}`, { Origin: served.baseUrl });
    expect(allowed.status).toBe(101);
    expect(JSON.parse(allowed.messages[0] ?? '{}')).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
  });

  it('makes the app client stop at "unauthorized" with a wrong token', async () => {
    const statuses: string[] = [];
    const client = createWsClient({
      url: webSocketUrl(served.baseUrl, 'wrong'),
      WebSocket,
      onStatus: (status) => statuses.push(status),
    });
    await expect(client.call('agents.list', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(client.status).toBe('unauthorized');
    expect(statuses.at(-1)).toBe('unauthorized');
    client.close();
  });

  it('answers a malformed request with a typed validation error and changes nothing', async () => {
    const client = await connectClient(served);
    const before = await client.call('agents.list', {});
    const secretsBefore = (await client.call('settings.get', {})).secrets;
    await expect(client.call('agents.create', { name: '', model: { provider: 'nope', model: '' } } as never)).rejects.toMatchObject({
      code: 'VALIDATION',
      issues: expect.arrayContaining([expect.objectContaining({ path: ['name'] })]),
    });
    await expect(client.call('no.such.method' as never, {} as never)).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    await expect(client.call('secrets.set', { name: '../../etc/passwd', value: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION',
      issues: [expect.objectContaining({ path: ['name'], message: expect.stringContaining('openai.apiKey') })],
    });
    expect(await client.call('agents.list', {})).toEqual(before);
    expect((await client.call('settings.get', {})).secrets).toEqual(secretsBefore);
    client.close();
  });

  it('sends a change made by the CLI live to a subscribed client', async () => {
    const client = await connectClient(served);
    const seen: string[] = [];
    client.subscribe('agents.changed', (e) => seen.push(e.kind === 'upserted' ? e.agent.name : `deleted:${e.id}`));
    const created = await runCli(dataDir, ['agents', 'create', '--name', 'From CLI', '--model', 'ollama:qwen3', '--json']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const agent = JSON.parse(created.stdout) as Agent;
    await expect.poll(() => seen).toContain('From CLI');
    const listed = await runCli(dataDir, ['agents', 'list', '--json']);
    expect((JSON.parse(listed.stdout) as Agent[]).map((a) => a.id)).toContain(agent.id);
    const deleted = await runCli(dataDir, ['agents', 'delete', 'from cli']);
    expect(deleted.code).toBe(0);
    await expect.poll(() => seen).toContain(`deleted:${agent.id}`);
    client.close();
  });

  it('refuses a second serve on the same data folder with a clear error', async () => {
    const second = startServe(dataDir);
    await expect(second).rejects.toThrow(/already open in another process/);
  });
});

describe('crash safety', () => {
  it('loses nothing when serve is killed with SIGKILL right after an agent was saved', async () => {
    const dataDir = tempDataDir();
    try {
      const first = await startServe(dataDir);
      const client = await connectClient(first);
      const saved = await client.call('agents.create', agentInput);
      client.close();
      expect(await first.stop('SIGKILL')).toBeNull();

      const second = await startServe(dataDir);
      const again = await connectClient(second);
      const agents = await again.call('agents.list', {});
      expect(agents.find((a) => a.id === saved.id)).toMatchObject({ name: agentInput.name });
      again.close();
      expect(await second.stop('SIGTERM')).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('CLI without a server', () => {
  it('creates, lists (JSON and table) and deletes agents in its own engine, and runs doctor', async () => {
    const dataDir = tempDataDir();
    try {
      const bad = await runCli(dataDir, ['agents', 'create', '--name', 'X', '--model', 'nonsense']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/--model must look like provider:model/);
      expect((await runCli(dataDir, ['agents', 'create', '--name', 'Local One'])).code).toBe(0);
      const table = await runCli(dataDir, ['agents', 'list']);
      expect(table.stdout).toMatch(/NAME[\s\S]*Local One[\s\S]*ollama:llama3.2/);
      const json = await runCli(dataDir, ['--json', 'agents', 'list']);
      expect((JSON.parse(json.stdout) as Agent[]).map((a) => a.name)).toEqual(['Local One']);
      const doctor = await runCli(dataDir, ['doctor', '--json']);
      const checks = JSON.parse(doctor.stdout) as Array<{ name: string; status: string; fix?: string }>;
      expect(checks.find((c) => c.name === 'database')?.status).toBe('ok');
      const ollama = checks.find((c) => c.name === 'ollama');
      expect(ollama?.status).toBe('warn');
      expect(ollama?.fix).toMatch(/ollama serve/);
      expect((await runCli(dataDir, ['agents', 'delete', 'Local One'])).code).toBe(0);
      expect(JSON.parse((await runCli(dataDir, ['agents', 'list', '--json'])).stdout)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
