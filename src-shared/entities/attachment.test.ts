import { describe, expect, it } from 'vitest';
import { imageTypeOf, visionSupportByName } from './attachment';

describe('visionSupportByName', () => {
  const of = (model: string) => visionSupportByName({ model });

  it('knows vision models by their names and tags', () => {
    for (const model of ['llava', 'llava:13b', 'library/llava', 'llama3.2-vision:11b', 'minicpm-v', 'qwen2.5vl:7b', 'gemma3:4b', 'gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'openai/gpt-4o', 'claude-3-5-sonnet-latest', 'claude-sonnet-4-20250514', 'claude-opus-4-1'])
      expect(of(model), model).toBe('yes');
  });

  it('knows well-known text models, vision-less variants included', () => {
    for (const model of ['llama3.2', 'llama3.1:8b', 'qwen2.5', 'mistral', 'phi4', 'deepseek-r1', 'gemma3:1b', 'gpt-3.5-turbo', 'gpt-4', 'o3-mini', 'nomic-embed-text', 'claude-2.1'])
      expect(of(model), model).toBe('no');
  });

  it('does not guess about names it does not know', () => {
    for (const model of ['test-model', 'house-special', 'my-finetune']) expect(of(model), model).toBe('unknown');
  });
});

describe('imageTypeOf', () => {
  it('names the image types by extension, in any case, and nothing else', () => {
    expect(['a.png', 'b.JPG', 'c.jpeg', 'd.gif', 'e.webp'].map(imageTypeOf)).toEqual(['image/png', 'image/jpeg', 'image/jpeg', 'image/gif', 'image/webp']);
    expect(['notes.md', 'png', 'a.png.txt', 'photo.heic'].map(imageTypeOf)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
