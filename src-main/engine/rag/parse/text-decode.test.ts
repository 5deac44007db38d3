import { describe, expect, it } from 'vitest';
import { isDocumentParseError } from './errors';
import { decodeText } from './text-decode';

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
    return 'decoded';
  } catch (error) {
    return isDocumentParseError(error) ? error.reason : 'other';
  }
};

describe('decodeText', () => {
  it('reads UTF-8 (with or without BOM), UTF-16 with BOM and legacy Windows-1252', () => {
    expect(decodeText(Buffer.from('\ufeffhällo\r\nwörld'), 'a.txt')).toBe('hällo\nwörld');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ünï', 'utf16le')]), 'a.txt')).toBe('ünï');
    expect(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x41, 0x00, 0x42]), 'a.txt')).toBe('AB');
    expect(decodeText(Buffer.from('na\xefve caf\xe9 \x93quoted\x94', 'latin1'), 'a.txt')).toBe('naïve café “quoted”');
  });

  it('rejects binary data as binary', () => {
    expect(reasonOf(() => decodeText(Buffer.from('text\0with nul'), 'a.txt'))).toBe('binary');
    const high = Buffer.alloc(4096).map((_, i) => 0x80 + ((i * 37) % 128));
    expect(reasonOf(() => decodeText(high, 'a.txt'))).toBe('binary');
    const controls = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 0x01 : 0x61)));
    expect(reasonOf(() => decodeText(controls, 'a.txt'))).toBe('binary');
  });
});
