import type { MethodOutput, ParsedInput } from '@shared/api/index';
import type { uploadMethods } from '@shared/api/upload';
import { AppError } from '@shared/errors';
import { enqueue } from './test-ingest';
import type { KbFakeState } from './test-state';

type UploadMethod = keyof typeof uploadMethods;
export type UploadHandlers = { [M in UploadMethod]: (input: ParsedInput<M>) => MethodOutput<M> };

interface FakeUpload {
  kbId: string;
  tags: string[];
  files: { relativePath: string; bytes: number; received: Uint8Array[]; skipped: boolean }[];
}

/** Where the fake engine keeps an uploaded file (as the engine does under its data folder). */
export const uploadedPath = (kbId: string, relativePath: string) =>
  `/data/uploads/${kbId}/${relativePath}`;

const size = (parts: Uint8Array[]) => parts.reduce((n, p) => n + p.length, 0);

/**
 * `kb.upload.*` of the in-memory engine: chunks in order (else CONFLICT), files inside hidden
 * folders skipped, and at the end the text lands in `files` and a job is queued for `step()`.
 */
export function uploadHandlers(
  state: KbFakeState,
  options: { chunkBytes: () => number },
): UploadHandlers {
  const uploads = new Map<string, FakeUpload>();
  const uploadOf = (id: string) => {
    const upload = uploads.get(id);
    if (!upload)
      throw new AppError('NOT_FOUND', `No upload with id ${id}.`, {
        hint: 'Start the upload again with kb.upload.begin.',
      });
    return upload;
  };
  return {
    'kb.upload.begin': ({ kbId, files, tags }) => {
      state.kbOf(kbId);
      const id = state.id('upload');
      uploads.set(id, {
        kbId,
        tags,
        files: files.map((f) => ({
          ...f,
          received: [],
          skipped: f.relativePath
            .split('/')
            .slice(0, -1)
            .some((p) => p.startsWith('.')),
        })),
      });
      const skipped = uploads.get(id)!.files.flatMap((f, i) => (f.skipped ? [i] : []));
      return { uploadId: id, chunkBytes: options.chunkBytes(), skipped, idleTimeoutMs: 600_000 };
    },
    'kb.upload.chunk': ({ uploadId, file, offset, dataBase64 }) => {
      const target = uploadOf(uploadId).files[file];
      if (!target) throw new AppError('VALIDATION', `No file ${file}.`);
      const received = size(target.received);
      if (offset !== received)
        throw new AppError('CONFLICT', `Chunk at ${offset}, but the file has ${received} bytes.`);
      target.received.push(Uint8Array.from(atob(dataBase64), (c) => c.charCodeAt(0)));
      return { received: size(target.received) };
    },
    'kb.upload.finish': ({ uploadId }) => {
      const upload = uploadOf(uploadId);
      const sent = upload.files.filter((f) => !f.skipped);
      if (sent.some((f) => size(f.received) !== f.bytes))
        throw new AppError('VALIDATION', 'A file is incomplete.');
      uploads.delete(uploadId);
      const paths = sent.map((f) => {
        const path = uploadedPath(upload.kbId, f.relativePath);
        const bytes = new Uint8Array(size(f.received));
        let at = 0;
        for (const part of f.received) bytes.set(part, (at += part.length) - part.length);
        state.files.set(path, new TextDecoder().decode(bytes));
        return path;
      });
      return enqueue(state, upload.kbId, paths, 'manual', upload.tags);
    },
    'kb.upload.cancel': ({ uploadId }) => ({ cancelled: uploads.delete(uploadId) }),
  };
}
