import { describe, expect, test } from 'vitest';
import { namespacedToolName, PROVIDER_SAFE_NAME, serverPrefix } from './names';

describe('namespacedToolName', () => {
  test('plain names are joined with __', () => {
    expect(namespacedToolName('github', 'search')).toBe('github__search');
    expect(namespacedToolName('brave-search', 'web_search')).toBe('brave-search__web_search');
  });

  test('two servers with the same tool get different names', () => {
    expect(namespacedToolName('github', 'search')).not.toBe(namespacedToolName('brave', 'search'));
  });

  test('server names are cleaned to the safe charset without a double underscore', () => {
    expect(serverPrefix('My Files (work)')).toBe('My_Files_work');
    expect(serverPrefix('a__b')).toBe('a_b');
    expect(namespacedToolName('My Files', 'read')).toBe('My_Files__read');
  });

  test('unsafe or long tool names keep a readable part plus a hash, and stay distinct', () => {
    const dotted = namespacedToolName('fs', 'files.read');
    const underscored = namespacedToolName('fs', 'files_read');
    expect(underscored).toBe('fs__files_read');
    expect(dotted).toMatch(/^fs__files_read_[0-9a-f]{8}$/);
    expect(dotted).not.toBe(underscored);
    const long = namespacedToolName('a-rather-long-server-name-indeed-yes', 'x'.repeat(120));
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).not.toBe(
      namespacedToolName('a-rather-long-server-name-indeed-yes', `${'x'.repeat(119)}y`),
    );
  });

  test('every result matches ^[a-zA-Z0-9_-]{1,64}$', () => {
    const names = ['', '日本語', '!!!', 'x'.repeat(200), 'ok'];
    for (const server of names)
      for (const tool of names)
        expect(namespacedToolName(server, tool)).toMatch(PROVIDER_SAFE_NAME);
  });
});
