import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendResult, postResult } from './deliver';

describe('postResult', () => {
  let server: Server;
  let base: string;
  const received: { path: string; contentType: string | undefined; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body });
        if (req.url === '/ok') res.writeHead(204).end();
        else if (req.url === '/broken') res.writeHead(500, { 'Content-Type': 'text/plain' }).end('database is down');
        // '/hang': never answers.
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the payload as JSON', async () => {
    const payload = { automation: { id: 'a1', name: 'Digest' }, status: 'succeeded', output: 'Hello — ünïcode' };
    expect(await postResult(`${base}/ok`, payload)).toEqual({ ok: true, status: 204 });
    const last = received.at(-1);
    expect(last?.contentType).toBe('application/json');
    expect(JSON.parse(last?.body ?? '')).toEqual(payload);
  });

  it('reports a non-2xx answer with its status and an excerpt', async () => {
    expect(await postResult(`${base}/broken`, {})).toEqual({
      ok: false,
      status: 500,
      error: `${base}/broken answered 500 Internal Server Error: database is down`,
    });
  });

  it('gives up after the timeout, and when cancelled, without throwing', async () => {
    expect(await postResult(`${base}/hang`, {}, { timeoutMs: 200 })).toEqual({ ok: false, error: `${base}/hang did not answer within 200 ms.` });
    const abort = new AbortController();
    const pending = postResult(`${base}/hang`, {}, { signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    expect(await pending).toEqual({ ok: false, error: 'Cancelled.' });
  });

  it('reports a refused connection and a payload that is not JSON', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await postResult(`http://127.0.0.1:${port}/`, {});
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/^POST to http:\/\/127\.0\.0\.1:\d+\/ failed: .*ECONNREFUSED/);
    const notJson = await postResult(`${base}/ok`, { n: 1n });
    expect(notJson.ok).toBe(false);
    expect(notJson.error).toMatch(/^The result could not be written as JSON/);
  });
});

describe('appendResult', () => {
  const dir = mkdtempSync(join(tmpdir(), 'af-deliver-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const entry = { automationName: 'Digest', runId: 'run-1', status: 'succeeded', finishedAt: '2026-12-03T09:00:00.000Z', output: 'First result.\n' };

  it('makes the folders and the file, then appends one section per result', async () => {
    const file = join(dir, 'notes', 'deep', 'digest.md');
    await appendResult(file, entry);
    await appendResult(file, { ...entry, runId: null, status: 'failed', finishedAt: '2026-12-04T09:00:00.000Z', output: '' });
    expect(readFileSync(file, 'utf8')).toBe(
      '## Digest — succeeded — 2026-12-03T09:00:00.000Z\n<!-- run run-1 -->\n\nFirst result.\n' +
        '\n## Digest — failed — 2026-12-04T09:00:00.000Z\n\n_(no output)_\n',
    );
  });

  it('appends after what a file already holds', async () => {
    const file = join(dir, 'journal.md');
    writeFileSync(file, '# Journal\n');
    await appendResult(file, entry);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Journal\n\n## Digest — succeeded/);
  });

  it('refuses a relative path and reports a path it cannot write', async () => {
    await expect(appendResult('notes/digest.md', entry)).rejects.toMatchObject({ code: 'VALIDATION' });
    writeFileSync(join(dir, 'a-file'), 'x');
    await expect(appendResult(join(dir, 'a-file', 'digest.md'), entry)).rejects.toMatchObject({ code: 'STORAGE' });
  });
});
