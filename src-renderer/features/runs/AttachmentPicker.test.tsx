import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { methods, type MethodName, type MethodOutput } from '@shared/api/index';
import type { AttachmentRef } from '@shared/entities/attachment';
import type { ModelRef } from '@shared/entities/model';
import { AppError, parseOrThrow } from '@shared/errors';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { Composer } from './Composer';

afterEach(() => {
  cleanup();
  delete (window as { agentFactory?: unknown }).agentFactory;
});

/**
 * The in-memory API with `attachments.upload.*`: chunks of `chunkBytes`, each answered only when
 * the test releases it (`release()`), so progress can be seen; `begin` refuses `.exe` as the
 * engine does.
 */
class AttachApi extends MemoryApi {
  chunkBytes = 4;
  private waiting: Array<() => void> = [];
  private readonly uploads = new Map<string, { name: string; bytes: number; received: number }>();
  private ids = 1;

  /** Chunks sent and not answered yet. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Answers the chunks sent so far (and, with `all`, every later one at once). */
  release(all = false): void {
    if (all) this.chunkBytes = Number.POSITIVE_INFINITY;
    for (const go of this.waiting.splice(0)) go();
  }

  override async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    if (!method.startsWith('attachments.')) return super.call(method, input);
    this.calls.push({ method, input });
    const parsed = parseOrThrow(methods[method].input, input) as Record<string, never>;
    const answer = (value: unknown) => methods[method].output.parse(value) as MethodOutput<M>;
    switch (method) {
      case 'attachments.upload.begin': {
        const [file] = (parsed as unknown as { files: { relativePath: string; bytes: number }[] }).files;
        if (file!.relativePath.endsWith('.exe'))
          throw new AppError('VALIDATION', `${file!.relativePath} cannot be attached: its kind of file cannot be read.`, {
            hint: 'Attach PDF, Word, Markdown, HTML, text, CSV, JSON or source files, or PNG, JPEG, GIF or WebP images.',
          });
        const uploadId = `u${this.ids++}`;
        this.uploads.set(uploadId, { name: file!.relativePath, bytes: file!.bytes, received: 0 });
        return answer({ uploadId, chunkBytes: Number.isFinite(this.chunkBytes) ? this.chunkBytes : 1 << 20, idleTimeoutMs: 60_000 });
      }
      case 'attachments.upload.chunk': {
        const { uploadId, dataBase64 } = parsed as unknown as { uploadId: string; dataBase64: string };
        if (Number.isFinite(this.chunkBytes)) await new Promise<void>((go) => this.waiting.push(go));
        const upload = this.uploads.get(uploadId);
        if (!upload) throw new AppError('NOT_FOUND', `No upload with id ${uploadId}.`);
        upload.received += atob(dataBase64).length;
        return answer({ received: upload.received });
      }
      case 'attachments.upload.finish': {
        const upload = this.uploads.get((parsed as unknown as { uploadId: string }).uploadId)!;
        const n = String(this.ids++).padStart(12, '0');
        return answer([{ attachmentId: `3f2b1c4e-0000-4000-8000-${n}`, name: upload.name, bytes: upload.bytes }]);
      }
      case 'attachments.upload.cancel': {
        return answer({ cancelled: this.uploads.delete((parsed as unknown as { uploadId: string }).uploadId) });
      }
    }
    throw new AppError('UNKNOWN_METHOD', method);
  }
}

function setup(model: ModelRef = { provider: 'ollama', model: 'llava' }) {
  const api = new AttachApi();
  const sent: Array<{ input: string; attachments: AttachmentRef[] | undefined }> = [];
  const onSend = vi.fn(async (input: string, options: { history: boolean; attachments?: AttachmentRef[] }) => {
    sent.push({ input, attachments: options.attachments });
  });
  renderWithApi(<Composer agentName="Looker" active={false} onSend={onSend} onStop={async () => {}} attach={{ model }} />, api);
  return { api, sent };
}

const pick = (...files: File[]) => {
  fireEvent.click(screen.getByRole('button', { name: 'Attach files' }));
  fireEvent.change(screen.getByLabelText('Choose files'), { target: { files } });
};
const chips = () => within(screen.getByRole('list', { name: 'Attached files' })).queryAllByRole('listitem');
const send = (text: string) => {
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: /Run/ }));
};

