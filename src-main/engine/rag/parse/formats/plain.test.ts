import { describe, expect, it } from 'vitest';
import { isDocumentParseError } from '../errors';
import { jsonDepth, jsonToStructured, MAX_JSON_DEPTH } from './plain';

describe('JSON depth', () => {
  it('counts nesting outside strings, escapes included', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[[{{{{\\\\"}')).toBe(1);
    expect(jsonDepth('["\\"[[[", []]')).toBe(2);
  });

  it('pretty-prints up to the limit and refuses deeper JSON with a typed error, without recursing', () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(jsonToStructured(ok, 'ok.json').text.startsWith('[')).toBe(true);
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    let caught: unknown;
    try {
      jsonToStructured(deep, 'deep.json');
    } catch (error) {
      caught = error;
    }
    expect(isDocumentParseError(caught)).toBe(true);
    expect(caught).toMatchObject({ reason: 'too_deep', code: 'VALIDATION', message: expect.stringContaining('deep.json') });
  });
});
