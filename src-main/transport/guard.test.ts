import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { guardHttp, guardListener } from './guard';

function get(server: Server, path: string): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('guards around request handlers', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('turns a throwing or rejecting handler into a logged 500, and the server keeps answering', async () => {
    const errors: string[] = [];
    server = createServer(
      guardHttp(async (req, res) => {
        if (req.url === '/sync') throw new Error('sync boom');
        if (req.url === '/async') return Promise.reject(new Error('async boom'));
        if (req.url === '/late') {
          res.writeHead(200);
          res.write('partial');
          throw new Error('late boom');
        }
        res.end('fine');
      }, (error, where) => errors.push(`${where}: ${(error as Error).message}`)),
    );
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    expect(await get(server, '/sync')).toEqual({ status: 500, body: 'Internal error.\n' });
    expect(await get(server, '/async')).toEqual({ status: 500, body: 'Internal error.\n' });
    expect(await get(server, '/late')).toEqual({ status: 200, body: 'partial' });
    expect(await get(server, '/')).toEqual({ status: 200, body: 'fine' });
    expect(errors).toEqual(['GET /sync: sync boom', 'GET /async: async boom', 'GET /late: late boom']);
  });

  it('reports what a listener throws or rejects instead of letting it escape', async () => {
    const seen: unknown[] = [];
    guardListener(() => {
      throw new Error('a');
    }, (e) => seen.push((e as Error).message))();
    guardListener(async () => {
      throw new Error('b');
    }, (e) => seen.push((e as Error).message))();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['a', 'b']);
  });
});
