import { describe, expect, it } from 'vitest';
import { isTrustedUrl } from './trusted-frame';

describe('IPC sender check', () => {
  const bundled = 'file:///opt/Agent%20Factory/resources/app.asar/out/renderer/index.html';
  it('trusts only the bundled page itself', () => {
    expect(isTrustedUrl(bundled, bundled)).toBe(true);
    expect(isTrustedUrl(`${bundled}#/agents/1`, bundled)).toBe(true);
    expect(isTrustedUrl('file:///tmp/evil.html', bundled)).toBe(false);
    expect(isTrustedUrl('https://example.com/', bundled)).toBe(false);
    expect(isTrustedUrl(undefined, bundled)).toBe(false);
    expect(isTrustedUrl('not a url', bundled)).toBe(false);
  });
  it('trusts app://agent-factory only (custom schemes have an opaque origin)', () => {
    const app = 'app://agent-factory/index.html';
    expect(isTrustedUrl(app, app)).toBe(true);
    expect(isTrustedUrl('app://agent-factory/index.html#/settings', app)).toBe(true);
    expect(isTrustedUrl('app://other/index.html', app)).toBe(false);
    expect(isTrustedUrl('evil://agent-factory/index.html', app)).toBe(false);
    expect(isTrustedUrl('file:///tmp/index.html', app)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', app)).toBe(false);
  });
  it('trusts the dev server origin only', () => {
    const dev = 'http://localhost:5173/';
    expect(isTrustedUrl('http://localhost:5173/#/settings', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isTrustedUrl('foo://x/', dev)).toBe(false);
  });
});
