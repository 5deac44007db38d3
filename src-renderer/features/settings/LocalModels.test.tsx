import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodOutput } from '@shared/api/index';
import { AppError } from '@shared/errors';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { KbForm } from '../knowledge/KbForm';
import { KnowledgeMemoryApi } from '../knowledge/test-api';
import { LocalModels } from './LocalModels';

afterEach(cleanup);

const names = () =>
  screen
    .getAllByTestId(/^local-model-/)
    .map((li) => li.dataset.testid!.replace('local-model-', ''));

describe('Local embedding models (Settings)', () => {
  let api: MemoryApi;
  beforeEach(() => {
    api = new MemoryApi();
  });

  it('lists the models, adds a folder, shows server errors and removes a model', async () => {
    renderWithApi(<LocalModels />, api);
    await waitFor(() => expect(names()).toEqual(['all-MiniLM-L6-v2']));
    expect(screen.queryByRole('button', { name: 'Remove all-MiniLM-L6-v2' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Add a model folder'), {
      target: { value: '/models/bge-small-en-v1.5' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));
    await waitFor(() => expect(names()).toEqual(['all-MiniLM-L6-v2', 'bge-small-en-v1.5']));
    expect(screen.getByText('Added bge-small-en-v1.5 (384 dimensions).')).toBeTruthy();
    expect(api.calls).toContainEqual({
      method: 'models.local.addFolder',
      input: { path: '/models/bge-small-en-v1.5' },
    });

    api.failNext(
      'models.local.addFolder',
      new AppError('VALIDATION', '/models/broken is missing tokenizer.json.', {
        hint: 'A model folder needs tokenizer.json.',
      }),
    );
    fireEvent.change(screen.getByLabelText('Add a model folder'), {
      target: { value: '/models/broken' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));
    expect((await screen.findByRole('alert')).textContent).toContain('missing tokenizer.json');
    expect(names()).toHaveLength(2);

    api.failNext(
      'models.local.remove',
      new AppError('CONFLICT', 'bge-small-en-v1.5 is used by "Notes".'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove bge-small-en-v1.5' }));
    expect((await screen.findByRole('alert')).textContent).toContain('used by "Notes"');
    fireEvent.click(screen.getByRole('button', { name: 'Remove bge-small-en-v1.5' }));
    await waitFor(() => expect(names()).toEqual(['all-MiniLM-L6-v2']));
  });

  it('downloads a model with a progress bar, and cancels a download', async () => {
    const call = api.call.bind(api);
    let settle:
      | {
          resolve: (m: MethodOutput<'models.local.download'>) => void;
          reject: (e: unknown) => void;
        }
      | undefined;
    api.call = ((method: string, input: unknown) =>
      method === 'models.local.download'
        ? new Promise<MethodOutput<'models.local.download'>>(
            (resolve, reject) => (settle = { resolve, reject }),
          )
        : call(method as 'models.local.list', input)) as typeof api.call;
    renderWithApi(<LocalModels />, api);
    await waitFor(() => expect(names()).toHaveLength(1));

    fireEvent.change(screen.getByLabelText('Download from Hugging Face'), {
      target: { value: 'Xenova/bge-small-en-v1.5' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    const bar = await screen.findByRole('progressbar', {
      name: 'Downloading Xenova/bge-small-en-v1.5',
    });
    act(() =>
      api.emit('models.download.progress', {
        repo: 'Xenova/bge-small-en-v1.5',
        file: 'onnx/model_quantized.onnx',
        received: 2_097_152,
        total: 8_388_608,
      }),
    );
    act(() =>
      api.emit('models.download.progress', {
        repo: 'someone/else',
        file: 'config.json',
        received: 1,
        total: 1,
      }),
    );
    expect(bar.getAttribute('aria-valuenow')).toBe('2097152');
    expect(bar.getAttribute('aria-valuemax')).toBe('8388608');
    expect(screen.getByTestId('model-download-status').textContent).toBe(
      'onnx/model_quantized.onnx: 2.0 MB of 8.0 MB',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(api.calls).toContainEqual({
        method: 'models.download.cancel',
        input: { repo: 'Xenova/bge-small-en-v1.5' },
      }),
    );
    act(() => settle!.reject(new AppError('CANCELLED', 'The download was cancelled.')));
    expect((await screen.findByRole('alert')).textContent).toBe('The download was cancelled.');
    expect(screen.queryByRole('progressbar')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    await screen.findByRole('progressbar');
    await act(async () =>
      settle!.resolve(await call('models.local.download', { repo: 'Xenova/bge-small-en-v1.5' })),
    );
    await waitFor(() => expect(names()).toEqual(['all-MiniLM-L6-v2', 'bge-small-en-v1.5']));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});

describe('knowledge-base form', () => {
  it('offers the local models from models.local.list', async () => {
    const api = new KnowledgeMemoryApi();
    await api.call('models.local.addFolder', { path: '/models/e5-small' });
    renderWithApi(<KbForm base={undefined} onSaved={() => {}} />, api);
    const select = screen.getByLabelText('Embedding model', { selector: 'select' });
    await waitFor(() =>
      expect(
        within(select)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['all-MiniLM-L6-v2', 'e5-small']),
    );
  });
});
