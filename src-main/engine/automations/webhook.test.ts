import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReplayCache, newWebhookSecret, signWebhook, verifyWebhook, webhookHeaders, type VerifyWebhookInput } from './webhook';

const secret = 'test-secret';
const nowMs = Date.parse('2026-12-03T10:00:00Z');
const nowSec = nowMs / 1000;
const body = '{"hello":"world"}';

function check(over: Partial<VerifyWebhookInput> = {}) {
  return verifyWebhook({
    secret,
    timestamp: String(nowSec),
    signature: signWebhook(secret, nowSec, body),
    rawBody: body,
    nowMs,
    replay: new ReplayCache(),
    ...over,
  });
}

describe('newWebhookSecret', () => {
  it('makes 32 random bytes in base64url', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe('signWebhook', () => {
  it('is sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">, the same for a string and its bytes', () => {
    const expected = createHmac('sha256', secret).update(`${nowSec}.${body}`).digest('hex');
    expect(signWebhook(secret, nowSec, body)).toBe(`sha256=${expected}`);
    expect(signWebhook(secret, nowSec, Buffer.from(body))).toBe(`sha256=${expected}`);
    expect(webhookHeaders(secret, body, nowMs)).toEqual({ 'x-af-timestamp': String(nowSec), 'x-af-signature': `sha256=${expected}` });
  });
});

describe('verifyWebhook', () => {
  it('accepts a fresh, rightly signed request (uppercase hex too)', () => {
    expect(check()).toMatchObject({ ok: true });
    const hex = signWebhook(secret, nowSec, body).slice('sha256='.length);
    expect(check({ signature: `sha256=${hex.toUpperCase()}` })).toMatchObject({ ok: true });
  });

  it('refuses missing headers with 401, naming them', () => {
    const none = check({ timestamp: undefined, signature: undefined });
    expect(none).toMatchObject({ ok: false, status: 401 });
    expect(!none.ok && none.reason).toContain('x-af-timestamp and x-af-signature missing');
    const noSig = check({ signature: '' });
    expect(!noSig.ok && noSig.reason).toMatch(/^Unsigned request: x-af-signature missing/);
  });

  it('refuses malformed headers with 400', () => {
    expect(check({ timestamp: '2026-12-03T10:00:00Z' })).toMatchObject({ ok: false, status: 400 });
    expect(check({ signature: 'abc' })).toMatchObject({ ok: false, status: 400 });
    expect(check({ signature: ['sha256=' + 'a'.repeat(64), 'sha256=' + 'b'.repeat(64)] })).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a wrong secret and a tampered body with 401', () => {
    expect(check({ signature: signWebhook('other', nowSec, body) })).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/^Bad signature/) });
    expect(check({ rawBody: body.replace('world', 'World') })).toMatchObject({ ok: false, status: 401 });
    // The timestamp is signed too: moving it breaks the signature.
    expect(check({ timestamp: String(nowSec + 1) })).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses timestamps outside the tolerance, old or in the future', () => {
    const old = nowSec - 301;
    const tooOld = check({ timestamp: String(old), signature: signWebhook(secret, old, body) });
    expect(tooOld).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('too old') });
    const ahead = nowSec + 301;
    expect(check({ timestamp: String(ahead), signature: signWebhook(secret, ahead, body) })).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringContaining('in the future'),
    });
    const edge = nowSec - 300;
    expect(check({ timestamp: String(edge), signature: signWebhook(secret, edge, body) })).toMatchObject({ ok: true });
    const custom = nowSec - 20;
    expect(check({ timestamp: String(custom), signature: signWebhook(secret, custom, body), toleranceSec: 10 })).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a replay of an accepted request with 409, and accepts it again once forgotten', () => {
    const replay = new ReplayCache();
    expect(check({ replay })).toMatchObject({ ok: true });
    expect(check({ replay, nowMs: nowMs + 60_000 })).toMatchObject({ ok: false, status: 409 });
    // A rejected (wrongly signed) request is not remembered.
    const bad = check({ replay, signature: signWebhook('other', nowSec, 'x') });
    expect(bad).toMatchObject({ ok: false, status: 401 });
    expect(replay.size).toBe(1);
    // A new timestamp is a new request.
    const later = nowSec + 1;
    expect(check({ replay, timestamp: String(later), signature: signWebhook(secret, later, body), nowMs: nowMs + 1000 })).toMatchObject({ ok: true });
    const first = check({ replay: new ReplayCache() });
    if (!first.ok) throw new Error('expected ok');
    replay.forget(first.replayKey);
    expect(check({ replay })).toMatchObject({ ok: true });
  });
});

describe('ReplayCache', () => {
  it('forgets entries when they expire', () => {
    const cache = new ReplayCache();
    cache.remember('a', 1000, 0);
    expect(cache.has('a', 999)).toBe(true);
    expect(cache.has('a', 1000)).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('stays bounded: expired entries go first, then the oldest', () => {
    const cache = new ReplayCache(3);
    cache.remember('a', 10_000, 0);
    cache.remember('b', 50, 0);
    cache.remember('c', 10_000, 0);
    cache.remember('d', 10_000, 100); // b expired: it goes, a stays
    expect(cache.size).toBe(3);
    expect(cache.has('a', 100)).toBe(true);
    expect(cache.has('b', 0)).toBe(false);
    cache.remember('e', 10_000, 100); // none expired: the oldest (a) goes
    expect(cache.has('a', 100)).toBe(false);
    expect(['c', 'd', 'e'].every((k) => cache.has(k, 100))).toBe(true);
    for (let i = 0; i < 100; i++) cache.remember(`k${i}`, 10_000, 100);
    expect(cache.size).toBe(3);
  });
});
