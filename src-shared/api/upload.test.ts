import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_CHUNK_BYTES, uploadMethods, uploadPathProblem } from './upload';

const chunk = uploadMethods['kb.upload.chunk'].input;
const base64Of = (bytes: number) => btoa('x'.repeat(bytes));

describe('the upload contract', () => {
  it('keeps relative paths inside the upload', () => {
    for (const ok of ['a.md', 'notes/2024/a b.md', 'ünï/çødé.txt', '.hidden/x.md', 'a..b.md'])
      expect(uploadPathProblem(ok), ok).toBeUndefined();
    for (const bad of ['', '..', 'a/../b', '/a', 'C:/a', 'c:a', 'a\\b', 'a//b', 'a/', './a', 'a\0b', 'a\nb', `${'x'.repeat(256)}/a`])
      expect(uploadPathProblem(bad), JSON.stringify(bad)).toBeTruthy();
  });

  it('takes chunks of at most 1 MiB of standard base64', () => {
    const input = (dataBase64: string) => ({ uploadId: 'u', file: 0, offset: 0, dataBase64 });
    expect(chunk.safeParse(input(base64Of(MAX_UPLOAD_CHUNK_BYTES))).success).toBe(true);
    expect(chunk.safeParse(input(base64Of(MAX_UPLOAD_CHUNK_BYTES + 1))).success).toBe(false);
    expect(chunk.safeParse(input('not base64!')).success).toBe(false);
    expect(chunk.safeParse(input('')).success).toBe(false);
  });
});
