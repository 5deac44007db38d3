import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '@shared/entities/rag';
import { citationFor, createDocumentParser, localTokenizerSpec, type DocumentParser } from '../../src-main/engine/rag/index';
import { makeDocx } from './generate/docx';
import { makePdf } from './generate/pdf';

let dir: string;
let parser: DocumentParser;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'af-rag-formats-'));
  parser = createDocumentParser({ workers: 2 });
});

afterAll(async () => {
  await parser?.close();
  expect(parser.stats().workers).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const parseAndChunk = (path: string, maxTokens = 64) =>
  parser.parseFile(path, { chunking: { documentId: 'doc', tokenizer: localTokenizerSpec(), maxTokens, overlapTokens: 8 } });

function chunkWith(chunks: Chunk[] | undefined, needle: string): Chunk {
  const chunk = chunks?.find((c) => c.text.includes(needle));
  if (!chunk) throw new Error(`no chunk contains ${needle}`);
  return chunk;
}

describe('parsing every supported format (in worker threads)', () => {
  it('PDF: text per page, page offsets and page citations', async () => {
    const pdf = await makePdf(
      [
        ['Quarterly report', 'Revenue grew in the north region.'],
        ['Second page mentions the lighthouse keeper.'],
        ['Third page closes with a summary.'],
      ],
      'Q3 Report',
    );
    const { document, chunks } = await parseAndChunk(write('report.pdf', pdf));
    expect(document.format).toBe('pdf');
    expect(document.title).toBe('Q3 Report');
    expect(document.pages.map((p) => p.number)).toEqual([1, 2, 3]);
    const pageText = document.pages.map((p) => document.text.slice(p.start, p.end));
    expect(pageText).toEqual([
      'Quarterly report\nRevenue grew in the north region.',
      'Second page mentions the lighthouse keeper.',
      'Third page closes with a summary.',
    ]);
    const cited = citationFor(chunkWith(chunks, 'lighthouse'));
    expect(cited.pageStart).toBe(2);
    expect(document.text.slice(cited.start, cited.end)).toContain('lighthouse keeper');
    expect(chunkWith(chunks, 'summary').pageStart).toBe(3);
  });

  it('DOCX: headings, paragraphs and heading paths', async () => {
    const docx = makeDocx([
      { heading: 1, text: 'Handbook' },
      { text: 'Welcome to the team handbook.' },
      { heading: 2, text: 'Holidays' },
      { text: 'Everyone gets twenty-five days of paid leave.' },
      { heading: 2, text: 'Equipment' },
      { text: 'Laptops are replaced every three years.' },
    ]);
    const { document, chunks } = await parseAndChunk(write('handbook.docx', docx));
    expect(document.format).toBe('docx');
    expect(document.headings.map((h) => [h.level, h.title])).toEqual([
      [1, 'Handbook'],
      [2, 'Holidays'],
      [2, 'Equipment'],
    ]);
    for (const h of document.headings) expect(document.text.slice(h.start, h.end)).toBe(`${'#'.repeat(h.level)} ${h.title}`);
    expect(chunkWith(chunks, 'twenty-five').headingPath).toEqual(['Handbook', 'Holidays']);
    expect(chunkWith(chunks, 'Laptops').headingPath).toEqual(['Handbook', 'Equipment']);
  });

  it('HTML: main content only, headings and code blocks', async () => {
    const article = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} explains how the retrieval engine ranks passages by similarity and freshness.</p>`).join('');
    const html =
      '<!doctype html><html><head><title>Engine notes</title><script>window.evil = "SCRIPT-TEXT"</script></head><body>' +
      '<nav><a href="/">Home</a> <a href="/x">NAV-LINK-TEXT</a></nav>' +
      `<article><h1>Engine notes</h1>${article}<h2>Example</h2><pre><code class="language-python">print("hi")</code></pre>` +
      '<h2>Lists</h2><ul><li>first item</li><li>second item</li></ul></article>' +
      '<footer>FOOTER-TEXT copyright</footer></body></html>';
    const { document, chunks } = await parseAndChunk(write('notes.html', html));
    expect(document.format).toBe('html');
    expect(document.title).toBe('Engine notes');
    for (const junk of ['SCRIPT-TEXT', 'NAV-LINK-TEXT', 'FOOTER-TEXT']) expect(document.text).not.toContain(junk);
    expect(document.headings.map((h) => h.title)).toEqual(['Engine notes', 'Example', 'Lists']);
    expect(document.codeBlocks).toHaveLength(1);
    const code = document.codeBlocks[0];
    expect(code?.language).toBe('python');
    expect(document.text.slice(code?.start, code?.end)).toBe('```python\nprint("hi")\n```');
    expect(document.text).toContain('- first item\n- second item');
    expect(chunkWith(chunks, 'print').kind).toBe('code');
  });

  it('Markdown: text unchanged, headings outside code fences only', async () => {
    const md = '---\ntitle: Setup guide\n---\n# Install\n\nRun the installer.\n\n## Configure\n\n```bash\n# not a heading\nexport A=1\n```\n\nSetext Title\n============\n\nDone.\n';
    const { document, chunks } = await parseAndChunk(write('guide.md', md));
    expect(document.text).toBe(md);
    expect(document.title).toBe('Setup guide');
    expect(document.headings.map((h) => [h.level, h.title])).toEqual([
      [1, 'Install'],
      [2, 'Configure'],
      [1, 'Setext Title'],
    ]);
    expect(document.codeBlocks.map((c) => [c.language, md.slice(c.start, c.end)])).toEqual([['bash', '```bash\n# not a heading\nexport A=1\n```']]);
    expect(chunkWith(chunks, 'export A=1').headingPath).toEqual(['Install', 'Configure']);
    expect(chunkWith(chunks, 'Done.').headingPath).toEqual(['Setext Title']);
  });

  it('plain text, CSV, JSON and source code', async () => {
    const txt = await parser.parseFile(write('notes.txt', 'line one\r\nline two\r\n\r\ncafé ünïcode\n'));
    expect(txt.document).toMatchObject({ format: 'text', text: 'line one\nline two\n\ncafé ünïcode\n' });

    const latin1 = await parser.parseFile(write('legacy.txt', Buffer.from('Caf\xe9 cr\xe8me br\xfbl\xe9e is a dessert.', 'latin1')));
    expect(latin1.document.text).toBe('Café crème brûlée is a dessert.');

    const csv = await parser.parseFile(write('people.csv', 'name,city\nAda,London\nGrace,New York\n'));
    expect(csv.document).toMatchObject({ format: 'csv', text: 'name,city\nAda,London\nGrace,New York\n' });

    const json = await parser.parseFile(write('config.json', '{"name":"agent","tools":["search","read"]}'));
    expect(json.document.format).toBe('json');
    expect(json.document.text).toBe('{\n  "name": "agent",\n  "tools": [\n    "search",\n    "read"\n  ]\n}');

    const ts = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
    const code = await parseAndChunk(write('math.ts', ts));
    expect(code.document).toMatchObject({ format: 'code', language: 'typescript', text: ts });
    expect(code.chunks?.every((c) => c.kind === 'code' && c.language === 'typescript')).toBe(true);
    expect(code.chunks?.[0]?.text).toBe(ts.trim());
  });

  it('parses bytes as well as paths, and chunks carry the document id', async () => {
    const { document, chunks } = await parser.parseBytes(new TextEncoder().encode('# T\n\nBody text.'), 'inline.md', {
      chunking: { documentId: 'kb1/doc42', tokenizer: localTokenizerSpec() },
    });
    expect(document.headings).toHaveLength(1);
    expect(chunks?.map((c) => [c.documentId, c.text])).toEqual([['kb1/doc42', '# T\n\nBody text.']]);
  });
});
