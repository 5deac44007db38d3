import { rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { connectClient, startServe, tempDataDir, type Served } from '../helpers/serve';

/** A raw request whose path is sent as written (fetch would normalise or refuse it). */
function rawGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: `127.0.0.1:${port}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Requests that once killed `serve`: a malformed percent-escape made the static file handler throw
 * and the process exit — from curl, or from any web page through an <img>.
 */
describe('serve under malformed requests', () => {
  const dataDir = tempDataDir();
  let served: Served;
  let evil: Server;

  beforeAll(async () => {
    served = await startServe(dataDir);
  });
  afterAll(async () => {
    evil?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers malformed paths with 400 and keeps serving', async () => {
    for (const path of ['/%', '/%c0%ae', '/%E0%A4%A', '/assets/%ff', '/%00', '/..%2f..%2fetc%2fpasswd%']) {
      expect(await rawGet(served.port, path), path).toBe(400);
    }
    expect(await rawGet(served.port, '/')).toBe(200);
    expect(served.proc.exitCode).toBeNull();
  });

  it('survives a page of another origin loading them, then still answers a valid call', async () => {
    const target = `http://127.0.0.1:${served.port}`;
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><body>${['/%', '/%c0%ae', '/%zz', '/a%'].map((p) => `<img src="${target}${p}">`).join('')}
        <script>fetch(${JSON.stringify(target + '/%')}, { mode: 'no-cors' }).finally(() => { document.title = 'sent'; });</script></body>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const hits: number[] = [];
      page.on('response', (res) => {
        if (res.url().startsWith(target)) hits.push(res.status());
      });
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      await page.waitForFunction('document.title === "sent"');
      await expect.poll(() => hits.length).toBeGreaterThanOrEqual(4);
      expect(hits.every((s) => s === 400)).toBe(true);
    } finally {
      await browser.close();
    }
    expect(served.proc.exitCode).toBeNull();
    const client = await connectClient(served);
    expect(await client.call('agents.list', {})).toEqual([]);
    client.close();
  });
});