describe('attaching files in the composer', () => {
  it('uploads a picked file with progress, then sends its id with the message and clears the chips', async () => {
    const { api, sent } = setup();
    pick(new File(['hello world!'], 'notes.txt'));
    const chip = await waitFor(() => chips()[0]!);
    expect(chip.textContent).toContain('notes.txt');
    // The first 4 bytes are in flight: the chip shows the upload and Run waits for it.
    expect(within(chip).getByRole('progressbar', { name: 'Uploading notes.txt' })).toBeTruthy();
    expect(chip.textContent).toContain('0 B of 12 B');
    expect(screen.getByRole('button', { name: /Run/ }).hasAttribute('disabled')).toBe(true);
    await waitFor(() => expect(api.pending).toBe(1));
    act(() => api.release());
    await waitFor(() => expect(chips()[0]!.textContent).toContain('4 B of 12 B'));
    act(() => api.release(true));
    await waitFor(() => expect(within(chips()[0]!).queryByRole('progressbar')).toBeNull());
    expect(chips()[0]!.textContent).toContain('12 B');
    send('Summarise it');
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ input: 'Summarise it', attachments: [{ attachmentId: expect.stringMatching(/^3f2b1c4e-/) }] });
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Attached files' })).toBeNull());
  });

  it('removes a file, cancelling its upload, so the message goes without it', async () => {
    const { api, sent } = setup();
    pick(new File(['0123456789'], 'draft.md'));
    await waitFor(() => expect(chips()).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Remove draft.md' }));
    expect(screen.queryByRole('list', { name: 'Attached files' })).toBeNull();
    act(() => api.release(true));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'attachments.upload.cancel')).toBe(true));
    expect(api.calls.some((c) => c.method === 'attachments.upload.finish')).toBe(false);
    send('Just text');
    await waitFor(() => expect(sent).toEqual([{ input: 'Just text', attachments: undefined }]));
  });

  it('warns that a model cannot see images, and not for a vision model', async () => {
    setup({ provider: 'ollama', model: 'llama3.2' });
    pick(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'photo.png'));
    const warning = await screen.findByText(/llama3\.2 cannot see images/);
    expect(warning.textContent).toMatch(/Pick a vision model such as llava, gpt-4o/);
    cleanup();
    setup({ provider: 'ollama', model: 'llava' });
    pick(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'photo.png'));
    await waitFor(() => expect(chips()).toHaveLength(1));
    expect(screen.queryByText(/cannot see images/)).toBeNull();
    expect(screen.queryByText(/It is not known whether/)).toBeNull();
    cleanup();
    setup({ provider: 'ollama', model: 'house-special' });
    pick(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'photo.png'));
    await screen.findByText(/It is not known whether house-special can see images/);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows why a file cannot be attached and what to do, for a too-large image and a refused kind', async () => {
    const { sent } = setup();
    const huge = new File(['x'], 'huge.png');
    Object.defineProperty(huge, 'size', { value: 6 * 1024 * 1024 });
    pick(huge, new File(['MZ'], 'setup.exe'));
    await waitFor(() => expect(chips()).toHaveLength(2));
    expect(chips()[0]!.textContent).toMatch(/huge\.png has 6\.0 MB; an image may have at most 5\.0 MB\..*Make the image smaller/);
    await waitFor(() => expect(chips()[1]!.textContent).toMatch(/setup\.exe cannot be attached.*Attach PDF, Word/));
    // Failed files do not go with the message.
    send('Anyway');
    await waitFor(() => expect(sent).toEqual([{ input: 'Anyway', attachments: undefined }]));
  });

  it('in the desktop app, attaches a file by its path without uploading it', async () => {
    const file = new File(['alpha'], 'a.md');
    (window as { agentFactory?: unknown }).agentFactory = { pathForFile: (f: File) => (f === file ? '/home/me/a.md' : '') };
    const { api, sent } = setup();
    pick(file);
    await waitFor(() => expect(chips()).toHaveLength(1));
    send('Read it');
    await waitFor(() => expect(sent).toEqual([{ input: 'Read it', attachments: [{ path: '/home/me/a.md' }] }]));
    expect(api.calls.some((c) => c.method.startsWith('attachments.'))).toBe(false);
  });
});
