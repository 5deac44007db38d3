import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeOllama, type FakeLlm } from '../fakes/index';
import { launchBrowser, screenshot, trackPageErrors } from '../helpers/browser';
import { connectClient, startServe, tempDataDir, type Served } from '../helpers/serve';

/** Three small documents: dropped from memory, and written to disk for the file picker. */
const corpus = {
  'valve.md': [
    '# Boiler valve',
    '## Setup',
    'Install the pressure relief valve before filling the boiler.',
    '## Maintenance',
    'Bleed the radiators when the pressure drops below one bar.',
    'Afterwards, see [the garden notes](garden.html).',
  ].join('\n\n'),
  'bread.txt': 'Sourdough bread: feed the starter, knead the dough, bake at 230 degrees for forty minutes.',
  'garden.html':
    '<html><head><title>Garden</title></head><body><h1>Garden</h1><p>Water the tomatoes every morning in summer.</p></body></html>',
};
const names = Object.keys(corpus);
/** A fourth, added by its path on the server. */
const extra = { name: 'tea.txt', text: 'Green tea: steep it for two minutes in water below boiling.' };
/** Ingestion embeds with the local model on a loaded 2-core machine: give it time. */
const SLOW = { timeout: 90_000 };

describe('knowledge bases in the web UI (Chromium against npm run serve)', () => {
  const dataDir = tempDataDir();
  const docsDir = mkdtempSync(join(tmpdir(), 'af-e2e-docs-'));
  let fake: FakeLlm;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    for (const [name, text] of Object.entries(corpus)) writeFileSync(join(docsDir, name), text);
    writeFileSync(join(docsDir, extra.name), extra.text);
    fake = await startFakeOllama();
    served = await startServe(dataDir, { OLLAMA_HOST: fake.url });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = trackPageErrors(page);
    await page.goto(`${served.url}#/knowledge`);
    await page.getByTestId('connection-status').and(page.locator('[data-status="connected"]')).waitFor();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(docsDir, { recursive: true, force: true });
  });

  it('creates a knowledge base', async () => {
    await page.getByRole('button', { name: 'Create your first knowledge base' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Field notes');
    await page.getByLabel('Chunk size (tokens)').fill('64');
    await page.getByLabel('Overlap (tokens)').fill('8');
    await page.getByRole('button', { name: 'Create knowledge base' }).click();
    await expect.poll(() => page.getByTestId('kb-item').allTextContents()).toEqual([expect.stringContaining('Field notes')]);
    await expect.poll(() => page.getByTestId('kb-summary').textContent()).toBe(
      'pgvector · Local · all-MiniLM-L6-v2 · 384 dims · 64/8 tokens',
    );
    await screenshot(page, 'knowledge-created');
  });

  it('uploads three dropped files from the browser and shows each one’s progress until done', async () => {
    const client = await connectClient(served);
    const [kb] = await client.call('kb.list', {});
    const stored = (name: string) => join(dataDir, 'uploads', kb!.id, name);
    // Every state the upload rows go through, as the page draws them (the files are small: fast).
    await page.evaluate(`(() => {
      window.uploadRows = new Set();
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="upload-file"]'))
          window.uploadRows.add(el.dataset.path + ':' + el.dataset.status);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
    // Built in the page (the test's own types have no DOM): a drop of three in-memory files.
    const dataTransfer = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      for (const [name, text] of ${JSON.stringify(Object.entries(corpus))})
        dt.items.add(new File([text], name, { type: 'text/plain' }));
      return dt;
    })()`);
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    const job = page.getByTestId('ingest-job').first();
    await job.waitFor(SLOW);
    await expect.poll(() => job.getAttribute('data-status'), SLOW).toBe('done');
    const files = page.getByTestId('ingest-file');
    expect((await files.evaluateAll((els) => els.map((e) => [e.getAttribute('data-path'), e.getAttribute('data-status')]))).sort()).toEqual(
      names.map((name) => [stored(name), 'done']).sort(),
    );
    const seen = (await page.evaluate('[...window.uploadRows]')) as string[];
    for (const name of names) expect(seen).toContain(`${name}:uploaded`);
    expect(await page.getByTestId('upload').count()).toBe(0);
    expect(await page.getByTestId('rejected-files').count()).toBe(0);
    await expect.poll(() => page.getByTestId('kb-document').count()).toBe(3);
    await expect.poll(() => page.getByTestId('kb-counts').textContent()).toMatch(/^3 docs · \d+ chunks$/);
    await screenshot(page, 'knowledge-ingested');

    const listed = await client.call('kb.documents', { kbId: kb!.id });
    expect(listed.documents.map((d) => [d.path, d.status]).sort()).toEqual(names.map((name) => [stored(name), 'ready']).sort());
    expect(readFileSync(stored('valve.md'), 'utf8')).toBe(corpus['valve.md']);
    client.close();
  });

  it('takes the same files from the picker again: uploaded, found unchanged, nothing duplicated', async () => {
    await page.getByLabel('Choose files').setInputFiles(names.map((name) => join(docsDir, name)));
    await expect.poll(() => page.getByTestId('ingest-job').count(), SLOW).toBe(2);
    const job = page.getByTestId('ingest-job').first();
    await expect.poll(() => job.getAttribute('data-status'), SLOW).toBe('done');
    expect(await job.getByTestId('ingest-summary').textContent()).toContain('3 unchanged');
    expect(await page.getByTestId('kb-document').count()).toBe(3);
  });

  it('searches and shows scored, cited hits', async () => {
    await page.getByRole('tab', { name: 'Search' }).click();
    await page.getByLabel('Search query').fill('pressure relief valve');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hits = page.getByTestId('search-hit');
    await hits.first().waitFor(SLOW);
    const first = hits.first();
    expect(await first.getByTestId('citation').textContent()).toMatch(/^\[1\] Boiler valve · chunk \d+$/);
    expect(await first.getByTestId('chunk-location').textContent()).toContain('Boiler valve › Setup');
    expect(await first.locator('[data-score="fused"] dd').textContent()).toMatch(/^0\.\d{3}$/);
    expect(await first.locator('[data-score="vector"] dd').textContent()).toMatch(/^0\.\d{3}#1$/);
    expect(await first.locator('[data-score="keyword"] dd').textContent()).toMatch(/^0\.\d{3}#1$/);
    await screenshot(page, 'knowledge-search');
  });

  it('opens a document’s chunks from a citation', async () => {
    await page.getByTestId('search-hit').first().getByTestId('citation').click();
    const selected = page.locator('[data-testid="chunk"][aria-current="true"]');
    await selected.waitFor();
    expect(await selected.textContent()).toContain('Install the pressure relief valve');
    expect(await page.getByTestId('document-title').textContent()).toBe('Boiler valve');
    // Stored under the server's uploads folder, shown by its name in the drop.
    expect(await page.getByTestId('document-path').textContent()).toBe('uploaded: valve.md');
    expect(await page.getByTestId('chunk').count()).toBeGreaterThanOrEqual(2);
    // Its Markdown link to garden.html (uploaded beside it) makes the garden page a related document.
    const related = page.getByTestId('related-document');
    await expect.poll(() => related.count(), SLOW).toBeGreaterThanOrEqual(1);
    expect(await related.first().textContent()).toContain('Garden');
    expect(await related.first().getByTestId('related-link').first().textContent()).toContain('the garden notes');
    await screenshot(page, 'knowledge-document');
  });

  it('answers a question with numbered citations that open the chunk', async () => {
    fake.script(reply.text('Install the relief valve before you fill the boiler [1].'));
    await page.getByRole('tab', { name: 'Ask' }).click();
    await page.getByLabel('Ask Field notes').fill('What do I do before filling the boiler?');
    await page.getByLabel('Model', { exact: true }).fill('test-model');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const answer = page.getByTestId('ask-answer');
    await answer.waitFor(SLOW);
    expect(await answer.textContent()).toBe('Install the relief valve before you fill the boiler 1.');
    await screenshot(page, 'knowledge-ask');
    await answer.getByRole('button', { name: 'Open source 1' }).click();
    await page.locator('[data-testid="chunk"][aria-current="true"]').waitFor();
  });

  it('still adds a file by its path on the server', async () => {
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByLabel('Or add by path on the server').fill(join(docsDir, extra.name));
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const file = page.locator(`[data-testid="ingest-file"][data-path="${join(docsDir, extra.name)}"]`);
    await expect.poll(() => file.getAttribute('data-status'), SLOW).toBe('done');
    await expect.poll(() => page.getByTestId('kb-counts').textContent()).toMatch(/^4 docs · \d+ chunks$/);
  });

  it('ran without uncaught page errors', () => {
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
