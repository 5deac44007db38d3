import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { beyondLoopback, checkExposure, isLoopback, originAllowed, requestedOrigin, type Exposure } from './exposure';

function req(headers: Record<string, string>, remoteAddress = '10.0.0.5'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('listening beyond loopback', () => {
  it('tells loopback addresses from others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect({ host, loopback: isLoopback(host) }).toEqual({ host, loopback: true });
    for (const host of ['0.0.0.0', '::', '192.168.1.4', '10.0.0.1', 'example.com', '::ffff:10.0.0.1']) expect({ host, loopback: isLoopback(host) }).toEqual({ host, loopback: false });
  });

  it('refuses a non-loopback address without TLS or a proxy, with what to do', () => {
    expect(() => checkExposure({ host: '0.0.0.0' })).toThrow(expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining('without TLS'), hint: expect.stringContaining('--tls-cert') }));
    expect(() => checkExposure({ host: '192.168.1.4' })).toThrow(/without TLS/);
    expect(() => checkExposure({ host: '127.0.0.1' })).not.toThrow();
    expect(() => checkExposure({ host: '0.0.0.0', tls: { cert: 'c', key: 'k' } })).not.toThrow();
    expect(() => checkExposure({ host: '0.0.0.0', trustedProxy: '127.0.0.1' })).not.toThrow();
  });

  it('checks configured origins are origins', () => {
    expect(() => checkExposure({ host: '127.0.0.1', allowedOrigins: ['https://agents.example.com'] })).not.toThrow();
    expect(() => checkExposure({ host: '127.0.0.1', allowedOrigins: ['https://agents.example.com/app'] })).toThrow(/Not an origin/);
    expect(() => checkExposure({ host: '127.0.0.1', allowedOrigins: ['agents.example.com'] })).toThrow(/Not an origin/);
  });

  it('a proxy in front makes even a loopback listener "beyond loopback" (keys only)', () => {
    expect(beyondLoopback({ host: '127.0.0.1' })).toBe(false);
    expect(beyondLoopback({ host: '127.0.0.1', trustedProxy: '127.0.0.1' })).toBe(true);
    expect(beyondLoopback({ host: '0.0.0.0' })).toBe(true);
  });

  it('trusts forwarded headers only from the configured proxy', () => {
    const exposure: Exposure = { host: '0.0.0.0', trustedProxy: '10.0.0.9' };
    const forwarded = { host: 'internal:8080', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'agents.example.com' };
    expect(requestedOrigin(req(forwarded, '10.0.0.9'), exposure)).toBe('https://agents.example.com');
    expect(requestedOrigin(req(forwarded, '::ffff:10.0.0.9'), exposure)).toBe('https://agents.example.com');
    expect(requestedOrigin(req(forwarded, '10.0.0.66'), exposure)).toBe('http://internal:8080');
  });

  it('allows the server’s own origin as addressed and configured ones; nothing else', () => {
    const tls: Exposure = { host: '0.0.0.0', tls: { cert: 'c', key: 'k' }, allowedOrigins: ['https://ui.example.com'] };
    const r = req({ host: 'agents.example.com:8443' });
    expect(originAllowed('https://agents.example.com:8443', r, tls, new Set())).toBe(true);
    expect(originAllowed('https://ui.example.com', r, tls, new Set())).toBe(true);
    expect(originAllowed('http://agents.example.com:8443', r, tls, new Set())).toBe(false);
    expect(originAllowed('https://evil.example.net', r, tls, new Set())).toBe(false);
    const local: Exposure = { host: '127.0.0.1' };
    expect(originAllowed('http://127.0.0.1:5', req({ host: '127.0.0.1:5' }), local, new Set(['http://127.0.0.1:5']))).toBe(true);
    expect(originAllowed('http://evil.test', req({ host: 'evil.test' }), local, new Set(['http://127.0.0.1:5']))).toBe(false);
  });
});
