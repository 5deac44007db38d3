import { describe, expect, it } from 'vitest';
import { agentUsesTools, modelWarnings } from './model-warnings';

const caps = (tools: boolean | null, vision: boolean | null) => ({
  tools,
  vision,
  embedding: false,
  contextLength: null,
});

describe('modelWarnings', () => {
  it('warns about tools on a model without tool support, only when the agent uses tools', () => {
    expect(modelWarnings(caps(false, true), { usesTools: true })).toEqual([
      { kind: 'tools', message: 'This model does not support tools' },
    ]);
    expect(modelWarnings(caps(false, true), { usesTools: false })).toEqual([]);
    expect(modelWarnings(caps(true, true), { usesTools: true })).toEqual([]);
  });

  it('warns about an image on a model without vision', () => {
    expect(modelWarnings(caps(true, false), { hasImages: true })).toEqual([
      { kind: 'vision', message: 'This model cannot see images' },
    ]);
    expect(modelWarnings(caps(true, false), {})).toEqual([]);
    expect(
      modelWarnings(caps(false, false), { usesTools: true, hasImages: true }).map((w) => w.kind),
    ).toEqual(['tools', 'vision']);
  });

  it('stays quiet when the capability is unknown', () => {
    expect(modelWarnings(caps(null, null), { usesTools: true, hasImages: true })).toEqual([]);
    expect(modelWarnings(undefined, { usesTools: true, hasImages: true })).toEqual([]);
    expect(modelWarnings(null, { usesTools: true })).toEqual([]);
  });
});

describe('agentUsesTools', () => {
  it('counts tools, knowledge search (tool/both) and delegation', () => {
    expect(agentUsesTools({ tools: [], knowledgeBaseIds: [], delegateIds: [] })).toBe(false);
    expect(agentUsesTools({ tools: [{ kind: 'builtin', name: 'current_time' }] })).toBe(true);
    expect(agentUsesTools({ knowledgeBaseIds: ['kb1'], knowledge: { mode: 'tool' } })).toBe(true);
    expect(agentUsesTools({ knowledgeBaseIds: ['kb1'], knowledge: { mode: 'both' } })).toBe(true);
    expect(agentUsesTools({ knowledgeBaseIds: ['kb1'], knowledge: { mode: 'auto' } })).toBe(false);
    expect(agentUsesTools({ knowledgeBaseIds: [], knowledge: { mode: 'tool' } })).toBe(false);
    expect(agentUsesTools({ delegateIds: ['a2'] })).toBe(true);
  });
});
