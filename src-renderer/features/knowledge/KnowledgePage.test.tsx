import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { renderWithApi } from '../../test/render';
import { KnowledgePage } from './KnowledgePage';
import { KnowledgeMemoryApi } from './test-api';

let api: KnowledgeMemoryApi;

beforeEach(() => {
  api = new KnowledgeMemoryApi();
  window.location.hash = '#/knowledge';
});
afterEach(() => {
  cleanup();
  delete (window as { agentFactory?: unknown }).agentFactory;
});

const field = (label: string) =>
  screen.getByLabelText(label, { selector: 'input, textarea, select' });
const type = (label: string, value: string) =>
  fireEvent.change(field(label), { target: { value } });
const errorOf = (label: string) => {
  const id = field(label).getAttribute('aria-describedby') ?? '';
  return id.endsWith('-error') ? document.getElementById(id)?.textContent : undefined;
};
const go = (hash: string) => act(() => void (window.location.hash = hash));
const step = () => act(() => void api.step());
const files = () => screen.queryAllByTestId('ingest-file');
const fileStatus = (name: string) =>
  files().find((f) => f.dataset.path?.endsWith(name))?.dataset.status;

describe('knowledge bases', () => {
  it('creates one, checking the fields with the contract and the server, and opens it', async () => {
    api.addKb('Handbook');
    renderWithApi(<KnowledgePage />, api);
    await screen.findByText('Handbook');
    await go('#/knowledge/new');
    await screen.findByRole('form', { name: 'New knowledge base' });

    fireEvent.click(screen.getByRole('button', { name: 'Create knowledge base' }));
    await waitFor(() => expect(errorOf('Name')).toBe('Name is required'));
    type('Name', 'handbook');
    type('Chunk size (tokens)', '64');
    type('Overlap (tokens)', '40');
    fireEvent.click(screen.getByRole('button', { name: 'Create knowledge base' }));
    await waitFor(() => expect(errorOf('Overlap (tokens)')).toMatch(/less than half/));
    expect(api.calls.some((c) => c.method === 'kb.create')).toBe(false);

    type('Overlap (tokens)', '8');
    fireEvent.click(screen.getByRole('button', { name: 'Create knowledge base' }));
    await waitFor(() => expect(errorOf('Name')).toBe('Already used by another knowledge base'));

    type('Name', 'Research notes');
    fireEvent.click(screen.getByLabelText(/Chroma/));
    type('Embedder', 'ollama');
    type('Embedding model', 'nomic-embed-text');
    type('Dimension', '768');
    fireEvent.click(screen.getByRole('button', { name: 'Create knowledge base' }));

    const created = await waitFor(() =>
      [...api.kbs.values()].find((k) => k.name === 'Research notes')!,
    );
    expect(created).toMatchObject({
      storeKind: 'chroma',
      embedder: { provider: 'ollama', model: 'nomic-embed-text', dimensions: 768 },
      chunking: { maxTokens: 64, overlapTokens: 8 },
    });
    await waitFor(() => expect(window.location.hash).toBe(`#/knowledge/${created.id}/documents`));
    expect(screen.getByTestId('kb-summary').textContent).toBe(
      'Chroma · Ollama · nomic-embed-text · 768 dims · 64/8 tokens',
    );
    expect(screen.getAllByTestId('kb-item').map((i) => i.textContent)).toEqual([
      expect.stringContaining('Handbook'),
      expect.stringContaining('Research notes'),
    ]);
  });

  it('edits the settings, locks store and embedder once it holds chunks, and deletes it', async () => {
    const kb = api.addKb('Notes');
    api.files.set('/n/a.md', '# A\n\nalpha beta');
    window.location.hash = `#/knowledge/${kb.id}/settings`;
    renderWithApi(<KnowledgePage />, api);
    await screen.findByRole('form', { name: 'Settings of Notes' });
    expect((field('Embedder') as HTMLSelectElement).disabled).toBe(false);

    await act(async () => {
      await api.call('kb.ingest', { kbId: kb.id, paths: ['/n/a.md'] });
      api.drain();
    });
    await waitFor(() => expect((field('Embedder') as HTMLSelectElement).disabled).toBe(true));
    expect(screen.getByText(/Holds 1 chunk/)).toBeTruthy();
    expect(screen.getByTestId('kb-embedding-space').textContent).toContain('384 dimensions');

    type('Name', 'Team notes');
    type('Description', 'Shared');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(api.kbs.get(kb.id)).toMatchObject({
        name: 'Team notes',
        description: 'Shared',
        revision: 2,
      }),
    );
    expect(api.calls.findLast((c) => c.method === 'kb.update')?.input).toEqual({
      id: kb.id,
      patch: { name: 'Team notes', description: 'Shared' },
      expectedRevision: 1,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete knowledge base' }));
    await waitFor(() => expect(api.kbs.size).toBe(0));
    await screen.findByText('No knowledge bases yet');
  });
});

describe('adding documents', () => {
  it('ingests paths and shows each file’s progress live, with typed errors and retry', async () => {
    const kb = api.addKb('Notes');
    api.files.set('/docs/guide.md', '# Guide\n\n## Setup\n\nInstall the valve.\n\nBleed the air.');
    api.files.set('/docs/secret.pdf', '!encrypted');
    api.files.set('/docs/bomb.docx', '!zip_bomb');
    window.location.hash = `#/knowledge/${kb.id}`;
    renderWithApi(<KnowledgePage />, api);
    await screen.findByText('No documents yet: drop some files above.');

    type('Or add by path on the server', 'docs/relative');
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await screen.findByText(/is not a full path/);
    type('Or add by path on the server', '/nowhere');
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await screen.findByText(/"\/nowhere" does not exist/);

    type('Or add by path on the server', '/docs');
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    const job = await screen.findByTestId('ingest-job');
    await waitFor(() => expect(files()).toHaveLength(3));
    expect(within(job).getByTestId('ingest-summary').textContent).toContain('0 of 3 files');

    await step();
    expect(fileStatus('guide.md')).toBe('done');
    expect(within(job).getByTestId('ingest-summary').textContent).toContain('1 of 3 files');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');
    await step();
    await step();
    await waitFor(() => expect(job.dataset.status).toBe('done'));
    expect(fileStatus('secret.pdf')).toBe('failed');
    const reasons = screen.getAllByTestId('failure').map((f) => f.dataset.reason);
    expect(reasons).toEqual(expect.arrayContaining(['encrypted', 'zip_bomb']));
    expect(screen.getAllByText('Encrypted').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Zip bomb').length).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/Remove the password and add the file again/).length,
    ).toBeGreaterThan(0);

    // The documents list and the counts follow without a reload.
    await waitFor(() => expect(screen.getAllByTestId('kb-document')).toHaveLength(3));
    expect(screen.getByTestId('kb-counts').textContent).toBe('3 docs · 2 chunks');
    expect(screen.getByText('2 documents failed')).toBeTruthy();

    // Fix the file, then retry it from its row.
    api.files.set('/docs/secret.pdf', 'Now readable text.');
    const row = screen
      .getAllByTestId('kb-document')
      .find((d) => d.textContent?.includes('secret.pdf'))!;
    fireEvent.click(within(row).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getAllByTestId('ingest-job')).toHaveLength(2));
    await step();
    await waitFor(() =>
      expect(
        screen.getAllByTestId('kb-document').find((d) => d.textContent?.includes('secret.pdf'))
          ?.dataset.status,
      ).toBe('ready'),
    );
    expect(screen.getByTestId('kb-counts').textContent).toBe('3 docs · 3 chunks');
  });

  it('in a browser, uploads dropped files slice by slice with each file’s progress, then ingests them', async () => {
    const kb = api.addKb('Notes');
    api.uploadChunkBytes = 8;
    const waiting: (() => void)[] = [];
    api.chunkGate = () => new Promise((resolve) => waiting.push(resolve));
    /** Lets the one waiting chunk through. */
    const release = async () => {
      await waitFor(() => expect(waiting).toHaveLength(1));
      await act(async () => waiting.shift()!());
    };
    window.location.hash = `#/knowledge/${kb.id}`;
    renderWithApi(<KnowledgePage />, api);
    const zone = await screen.findByTestId('drop-zone');
    const valve = '# Valve\n\nOpen it.'; // 17 bytes: 3 chunks of 8
    const huge = new File(['x'], 'huge.pdf');
    Object.defineProperty(huge, 'size', { value: 65 * 1024 * 1024 });
    const dropped = [new File([valve], 'valve.md'), new File(['Bake bread.'], 'bread.txt'), huge];
    fireEvent.drop(zone, { dataTransfer: { files: dropped, items: [], types: ['Files'] } });

    // The file too big for ingestion is refused at once, with its typed reason.
    const rejected = await screen.findAllByTestId('rejected-file');
    expect(rejected.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/huge\.pdf.*Too large.*at most 64 MB/),
    ]);
    const upload = await screen.findByTestId('upload');
    const row = (name: string) =>
      within(upload)
        .getAllByTestId('upload-file')
        .find((f) => f.dataset.path === name)!;
    expect(row('valve.md').dataset.status).toBe('pending');
    await release();
    await waitFor(() => expect(row('valve.md').dataset.status).toBe('uploading'));
    expect(row('valve.md').textContent).toContain('8 B of 17 B');
    expect(within(upload).getByTestId('upload-summary').textContent).toBe(
      '0 of 2 files · 8 B of 28 B',
    );
    await release();
    await release();
    await waitFor(() => expect(row('valve.md').dataset.status).toBe('uploaded'));
    expect(row('bread.txt').dataset.status).toBe('pending');
    await release();
    await release();

    // Sent: the job takes over, file by file, as for files added by path.
    const job = await screen.findByTestId('ingest-job');
    expect(screen.queryByTestId('upload')).toBeNull();
    const stored = [`/data/uploads/${kb.id}/valve.md`, `/data/uploads/${kb.id}/bread.txt`];
    await waitFor(() => expect(files().map((f) => f.dataset.path)).toEqual(stored));
    expect(
      api.calls
        .filter((c) => c.method === 'kb.upload.chunk')
        .map((c) => [(c.input as { file: number }).file, (c.input as { offset: number }).offset]),
    ).toEqual([
      [0, 0],
      [0, 8],
      [0, 16],
      [1, 0],
      [1, 8],
    ]);
    await step();
    await step();
    await waitFor(() => expect(job.dataset.status).toBe('done'));
    expect(fileStatus('valve.md')).toBe('done');
    expect(api.files.get(stored[0]!)).toBe(valve);
    await waitFor(() => expect(screen.getAllByTestId('kb-document')).toHaveLength(2));
    expect(api.calls.some((c) => c.method === 'kb.ingest')).toBe(false);
  });

  it('keeps folder paths, skips what the engine skips, and shows a failed or cancelled upload', async () => {
    const kb = api.addKb('Notes');
    window.location.hash = `#/knowledge/${kb.id}`;
    renderWithApi(<KnowledgePage />, api);
    const inFolder = (text: string, path: string) => {
      const file = new File([text], path.split('/').at(-1)!);
      Object.defineProperty(file, 'webkitRelativePath', { value: path });
      return file;
    };
    api.failNext(
      'kb.upload.chunk',
      new AppError('STORAGE', 'The disk is full.', { hint: 'Free some space.' }),
    );
    fireEvent.change(await screen.findByLabelText('Choose folder'), {
      target: { files: [inFolder('alpha', 'notes/a.md'), inFolder('x', 'notes/.git/HEAD.md')] },
    });
    const failed = await screen.findByTestId('upload');
    await waitFor(() => expect(failed.dataset.status).toBe('failed'));
    expect(within(failed).getByTestId('failure').textContent).toMatch(
      /Upload failed.*The disk is full\..*Free some space\./,
    );
    expect(
      within(failed)
        .getAllByTestId('upload-file')
        .map((f) => [f.dataset.path, f.dataset.status]),
    ).toEqual([
      ['notes/a.md', 'failed'],
      ['notes/.git/HEAD.md', 'skipped'],
    ]);
    expect(api.calls.filter((c) => c.method === 'kb.upload.cancel')).toHaveLength(1);
    fireEvent.click(within(failed).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('upload')).toBeNull();

    // Cancelled while sending: the upload is dropped on both sides and nothing is ingested.
    const waiting: (() => void)[] = [];
    api.chunkGate = () => new Promise((resolve) => waiting.push(resolve));
    fireEvent.change(screen.getByLabelText('Choose folder'), {
      target: { files: [inFolder('alpha', 'notes/a.md')] },
    });
    const sending = await screen.findByTestId('upload');
    await waitFor(() => expect(waiting).toHaveLength(1));
    fireEvent.click(within(sending).getByRole('button', { name: 'Cancel' }));
    await act(async () => waiting.shift()!());
    await waitFor(() => expect(screen.queryByTestId('upload')).toBeNull());
    expect(api.calls.filter((c) => c.method === 'kb.upload.cancel')).toHaveLength(2);
    expect(api.calls.some((c) => c.method === 'kb.upload.finish')).toBe(false);
    expect(screen.queryByTestId('ingest-job')).toBeNull();
  });

  it('in the desktop app, ingests dropped and chosen files by their paths', async () => {
    const kb = api.addKb('Notes');
    api.files.set('/home/me/a.md', 'alpha');
    api.files.set('/home/me/b.md', 'beta');
    const paths = new Map<File, string>();
    (window as { agentFactory?: unknown }).agentFactory = {
      pathForFile: (f: File) => paths.get(f) ?? '',
    };
    const a = new File(['alpha'], 'a.md');
    const b = new File(['beta'], 'b.md');
    paths.set(a, '/home/me/a.md').set(b, '/home/me/b.md');
    window.location.hash = `#/knowledge/${kb.id}`;
    renderWithApi(<KnowledgePage />, api);
    const zone = await screen.findByTestId('drop-zone');

    fireEvent.drop(zone, { dataTransfer: { files: [a], items: [], types: ['Files'] } });
    await waitFor(() => expect(files().map((f) => f.dataset.path)).toEqual(['/home/me/a.md']));
    fireEvent.change(screen.getByLabelText('Choose files'), { target: { files: [b] } });
    await waitFor(() => expect(screen.getAllByTestId('ingest-job')).toHaveLength(2));
    expect(api.calls.filter((c) => c.method === 'kb.ingest').map((c) => c.input)).toEqual([
      { kbId: kb.id, paths: ['/home/me/a.md'], tags: [] },
      { kbId: kb.id, paths: ['/home/me/b.md'], tags: [] },
    ]);
    expect(screen.queryByTestId('rejected-files')).toBeNull();
  });
});
