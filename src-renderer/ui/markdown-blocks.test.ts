import { describe, expect, it } from 'vitest';
import { splitMarkdownBlocks } from './markdown-blocks';

describe('splitMarkdownBlocks', () => {
  it('cuts at blank lines before text at the margin, and the blocks give the text back', () => {
    const text =
      '# Title\n\nA paragraph\nwith two lines.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
    const blocks = splitMarkdownBlocks(text);
    expect(blocks).toEqual([
      '# Title\n\n',
      'A paragraph\nwith two lines.\n\n',
      '- one\n- two\n\n',
      '| a | b |\n|---|---|\n| 1 | 2 |\n',
    ]);
    expect(blocks.join('')).toBe(text);
  });

  it('never cuts inside a fenced code block, even one still open while streaming', () => {
    const code = '```ts\nconst a = 1;\n\nconst b = 2;\n\n~~~\nnot a close\n```\n';
    expect(splitMarkdownBlocks(`Intro\n\n${code}\nAfter`)).toEqual([
      'Intro\n\n',
      code + '\n',
      'After',
    ]);
    const open = '````\ncode\n\n```\nstill code\n\nmore';
    expect(splitMarkdownBlocks(`Intro\n\n${open}`)).toEqual(['Intro\n\n', open]);
  });

  it('keeps indented continuations (list paragraphs, indented code) with the block above', () => {
    const text = '1. First\n\n   More about the first.\n\n       indented code\n\n2. Second\n';
    expect(splitMarkdownBlocks(text)).toEqual([
      '1. First\n\n   More about the first.\n\n       indented code\n\n',
      '2. Second\n',
    ]);
  });

  it('handles CRLF line ends and empty text', () => {
    expect(splitMarkdownBlocks('a\r\n\r\nb\r\n')).toEqual(['a\r\n\r\n', 'b\r\n']);
    expect(splitMarkdownBlocks('')).toEqual([]);
  });
});
