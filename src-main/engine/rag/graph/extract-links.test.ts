import { describe, expect, it } from 'vitest';
import { htmlToStructured } from '../parse/formats/html';
import { markdownToStructured } from '../parse/formats/markdown';
import { codeLinks, markdownLinks } from './extract-links';

const targets = (links: Array<{ target: string }>) => links.map((l) => l.target);

describe('Markdown links', () => {
  const text = [
    '# Guide',
    '',
    'See the [setup *steps*](./setup.md#install "Setup") and [[Glossary]] or [[notes/Pricing Model|prices]].',
    'An image ![logo](./logo.png) is not a link; [spaced](<../other docs/a b.md>) is.',
    'External: [site](https://example.com/x) and `[code](./not-a-link.md)` in code.',
    '',
    '```md',
    '[inside](./fenced.md)',
    '```',
    '',
    '[ref]: ./reference.md "Ref"',
  ].join('\n');

  it('finds inline, wiki and reference links with anchor text and offsets, not in code or images', () => {
    const { links = [], codeBlocks } = markdownToStructured(text);
    expect(links).toEqual(markdownLinks(text, codeBlocks));
    expect(links.map((l) => [l.kind, l.target, l.text])).toEqual([
      ['markdown', './setup.md#install', 'setup *steps*'],
      ['wiki', 'Glossary', 'Glossary'],
      ['wiki', 'notes/Pricing Model', 'prices'],
      ['markdown', '../other docs/a b.md', 'spaced'],
      ['markdown', 'https://example.com/x', 'site'],
      ['markdown', './reference.md', 'ref'],
    ]);
    for (const l of links) expect(text.slice(l.start, l.end)).toMatch(/^\[/);
    expect(text.slice(links[0]!.start, links[0]!.end)).toBe(
      '[setup *steps*](./setup.md#install "Setup")',
    );
  });
});

describe('imports in source code', () => {
  it('finds relative JavaScript and TypeScript imports, exports and requires, not packages', () => {
    const code = [
      "import { parse } from './parser';",
      "import type { Chunk } from '../entities/chunk.js';",
      "import './side-effect';",
      "import React from 'react';",
      "export * from './reexported';",
      "export { a, b } from './named';",
      "const fs = require('node:fs');",
      "const util = require('../util');",
      "const lazy = await import('./lazy');",
    ].join('\n');
    const links = codeLinks(code, 'typescript');
    expect(targets(links)).toEqual([
      './parser',
      '../entities/chunk.js',
      './side-effect',
      './reexported',
      './named',
      '../util',
      './lazy',
    ]);
    expect(links[0]).toMatchObject({
      kind: 'import',
      text: "import { parse } from './parser';",
      start: 0,
    });
  });

  it('turns Python relative imports into relative module paths', () => {
    const code = [
      'from .models import User',
      'from ..core.db import session',
      'from . import views, urls',
      'from os import path',
      'import json',
    ].join('\n');
    expect(targets(codeLinks(code, 'python'))).toEqual([
      './models',
      '../core/db',
      './views',
      './urls',
    ]);
  });

  it('finds C includes in quotes, CSS imports and Ruby require_relative', () => {
    expect(targets(codeLinks('#include <stdio.h>\n#include "util/strings.h"\n', 'c'))).toEqual([
      'util/strings.h',
    ]);
    expect(
      targets(codeLinks("@import './base.css';\n@import url('https://x.org/y.css');", 'css')),
    ).toEqual(['./base.css']);
    expect(targets(codeLinks("require_relative 'lib/helper'\nrequire 'json'", 'ruby'))).toEqual([
      './lib/helper',
    ]);
  });

  it('finds nothing in a language without relative imports', () => {
    expect(codeLinks('package main\nimport "fmt"', 'go')).toEqual([]);
  });
});

describe('HTML anchors', () => {
  it('are captured before the page becomes text: target, anchor text and its place in the text', () => {
    const html = `<html><head><title>Index</title></head><body>
      <p>Read the <a href="guide/setup.html#top">setup <b>guide</b></a> first.</p>
      <ul><li><a href="../faq.html">FAQ</a></li><li><a href="https://example.com">elsewhere</a></li></ul>
      <p><a name="anchor-only">no href</a></p></body></html>`;
    const { text, links = [] } = htmlToStructured(html, { mainContent: false });
    expect(links.map((l) => [l.kind, l.target, l.text])).toEqual([
      ['html', 'guide/setup.html#top', 'setup guide'],
      ['html', '../faq.html', 'FAQ'],
      ['html', 'https://example.com', 'elsewhere'],
    ]);
    expect(text.slice(links[0]!.start, links[0]!.end)).toBe('setup guide');
    expect(text.slice(links[1]!.start, links[1]!.end)).toBe('FAQ');
  });

  it('keeps relative targets as written when Readability picks the article', () => {
    const body = 'The lighthouse keeper wrote a long account of the storm and the ship. '.repeat(6);
    const html = `<html><body><article><h1>Storm</h1><p>${body} See <a href="./ships.html">the ships</a>.</p><p>${body}</p></article></body></html>`;
    const { links = [] } = htmlToStructured(html);
    expect(links.map((l) => l.target)).toEqual(['./ships.html']);
  });
});
