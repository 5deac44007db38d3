import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_SECTIONS } from '@shared/settings-sections';

const ROOT = join(import.meta.dirname, '../../..');
const SOURCES = ['src-main', 'src-renderer', 'src-shared'];
/** "Settings → API keys", "Settings › Secrets", "Settings > Models": the words after the arrow. */
const MENTION = /Settings\s*(?:→|›|>|»|->)\s*([^.,;:()`'"\n]+)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Each "Settings → X" the user can read (comments left out) with where it is. */
function mentions(): { where: string; section: string }[] {
  return SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        if (/^\s*(\/\/|\/\*|\*)/.test(line)) return [];
        return [...line.matchAll(MENTION)].map((m) => ({
          where: `${relative(ROOT, file)}:${i + 1}`,
          section: m[1]!.trim(),
        }));
      }),
  );
}

describe('hints that point to a Settings section', () => {
  const titles = Object.values(SETTINGS_SECTIONS);

  it('name a section the Settings page has', () => {
    const found = mentions();
    expect(found.length).toBeGreaterThan(3);
    const wrong = found.filter(({ section }) => !titles.some((t) => section.startsWith(t)));
    expect(wrong).toEqual([]);
  });

  it('finds a wrong one', () => {
    expect('Set it in Settings › Secrets, then retry.'.match(MENTION)).toEqual([
      'Settings › Secrets',
    ]);
    expect(titles.some((t) => 'Secrets'.startsWith(t))).toBe(false);
  });
});
