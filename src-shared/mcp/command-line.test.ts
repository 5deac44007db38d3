import { describe, expect, test } from 'vitest';
import { displayCommandLine } from './command-line';

describe('displayCommandLine', () => {
  test('quotes what a shell would split', () => {
    expect(
      displayCommandLine('/usr/bin/npx', ['-y', '@scope/pkg@1.0', 'my dir', "it's", '$HOME']),
    ).toBe(`/usr/bin/npx -y @scope/pkg@1.0 'my dir' 'it'\\''s' '$HOME'`);
  });

  test('quotes an empty argument', () => {
    expect(displayCommandLine('/usr/bin/npx', ['-y', 'pkg', '/My Folder', "it's", ''])).toBe(
      `/usr/bin/npx -y pkg '/My Folder' 'it'\\''s' ''`,
    );
  });
});
