import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelatedDocument } from '@shared/api/kb-graph';
import { methods } from '@shared/api/index';
import { kbGraphHandlers, KnowledgeGraphService } from '../../src-main/engine/rag/graph/index';
import { stemKey } from '../../src-main/engine/rag/graph/resolve';
import { createDocumentParser } from '../../src-main/engine/rag/parse/parser';
import { queryRows } from '../../src-main/engine/store/query';
import { stemSql } from '../../src-main/engine/store/schema/path-keys';
import { describeStores, type StoreSuiteContext } from '../helpers/stores';
import { BAG_OF_WORDS, ingestHarness, type IngestHarness } from './harness';

const parser = createDocumentParser({ workers: 1, idleMs: 10 * 60_000 });
const root = mkdtempSync(join(tmpdir(), 'af-graph-'));
afterAll(async () => {
  await parser.close();
  rmSync(root, { recursive: true, force: true });
});

const filler = (topic: string) =>
  `${topic} notes continue here with enough ordinary prose to make a paragraph of its own for chunking. `.repeat(
    4,
  );

/** A small corpus: Markdown with links and a wiki link, HTML with anchors, TypeScript and Python imports, notes sharing terms. */
const CORPUS: Record<string, string> = {
  'docs/guide.md': [
    '# Aurora Telescope Guide',
    '',
    'Start with the [setup steps](./setup.md#mirror) before the first night. Words from the [[Glossary]] help.',
    '',
    filler('Guide'),
    '',
    'Later read the [observing log](./later.md) and [the vendor page](https://example.com/docs/setup.md).',
  ].join('\n'),
  'docs/setup.md':
    '# Setup\n\nCollimation of the primary mirror comes first; align the finder scope afterwards.\n',
  'docs/glossary.md':
    '# Glossary\n\nEyepiece: the lens you look through. Aperture: the diameter of the mirror.\n',
  'site/index.html':
    '<html><head><title>Observatory site</title></head><body><h1>Observatory</h1><p>Read the <a href="../docs/setup.md">setup page</a>, ' +
    'or <a href="https://example.com/docs/glossary.md">an outside glossary</a>.</p></body></html>',
  'src/app.ts':
    "import { parseSky } from './parser.js';\nimport React from 'react';\n\nexport const sky = parseSky('orion');\n",
  'src/parser.ts':
    'export function parseSky(name: string) {\n  return { constellation: name };\n}\n',
  'pkg/views.py':
    'from .models import Star\n\ndef show(star: Star) -> str:\n    return star.name\n',
  'pkg/models.py': 'class Star:\n    name = "sirius"\n',
  'notes/airships.md':
    '# Airships\n\nThe zeppelin hangar at Friedrichshafen stored helium cells. Zeppelin crews patched helium envelopes in the hangar. ' +
    'Count Ferdinand von Zeppelin inspected the zeppelin hangar.',
  'notes/dirigibles.md':
    '# Dirigibles\n\nEvery zeppelin needed a hangar and helium. The hangar crew checked helium valves on each zeppelin before launch. ' +
    'Count Ferdinand von Zeppelin praised them.',
  'notes/bread.md':
    '# Bread\n\nKnead the sourdough, proof the sourdough overnight, and bake the loaf in a hot oven.',
};

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function graph({ store, driver }: StoreSuiteContext): void {
  let h: IngestHarness;
  let graphs: KnowledgeGraphService;
  let dir: string;
  let kbId: string;
  const ids = new Map<string, string>();

  const refreshIds = async () => {
    ids.clear();
    for (const d of (await h.kb.listDocuments(kbId, { limit: 1000 })).documents)
      ids.set(d.path.slice(dir.length + 1), d.id);
  };
  const id = (name: string) => {
    const found = ids.get(name);
    if (!found) throw new Error(`${name} is not ingested`);
    return found;
  };
  const related = async (name: string) => (await graphs.related(id(name), 20)).related;
  const find = (list: RelatedDocument[], name: string) =>
    list.find((r) => r.document.path === join(dir, name));
  const rowCount = async (table: 'kb_document_links' | 'kb_document_terms', documentId: string) => {
    const query =
      table === 'kb_document_links'
        ? sql`select count(*)::int as n from kb_document_links where document_id = ${documentId}`
        : sql`select count(*)::int as n from kb_document_terms where document_id = ${documentId}`;
    const [row] = await queryRows<{ n: number }>(store().db, query);
    return Number(row?.n ?? 0);
  };

  beforeAll(async () => {
    h = await ingestHarness(store().db, { parser });
    graphs = new KnowledgeGraphService({ db: store().db, kb: h.kb });
    dir = join(root, driver);
    write(dir, CORPUS);
    kbId = (
      await h.kb.create({
        name: 'Sky',
        embedder: BAG_OF_WORDS,
        chunking: { maxTokens: 48, overlapTokens: 4 },
      })
    ).id;
    const job = await h.run(kbId, [dir]);
    expect(job.counts).toMatchObject({ done: Object.keys(CORPUS).length, failed: 0 });
    await refreshIds();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('relates documents by Markdown links and wiki links, with anchor text and the chunk the link is in', async () => {
    const fromGuide = await related('docs/guide.md');
    const setup = find(fromGuide, 'docs/setup.md');
    expect(setup?.reasons.linksOut).toEqual([
      {
        kind: 'markdown',
        text: 'setup steps',
        target: './setup.md#mirror',
        chunkIndex: expect.any(Number),
      },
    ]);
    expect(setup?.reasons.linksIn).toEqual([]);
    expect(setup!.scores.links).toBe(1);
    const { chunks } = await h.kb.document(id('docs/guide.md'));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[setup!.reasons.linksOut[0]!.chunkIndex!]?.text).toContain('[setup steps]');
    expect(find(fromGuide, 'docs/glossary.md')?.reasons.linksOut).toEqual([
      expect.objectContaining({ kind: 'wiki', text: 'Glossary', target: 'Glossary' }),
    ]);
    // Links rank above term overlap.
    expect(fromGuide[0]!.scores.links).toBeGreaterThan(0);
  });

  it('relates documents by HTML anchors, and shows links in from the other side', async () => {
    const toSetup = await related('docs/setup.md');
    const fromSite = find(toSetup, 'site/index.html')?.reasons.linksIn;
    expect(fromSite).toEqual([
      {
        kind: 'html',
        text: 'setup page',
        target: '../docs/setup.md',
        chunkIndex: expect.any(Number),
      },
    ]);
    const { chunks } = await h.kb.document(id('site/index.html'));
    expect(chunks[fromSite![0]!.chunkIndex!]?.text).toContain('setup page');
    expect(find(toSetup, 'docs/guide.md')?.reasons.linksIn).toEqual([
      expect.objectContaining({ text: 'setup steps' }),
    ]);
  });

  it('relates source files by relative imports (ESM .js to .ts, Python relative modules), not packages', async () => {
    expect(find(await related('src/app.ts'), 'src/parser.ts')?.reasons.linksOut).toEqual([
      {
        kind: 'import',
        text: "import { parseSky } from './parser.js';",
        target: './parser.js',
        chunkIndex: 0,
      },
    ]);
    expect(find(await related('src/parser.ts'), 'src/app.ts')?.reasons.linksIn).toHaveLength(1);
    expect(find(await related('pkg/views.py'), 'pkg/models.py')?.reasons.linksOut).toEqual([
      expect.objectContaining({ kind: 'import', target: './models' }),
    ]);
    const [row] = await queryRows<{ n: number }>(
      store().db,
      sql`select count(*)::int as n from kb_document_links where raw = 'react'`,
    );
    expect(row?.n).toBe(0);
  });

  it('relates documents that share distinctive terms and names, weighted by IDF, with the shared terms as reasons', async () => {
    const fromAirships = await related('notes/airships.md');
    expect(fromAirships[0]?.document.path).toBe(join(dir, 'notes/dirigibles.md'));
    const top = fromAirships[0]!;
    expect(top.scores.links).toBe(0);
    expect(top.scores.terms).toBeGreaterThan(0.2);
    const shared = top.reasons.sharedTerms.map((t) => t.term);
    expect(shared).toEqual(expect.arrayContaining(['zeppelin', 'hangar', 'helium']));
    expect(
      top.reasons.sharedTerms.some(
        (t) => t.kind === 'entity' && t.term === 'Count Ferdinand von Zeppelin',
      ),
    ).toBe(true);
    expect(find(fromAirships, 'notes/bread.md')).toBeUndefined();
    expect(fromAirships.every((r, i) => i === 0 || r.score <= fromAirships[i - 1]!.score)).toBe(
      true,
    );
  });

  it('stores no external URLs, so they make no relations', async () => {
    const [row] = await queryRows<{ n: number }>(
      store().db,
      sql`select count(*)::int as n from kb_document_links where raw like 'http%'`,
    );
    expect(row?.n).toBe(0);
    // The site links to example.com/docs/glossary.md: that is no link to docs/glossary.md.
    const site = find(await related('docs/glossary.md'), 'site/index.html');
    expect(site?.reasons.linksIn ?? []).toEqual([]);
  });

  it('resolves a link to a file ingested later, once it is there', async () => {
    expect(find(await related('docs/guide.md'), 'docs/later.md')).toBeUndefined();
    write(dir, { 'docs/later.md': '# Observing log\n\nNight one: Jupiter and its moons.\n' });
    await h.run(kbId, [join(dir, 'docs/later.md')]);
    await refreshIds();
    expect(find(await related('docs/guide.md'), 'docs/later.md')?.reasons.linksOut).toEqual([
      expect.objectContaining({ text: 'observing log' }),
    ]);
    expect(find(await related('docs/later.md'), 'docs/guide.md')?.reasons.linksIn).toHaveLength(1);
  });

  it("an edited file replaces its own links and terms (and nobody else's)", async () => {
    const setupLinks = await rowCount('kb_document_links', id('site/index.html'));
    write(dir, {
      'docs/guide.md':
        '# Aurora Telescope Guide\n\nOnly the [[Glossary]] now. Spectroscopy of quasars needs a spectrograph; quasars are bright.\n',
    });
    await h.run(kbId, [join(dir, 'docs/guide.md')]);
    const fromGuide = await related('docs/guide.md');
    expect(find(fromGuide, 'docs/setup.md')).toBeUndefined();
    expect(find(fromGuide, 'docs/glossary.md')?.reasons.linksOut).toHaveLength(1);
    expect(find(await related('docs/setup.md'), 'docs/guide.md')).toBeUndefined();
    const terms = await queryRows<{ term: string }>(
      store().db,
      sql`select term from kb_document_terms where document_id = ${id('docs/guide.md')}`,
    );
    expect(terms.map((t) => t.term)).toEqual(expect.arrayContaining(['quasars', 'spectroscopy']));
    expect(terms.map((t) => t.term)).not.toContain('prose');
    expect(await rowCount('kb_document_links', id('docs/guide.md'))).toBe(1);
    expect(await rowCount('kb_document_links', id('site/index.html'))).toBe(setupLinks);
  });

  it("a deleted file's links and terms go with its document", async () => {
    const gone = id('notes/dirigibles.md');
    expect(await rowCount('kb_document_terms', gone)).toBeGreaterThan(0);
    rmSync(join(dir, 'notes/dirigibles.md'));
    await h.run(kbId, [dir]);
    expect(await rowCount('kb_document_terms', gone)).toBe(0);
    expect(find(await related('notes/airships.md'), 'notes/dirigibles.md')).toBeUndefined();
    await refreshIds();
    // A deleted link target: the link stays with the linking document but relates to nothing.
    rmSync(join(dir, 'src/parser.ts'));
    await h.run(kbId, [dir]);
    await refreshIds();
    expect(await related('src/app.ts')).toEqual([]);
    expect(await rowCount('kb_document_links', id('src/app.ts'))).toBe(1);
  });

  it('answers NOT_FOUND for an unknown document, and gives the graph of a knowledge base', async () => {
    const handlers = kbGraphHandlers(graphs);
    const call = (input: unknown) =>
      handlers['kb.related'](methods['kb.related'].input.parse(input), { origin: 'internal' });
    await expect(call({ documentId: 'no-such-document' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(() =>
      methods['kb.related'].input.parse({ documentId: id('docs/setup.md'), limit: 0 }),
    ).toThrow();
    const viaApi = await call({ documentId: id('docs/setup.md') });
    expect(methods['kb.related'].output.parse(viaApi).related.length).toBeGreaterThan(0);
    const { nodes, edges, truncated } = await graphs.graph(kbId, 200);
    expect(truncated).toBe(false);
    expect(nodes.map((n) => n.id).sort()).toEqual([...ids.values()].sort());
    expect(edges).toContainEqual({
      source: id('site/index.html'),
      target: id('docs/setup.md'),
      kind: 'link',
      weight: 1,
    });
    expect(edges.some((e) => e.kind === 'terms')).toBe(true);
    const small = await graphs.graph(kbId, 2);
    expect(small.nodes).toHaveLength(2);
    expect(small.truncated).toBe(true);
  });

  it('computes the same path stems in SQL as in TypeScript', async () => {
    const paths = [
      '/a/b/util.ts',
      '/a/lib/index.js',
      '/a/pkg/__init__.py',
      '/a/.hidden',
      '/a/b.c/d',
      'C:\\x\\y.py',
      '/a/name.d.ts',
      '/a/b.',
    ];
    for (const path of paths) {
      const [row] = await queryRows<{ stem: string }>(
        store().db,
        sql`select ${sql.raw(stemSql('p'))} as stem from (select ${path}::text as p) t`,
      );
      expect(row?.stem, path).toBe(stemKey(path));
    }
  });
}

// The `pg` driver on ONE connection: see StoreDriverOptions.maxConnections.
describeStores('Knowledge graph', (ctx) => describe('related documents', () => graph(ctx)), {
  maxConnections: 1,
});
