import { afterEach, describe, expect, it } from 'vitest';
import { takeToken } from './token';

afterEach(() => {
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('access token', () => {
  it('takes the token from the URL, keeps it for reloads and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc%2B1&x=2#/agents');
    expect(takeToken()).toBe('abc+1');
    expect(window.location.search).toBe('?x=2');
    expect(window.location.hash).toBe('#/agents');
    // A reload: the URL has no token any more.
    expect(takeToken()).toBe('abc+1');
  });

  it('is null when the page was opened without one', () => {
    expect(takeToken()).toBeNull();
  });
});
