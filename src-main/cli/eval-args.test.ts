import { describe, expect, it } from 'vitest';
import { parseCount, parseFailUnder, parseTags, parseTarget, suiteFormat } from './eval-args';

describe('eval run arguments', () => {
  it('reads --agent A[@revision], a name with an @ in it, and --model applied to the target', () => {
    expect(parseTarget('Support')).toEqual({ agent: 'Support' });
    expect(parseTarget('Support@3')).toEqual({ agent: 'Support', revision: 3 });
    expect(parseTarget('ops@team@12')).toEqual({ agent: 'ops@team', revision: 12 });
    expect(parseTarget('ops@team')).toEqual({ agent: 'ops@team' });
    expect(parseTarget('Support@0', { provider: 'ollama', model: 'llama3.2' })).toEqual({
      agent: 'Support',
      revision: 0,
      model: { provider: 'ollama', model: 'llama3.2' },
    });
    expect(() => parseTarget('Support@')).toThrow('has no revision number after @');
    expect(() => parseTarget('@3')).toThrow('names no agent');
    expect(() => parseTarget('  ')).toThrow('names no agent');
  });

  it('reads --fail-under as a rate or a percentage, and refuses anything outside 0..1', () => {
    expect(parseFailUnder('0.9')).toBe(0.9);
    expect(parseFailUnder('80%')).toBeCloseTo(0.8);
    expect(parseFailUnder('100%')).toBe(1);
    expect(parseFailUnder('0')).toBe(0);
    for (const bad of ['1.5', '120%', '-0.1', 'most', '', '%']) expect(() => parseFailUnder(bad), bad).toThrow('is not a rate from 0 to 1');
  });

  it('reads counts and tags, and tells suite files by extension', () => {
    expect(parseCount('3', '--trials', 1, 50)).toBe(3);
    for (const bad of ['0', '51', '2.5', 'x', '']) expect(() => parseCount(bad, '--trials', 1, 50), bad).toThrow('--trials');
    expect(parseTags(['smoke,billing', ' smoke ', 'refunds'])).toEqual(['smoke', 'billing', 'refunds']);
    expect(parseTags(undefined)).toBeUndefined();
    expect(() => parseTags([' , '])).toThrow('names no tag');
    expect(suiteFormat('suites/support.yaml')).toBe('yaml');
    expect(suiteFormat('a.YML')).toBe('yaml');
    expect(suiteFormat('/x/retrieval.json')).toBe('json');
    expect(suiteFormat('Support suite')).toBeUndefined();
  });
});
