import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { renderWithApi } from '../../test/render';
import { KnowledgePage } from './KnowledgePage';
import { KnowledgeMemoryApi } from './test-api';

let api: KnowledgeMemoryApi;
let kbId: string;

beforeEach(async () => {
  api = new KnowledgeMemoryApi();
  kbId = api.addKb('Home').id;
  api.files.set(
    '/docs/guide.md',
    '# Boiler guide\n\nInstall the valve first, then read [the setup notes](./setup.md).\n\nBleed the radiators every winter.',
  );
  api.files.set('/docs/setup.md', '# Setup\n\nCalibrate the thermostat and bleed the radiators.');
  api.files.set(
    '/docs/faq.md',
    '# FAQ\n\nQuestions answered.\n\nSee [[Boiler guide]] for the details.',
  );
  api.files.set('/docs/recipes.md', '# Recipes\n\nBake bread at 220 degrees.');
  await api.call('kb.ingest', { kbId, paths: ['/docs'], tags: [] });
  api.drain();
});
afterEach(cleanup);

const docId = (title: string) => [...api.documents.values()].find((d) => d.title === title)!.id;
const open = (title: string) => {
  window.location.hash = `#/knowledge/${kbId}/documents/${docId(title)}`;
  return renderWithApi(<KnowledgePage />, api);
};
const section = () => screen.getByRole('region', { name: 'Related documents' });

describe('related documents of a document', () => {
  it('lists linked documents (either way, with anchor text and chunk) and shared terms as chips', async () => {
    open('Boiler guide');
    const items = await screen.findAllByTestId('related-document');
    expect(api.calls.find((c) => c.method === 'kb.related')?.input).toEqual({
      documentId: docId('Boiler guide'),
      limit: 10,
    });
    const byTitle = (title: string) =>
      items.find((i) => within(i).queryByRole('link', { name: title }))!;

    const setup = byTitle('Setup');
    expect(within(setup).getByTestId('related-linked').textContent).toBe(
      '→ this document links to it',
    );
    expect(within(setup).getByTestId('related-link').textContent).toContain('“the setup notes”');
    // The link is in chunk 1 of this document: the chunk link opens it here.
    const chunk = within(setup).getByRole('link', { name: 'chunk 1' });
    expect(chunk.getAttribute('href')).toBe(
      `#/knowledge/${kbId}/documents/${docId('Boiler guide')}/0`,
    );
    expect(
      within(setup)
        .getAllByTestId('shared-term')
        .map((t) => t.textContent),
    ).toContain('radiators');

    const faq = byTitle('FAQ');
    expect(within(faq).getByTestId('related-linked').textContent).toBe('← it links here');
    expect(within(faq).getByRole('link', { name: 'chunk 2' }).getAttribute('href')).toBe(
      `#/knowledge/${kbId}/documents/${docId('FAQ')}/1`,
    );
    expect(items.some((i) => i.textContent?.includes('Recipes'))).toBe(false);
  });

  it('opens a related document, which shows its own related documents', async () => {
    open('Boiler guide');
    const link = await within(
      await screen.findByRole('region', { name: 'Related documents' }),
    ).findByRole('link', { name: 'Setup' });
    expect(link.getAttribute('href')).toBe(`#/knowledge/${kbId}/documents/${docId('Setup')}`);
    act(() => void (window.location.hash = link.getAttribute('href')!));
    await waitFor(() => expect(screen.getByTestId('document-title').textContent).toBe('Setup'));
    await waitFor(() =>
      expect(within(section()).getByTestId('related-linked').textContent).toBe('← it links here'),
    );
    expect(within(section()).getByRole('link', { name: 'Boiler guide' })).toBeTruthy();
  });

  it('says so when nothing is related, and shows a failure', async () => {
    api.failNext('kb.related', new AppError('UNAVAILABLE', 'The database is busy.'));
    open('Recipes');
    const failed = await screen.findByRole('region', { name: 'Related documents' });
    expect((await within(failed).findByRole('alert')).textContent).toContain(
      'The database is busy.',
    );
    cleanup();
    open('Recipes');
    expect((await screen.findByTestId('related-empty')).textContent).toMatch(
      /^No related documents yet/,
    );
    expect(screen.queryAllByTestId('related-document')).toHaveLength(0);
  });
});
