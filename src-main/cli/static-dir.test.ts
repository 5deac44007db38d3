import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStaticDir } from './serve';

describe('the built UI serve finds', () => {
  it('is out/renderer whether serve is bundled into out/main or into a chunk below it', () => {
    const out = mkdtempSync(join(tmpdir(), 'af-out-'));
    mkdirSync(join(out, 'renderer'));
    mkdirSync(join(out, 'main', 'chunks'), { recursive: true });
    writeFileSync(join(out, 'renderer', 'index.html'), '<div id="root"></div>');
    expect(defaultStaticDir(join(out, 'main'))).toBe(join(out, 'renderer'));
    expect(defaultStaticDir(join(out, 'main', 'chunks'))).toBe(join(out, 'renderer'));
  });
});
