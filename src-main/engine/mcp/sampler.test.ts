import { describe, expect, test } from 'vitest';
import type { ModelRef } from '@shared/entities/model';
import { chooseModel, parseModelChoice } from './sampler';

const known: ModelRef[] = [
  { provider: 'ollama', model: 'llama3.2' },
  { provider: 'anthropic', model: 'claude-sonnet-4' },
];
const params = (hints: string[]) => ({
  messages: [],
  maxTokens: 10,
  modelPreferences: { hints: hints.map((name) => ({ name })) },
});

describe('sampling model choice', () => {
  test('the user’s choice wins; provider:model or a bare model on the first provider', () => {
    expect(chooseModel(params(['claude']), known, 'openai:gpt-4o-mini')).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(parseModelChoice('qwen3', known[0])).toEqual({ provider: 'ollama', model: 'qwen3' });
    expect(parseModelChoice('qwen3', undefined)).toBeUndefined();
  });

  test('else the first hint that names a known model, in the hints’ order; else the first known model', () => {
    expect(chooseModel(params(['gpt', 'claude']), known, undefined)).toEqual(known[1]);
    expect(chooseModel(params(['gemini']), known, undefined)).toEqual(known[0]);
    expect(chooseModel(params([]), [], undefined)).toBeUndefined();
  });
});
