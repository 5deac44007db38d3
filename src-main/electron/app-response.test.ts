import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appResponse } from './app-response';

function rendererFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'af-app-scheme-'));
  const dir = join(root, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Agent Factory</title>');
  writeFileSync(join(dir, 'assets', 'index-1.js'), 'console.log(1)');
  // A file beside the renderer folder that no app:// URL may reach.
  writeFileSync(join(root, 'secret.txt'), 'outside');
  return dir;
}

const get = (dir: string, url: string, method = 'GET') => appResponse(dir, new Request(url, { method }));

describe('app:// (the bundled UI in the desktop app)', () => {
  const dir = rendererFolder();

  it('serves the renderer’s files with their type and the CSP', async () => {
    const page = await get(dir, 'app://agent-factory/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Agent Factory</title>');
    const script = await get(dir, 'app://agent-factory/assets/index-1.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    // Unknown paths get the page (routes live in the hash).
    expect(await (await get(dir, 'app://agent-factory/agents/1')).text()).toContain('Agent Factory');
    const head = await get(dir, 'app://agent-factory/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never leaves the renderer folder', async () => {
    for (const url of [
      'app://agent-factory/..%2fsecret.txt',
      'app://agent-factory/%2e%2e/secret.txt',
      'app://agent-factory/assets/..%2f..%2fsecret.txt',
      'app://agent-factory/..%5csecret.txt',
    ]) {
      // A climb out is clamped at the folder's root: what is served is the page, never the file beside it.
      const response = await get(dir, url);
      expect([200, 403], url).toContain(response.status);
      expect(await response.text(), url).not.toContain('outside');
    }
  });

  it('answers 400 to malformed escapes and NUL bytes, 404 to other hosts, 405 to writes', async () => {
    expect((await get(dir, 'app://agent-factory/%E0%A4%A')).status).toBe(400);
    expect((await get(dir, 'app://agent-factory/index.html%00.js')).status).toBe(400);
    expect((await get(dir, 'app://other-host/index.html')).status).toBe(404);
    expect((await get(dir, 'app://agent-factory/index.html', 'POST')).status).toBe(405);
  });

  it('says the UI is not built when the folder is empty', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'af-app-scheme-empty-'));
    const response = await get(empty, 'app://agent-factory/index.html');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('npm run build');
  });
});
