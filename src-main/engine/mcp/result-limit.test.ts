import { describe, expect, test } from 'vitest';
import { cutUtf8, limitToolResult } from './result-limit';

describe('limitToolResult', () => {
  test('a result within the limit is unchanged', () => {
    const result = { content: [{ type: 'text', text: 'short' }], structuredContent: { a: 1 } };
    expect(limitToolResult(result, 1024)).toEqual({
      ...result,
      truncated: false,
      originalBytes: 12,
    });
  });

  test('text over the limit is cut at a character boundary and ends with a clear marker', () => {
    const text = 'é'.repeat(3000);
    const out = limitToolResult({ content: [{ type: 'text', text }] }, 1001);
    expect(out.truncated).toBe(true);
    const cut = String(out.content[0]!.text);
    expect(cut.startsWith('é'.repeat(500))).toBe(true);
    expect(cut).not.toContain('\uFFFD');
    expect(cut).toMatch(/\[TRUNCATED: the tool returned 6 KB; only the first 1 KB are shown\.\]$/);
  });

  test('blocks after the limit and oversized binary are replaced by notes; large structured content is dropped', () => {
    const out = limitToolResult(
      {
        content: [
          { type: 'text', text: 'a'.repeat(10) },
          { type: 'image', data: 'A'.repeat(5000), mimeType: 'image/png' },
          { type: 'text', text: 'after' },
        ],
        structuredContent: { big: 'b'.repeat(5000) },
      },
      100,
    );
    expect(out.content[0]).toEqual({ type: 'text', text: 'a'.repeat(10) });
    expect(out.content[1]!.text).toMatch(/TRUNCATED: a image block of 5 KB was left out/);
    expect(out.content.at(-1)!.text).toMatch(/structured content of 5 KB was left out/);
    expect(out.structuredContent).toBeUndefined();
  });

  test('cutUtf8 never exceeds the byte budget', () => {
    for (const budget of [0, 1, 2, 3, 4, 5])
      expect(Buffer.byteLength(cutUtf8('a€b€', budget))).toBeLessThanOrEqual(budget);
    expect(cutUtf8('a€b€', 4)).toBe('a€');
  });
});
