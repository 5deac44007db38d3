import { describe, expect, it } from 'vitest';
import type { LinkSpan } from '@shared/entities/rag';
import { chunkAt, nameKey, resolveLinks, resolveTarget, stemKey } from './resolve';

const link = (target: string, kind: LinkSpan['kind'] = 'markdown', start = 0): LinkSpan => ({
  kind,
  target,
  text: target,
  start,
  end: start + 1,
});

describe('link targets', () => {
  it('resolve relative paths against the document, without fragment or query, decoded', () => {
    expect(resolveTarget('/kb/docs/guide.md', './setup.md#install')).toBe('/kb/docs/setup.md');
    expect(resolveTarget('/kb/docs/guide.md', '../other%20docs/a.md?x=1')).toBe(
      '/kb/other docs/a.md',
    );
    expect(resolveTarget('/kb/docs/guide.md', 'faq.md')).toBe('/kb/docs/faq.md');
    expect(resolveTarget('/kb/docs/guide.md', 'file:///kb/x.md')).toBe('/kb/x.md');
    expect(resolveTarget('C:\\kb\\docs\\guide.md', '../faq.md')).toBe('C:\\kb\\faq.md');
  });

  it('drop external URLs and links to the document itself', () => {
    for (const target of [
      'https://example.com/a.md',
      'mailto:a@b.c',
      '//cdn.example.com/x.js',
      '#top',
      './guide.md#top',
      '?q=1',
    ]) {
      expect(resolveTarget('/kb/docs/guide.md', target), target).toBeUndefined();
    }
  });

  it('match extensionless links and script imports by stem, wiki links by name', () => {
    const doc = '/kb/src/app.ts';
    const links = [
      link('./util', 'import'),
      link('./parser.js', 'import'),
      link('../lib/index', 'import'),
      link('./data.json', 'import'),
      link('./guide', 'markdown'),
      link('./guide.md', 'markdown'),
      link('notes/Pricing Model.md', 'wiki'),
      link('Release v1.2 notes', 'wiki'),
      link('https://example.com', 'html'),
      link('./app.js', 'import'),
    ];
    expect(resolveLinks(doc, links, []).map((l) => [l.match, l.target])).toEqual([
      ['stem', '/kb/src/util'],
      ['stem', '/kb/src/parser'],
      ['stem', '/kb/lib'],
      ['path', '/kb/src/data.json'],
      ['stem', '/kb/src/guide'],
      ['path', '/kb/src/guide.md'],
      ['name', 'pricing model'],
      ['name', 'release v1.2 notes'],
    ]);
  });

  it('have keys that a folder index and a module file share', () => {
    expect(stemKey('/kb/lib/index.ts')).toBe('/kb/lib');
    expect(stemKey('/kb/pkg/__init__.py')).toBe('/kb/pkg');
    expect(stemKey('/kb/lib.ts')).toBe('/kb/lib');
    expect(stemKey('/kb/.hidden')).toBe('/kb/.hidden');
    expect(stemKey('C:\\kb\\util.py')).toBe('C:\\kb\\util');
    expect(nameKey('/kb/notes/Pricing Model.md')).toBe('pricing model');
  });
});

describe('chunkAt', () => {
  const chunks = [
    { index: 0, start: 10, end: 50 },
    { index: 1, start: 40, end: 90 },
    { index: 2, start: 100, end: 140 },
  ];
  it('gives the first chunk covering the offset, else the nearest', () => {
    expect(chunkAt(chunks, 45)).toBe(0);
    expect(chunkAt(chunks, 60)).toBe(1);
    expect(chunkAt(chunks, 0)).toBe(0);
    expect(chunkAt(chunks, 97)).toBe(2);
    expect(chunkAt([], 5)).toBeNull();
  });
});
