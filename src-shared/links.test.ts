import { describe, expect, it } from 'vitest';
import { isExternalLinkAllowed } from './links';

describe('isExternalLinkAllowed', () => {
  it('allows absolute http(s) and mailto links', () => {
    for (const url of [
      'https://example.com',
      'http://example.com/a?b=c#d',
      'HTTPS://EXAMPLE.COM/x',
      '  https://example.com/padded  ',
      'mailto:someone@example.com',
    ])
      expect(isExternalLinkAllowed(url), url).toBe(true);
  });

  it('refuses script, file, data and custom schemes, relative paths and junk', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'agent-factory://run/1',
      'ftp://example.com',
      'blob:https://example.com/uuid',
      '/relative/path',
      'docs/readme.md',
      '#anchor',
      'http:example.com',
      'https://',
      '',
      '   ',
      null,
      undefined,
    ])
      expect(isExternalLinkAllowed(url), String(url)).toBe(false);
  });
});
