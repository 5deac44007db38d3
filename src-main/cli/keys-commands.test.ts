import { describe, expect, it } from 'vitest';
import { parseExpires } from './keys-commands';

describe('keys create --expires', () => {
  it('reads days, with or without the d', () => {
    expect(parseExpires(undefined)).toBeUndefined();
    expect(parseExpires('30d')).toBe(30);
    expect(parseExpires('7')).toBe(7);
    expect(parseExpires(' 90D ')).toBe(90);
  });

  it('refuses what is not a whole number of days from 1 to 3650', () => {
    for (const bad of ['0d', '3651d', '1.5d', '2w', 'soon', '-3d', ''])
      expect(() => parseExpires(bad), bad).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('--expires') }));
  });
});
