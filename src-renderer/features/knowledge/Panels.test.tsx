import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { renderWithApi } from '../../test/render';
import { KnowledgePage } from './KnowledgePage';
import { KnowledgeMemoryApi } from './test-api';

let api: KnowledgeMemoryApi;
let kbId: string;

const guide = [
  '# Boiler guide',
  '## Setup',
  'Install the pressure valve before filling.',
  '## Maintenance',
  'Bleed the radiators when the pressure drops.\fCheck the valve yearly for leaks.',
].join('\n\n');

beforeEach(async () => {
  api = new KnowledgeMemoryApi();
  kbId = api.addKb('Home').id;
  api.files.set('/docs/guide.md', guide);
  api.files.set('/docs/recipes.md', '# Recipes\n\nBake the bread at 220 degrees.');
  await api.call('kb.ingest', { kbId, paths: ['/docs'], tags: ['house'] });
  api.drain();
});
afterEach(cleanup);

const field = (label: string) =>
  screen.getByLabelText(label, { selector: 'input, textarea, select' });
const type = (label: string, value: string) =>
  fireEvent.change(field(label), { target: { value } });
const open = (hash: string) => {
  window.location.hash = hash;
  return renderWithApi(<KnowledgePage />, api);
};

describe('search playground', () => {
  it('shows vector, keyword and fused scores per hit, and its citation opens the chunk', async () => {
    open(`#/knowledge/${kbId}/search`);
    fireEvent.click(await screen.findByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(document.getElementById('kb-search-query-error')?.textContent).toBe(
        'Type what to search for',
      ),
    );

    type('Search query', 'pressure valve');
    type('Results (k)', '2');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const hits = await screen.findAllByTestId('search-hit');
    expect(hits).toHaveLength(2);
    expect(api.calls.findLast((c) => c.method === 'kb.search')?.input).toEqual({
      kbIds: [kbId],
      query: 'pressure valve',
      mode: 'hybrid',
      k: 2,
      rrfK: 60,
      filter: {},
    });
    const first = hits[0]!;
    const score = (name: string) => first.querySelector(`[data-score="${name}"] dd`)?.textContent;
    expect(score('vector')).toMatch(/^0\.\d{3}#\d$/);
    expect(score('keyword')).toMatch(/^0\.\d{3}#\d$/);
    expect(Number(score('fused'))).toBeCloseTo(1 / 61 + 1 / 61, 3);
    expect(within(first).getByTestId('citation').textContent).toMatch(
      /^\[1\] Boiler guide · chunk \d$/,
    );

    // Keyword mode: the vector ranking did not run.
    fireEvent.click(screen.getByRole('radio', { name: 'Keyword' }));
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(screen.getByTestId('search-summary').textContent).toMatch(/keyword/),
    );
    const keywordHit = screen.getAllByTestId('search-hit')[0]!;
    expect(keywordHit.querySelector('[data-score="vector"] dd')?.textContent).toBe('—');

    const citation = within(keywordHit).getByTestId('citation');
    const chunkIndex = keywordHit.dataset.chunkIndex;
    act(() => void (window.location.hash = citation.getAttribute('href')!));
    const chunk = await waitFor(() => {
      const c = screen
        .getAllByTestId('chunk')
        .find((el) => el.getAttribute('aria-current') === 'true');
      expect(c).toBeTruthy();
      return c!;
    });
    expect(chunk.dataset.chunkIndex).toBe(chunkIndex);
    expect(screen.getByTestId('document-title').textContent).toBe('Boiler guide');

    // Back to the playground: the query and its results are still there.
    act(() => void (window.location.hash = `#/knowledge/${kbId}/search`));
    expect(((await screen.findByLabelText('Search query')) as HTMLInputElement).value).toBe(
      'pressure valve',
    );
    expect(screen.getAllByTestId('search-hit').length).toBeGreaterThan(0);
  });

  it('filters by tag and by document', async () => {
    api.files.set('/other/bread.md', '# Bread\n\nKnead the bread dough.');
    await api.call('kb.ingest', { kbId, paths: ['/other'], tags: ['kitchen'] });
    api.drain();
    open(`#/knowledge/${kbId}/search`);
    type(await screen.findByLabelText('Search query').then(() => 'Search query'), 'bread');
    type('Tags (any of)', 'kitchen');
    fireEvent.keyDown(field('Tags (any of)'), { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('search-hit')
          .map((h) => within(h).getByTestId('citation').textContent),
      ).toEqual([expect.stringContaining('Bread')]),
    );
    expect(api.calls.findLast((c) => c.method === 'kb.search')?.input).toMatchObject({
      filter: { tags: ['kitchen'] },
    });

    fireEvent.click(screen.getByRole('button', { name: 'Remove tag kitchen' }));
    fireEvent.click(screen.getByText('All documents'));
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Recipes' }));
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('search-hit')
          .map((h) => within(h).getByTestId('citation').textContent),
      ).toEqual([expect.stringContaining('Recipes')]),
    );
  });
});

describe('a document', () => {
  it('lists its chunks with page, heading path and offsets', async () => {
    const doc = [...api.documents.values()].find((d) => d.title === 'Boiler guide')!;
    open(`#/knowledge/${kbId}/documents`);
    fireEvent.click(await screen.findByRole('link', { name: 'Boiler guide' }));
    act(() => void (window.location.hash = `#/knowledge/${kbId}/documents/${doc.id}`));
    const chunks = await screen.findAllByTestId('chunk');
    const locations = chunks.map((c) => within(c).getByTestId('chunk-location').textContent);
    const setup = 'Install the pressure valve before filling.';
    const at = guide.indexOf(setup);
    expect(locations[0]).toBe(`p. 1 · Boiler guide › Setup · chars ${at}–${at + setup.length}`);
    expect(locations[2]).toMatch(/^p\. 2 · Boiler guide › Maintenance · chars /);
    expect(screen.getByText(/MARKDOWN · .* · 3 chunks/)).toBeTruthy();
    expect(screen.getByText(/tags: house/)).toBeTruthy();
  });
});

