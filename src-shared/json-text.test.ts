import { describe, expect, it } from 'vitest';
import { describeJsonError, parseJson } from './json-text';

describe('parseJson', () => {
  it('parses valid JSON', () => {
    expect(parseJson('{\r\n\t"a": [1, 2]\r\n}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('places errors by line and column with CRLF line ends and tabs (a tab is one column)', () => {
    const text = '{\r\n\t"a": [1,\t],\r\n\t"b": 2\r\n}';
    const error = parseJson(text);
    expect(error).toMatchObject({ ok: false, line: 2, column: 11, offset: 13 });
    expect(text[13]).toBe(']');
    expect(!error.ok && describeJsonError(error)).toBe('line 2, column 11: Unexpected "]"');
    expect(parseJson('{\r\n\t"a": tru\r\n}')).toMatchObject({ line: 2, column: 7 });
  });

  it('counts a lone CR as a line end, as editors do', () => {
    expect(parseJson('{\r"a": 1\r"b": 2}')).toMatchObject({ line: 3, column: 1 });
  });
});