describe('ask this knowledge base', () => {
  it('answers with numbered citations that open the cited chunk', async () => {
    open(`#/knowledge/${kbId}/ask`);
    type(
      await screen.findByLabelText('Ask Home').then(() => 'Ask Home'),
      'When should I bleed the radiators?',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
    await waitFor(() =>
      expect(document.getElementById('kb-ask-model-error')?.textContent).toBe('Choose a model'),
    );
    type('Model', 'llama3.2');

    api.failNext(
      'kb.ask',
      new AppError('UNAVAILABLE', 'Ollama is not running.', {
        hint: 'Start it with `ollama serve`.',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
    await screen.findByText('Ollama is not running.');

    fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
    const answer = await screen.findByTestId('ask-answer');
    expect(answer.textContent).toBe('About "When should I bleed the radiators?": see 1 and 2.');
    const sources = screen.getAllByTestId('ask-source');
    expect(sources.filter((s) => s.dataset.cited).length).toBe(2);
    expect(sources.length).toBeGreaterThan(2);
    expect(sources.at(-1)?.textContent).toContain('not cited');

    const cited = api.calls.length;
    fireEvent.click(within(answer).getByRole('button', { name: 'Open source 1' }));
    await waitFor(() =>
      expect(
        screen.getAllByTestId('chunk').some((c) => c.getAttribute('aria-current') === 'true'),
      ).toBe(true),
    );
    const selected = screen
      .getAllByTestId('chunk')
      .find((c) => c.getAttribute('aria-current') === 'true')!;
    expect(selected.textContent).toContain('Bleed the radiators');
    expect(api.calls.slice(cited).map((c) => c.method)).toContain('kb.document');
  });
});

describe('watched folders', () => {
  it('adds, lists and removes a watched folder', async () => {
    api.files.set('/watched/w.md', 'watched file');
    open(`#/knowledge/${kbId}/folders`);
    await screen.findByText('No watched folders.');
    type('Folder', 'relative/path');
    fireEvent.click(screen.getByRole('button', { name: 'Watch folder' }));
    await waitFor(() =>
      expect(document.getElementById('kb-watch-path-error')?.textContent).toMatch(/full path/),
    );

    type('Folder', '/watched');
    fireEvent.click(screen.getByRole('button', { name: 'Watch folder' }));
    const watch = await screen.findByTestId('kb-watch');
    expect(watch.dataset.status).toBe('watching');
    expect(watch.textContent).toContain('/watched');
    expect([...api.jobs.values()].at(-1)).toMatchObject({ source: 'watch', paths: ['/watched'] });

    type('Folder', '/missing');
    fireEvent.click(screen.getByRole('button', { name: 'Watch folder' }));
    await waitFor(() => expect(screen.getAllByTestId('kb-watch')).toHaveLength(2));
    expect(screen.getAllByTestId('kb-watch')[1]!.textContent).toContain('/missing does not exist.');

    fireEvent.click(screen.getByRole('button', { name: 'Stop watching /watched' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Stop watching' }));
    await waitFor(() => expect(screen.getAllByTestId('kb-watch')).toHaveLength(1));
    expect([...api.watches.values()].map((w) => w.path)).toEqual(['/missing']);
  });
});

describe('re-index', () => {
  it('re-reads every document and shows the job; unchanged files are skipped unless forced', async () => {
    open(`#/knowledge/${kbId}/documents`);
    fireEvent.click(await screen.findByRole('button', { name: 'Re-index' }));
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Re-index' }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('ingest-job')[0]!.textContent).toContain('Re-index'),
    );
    act(() => api.drain());
    await waitFor(() =>
      expect(screen.getAllByTestId('ingest-summary')[0]!.textContent).toBe(
        '2 of 2 files · 2 unchanged · 0 chunks',
      ),
    );
    expect(api.calls.findLast((c) => c.method === 'kb.reindex')?.input).toEqual({
      kbId,
      force: false,
    });
  });
});

describe('a running job', () => {
  it('can be cancelled: unfinished files end as cancelled, and can be retried', async () => {
    for (const n of [1, 2, 3]) api.files.set(`/batch/${n}.md`, `note ${n}`);
    open(`#/knowledge/${kbId}/documents`);
    await screen.findByRole('button', { name: 'Re-index' });
    await act(async () => {
      await api.call('kb.ingest', { kbId, paths: ['/batch'] });
      api.step();
    });
    const job = await waitFor(() =>
      screen.getAllByTestId('ingest-job').find((j) => j.dataset.status === 'running')!,
    );
    fireEvent.click(within(job).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(job.dataset.status).toBe('cancelled'));
    expect(
      within(job)
        .getAllByTestId('ingest-file')
        .map((f) => f.dataset.status),
    ).toEqual(['done', 'cancelled', 'cancelled']);

    fireEvent.click(within(job).getByRole('button', { name: 'Retry failed' }));
    await waitFor(() => expect(job.dataset.status).toBe('pending'));
    act(() => api.drain());
    await waitFor(() => expect(job.dataset.status).toBe('done'));
    expect(within(job).getByTestId('ingest-summary').textContent).toBe('3 of 3 files · 3 chunks');
  });
});
