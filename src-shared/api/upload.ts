import { z } from 'zod';
import { Id } from '../entities/agent';
import { method } from './define';
import { IngestJob, IngestTags } from './ingest';
import { MAX_DOCUMENT_BYTES, MAX_UPLOAD_CHUNK_BYTES, MAX_UPLOAD_FILES } from './upload-limits';

export { MAX_DOCUMENT_BYTES, MAX_UPLOAD_CHUNK_BYTES, MAX_UPLOAD_FILES };

const MAX_PATH_CHARS = 1024;
const MAX_NAME_CHARS = 255;
const MAX_CHUNK_BASE64 = Math.ceil(MAX_UPLOAD_CHUNK_BYTES / 3) * 4;

/**
 * Why a file's path inside an upload is refused, or undefined if it is fine: it must be relative,
 * with forward slashes, no empty, `.` or `..` parts, no drive, no control characters (NUL…).
 */
export function uploadPathProblem(path: string): string | undefined {
  if (!path) return 'Give the file’s name';
  if (path.length > MAX_PATH_CHARS) return `The path is longer than ${MAX_PATH_CHARS} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'The path contains a control character';
  if (path.includes('\\')) return 'Separate folders with forward slashes (/)';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'The path must be relative, not absolute';
  const parts = path.split('/');
  if (parts.some((p) => p === '')) return 'The path has an empty folder name';
  if (parts.some((p) => p === '.' || p === '..')) return 'The path must not contain "." or ".." parts';
  if (parts.some((p) => p.length > MAX_NAME_CHARS)) return `A name in the path is longer than ${MAX_NAME_CHARS} characters`;
  return undefined;
}

/** A file's path inside what was dropped or chosen ("notes/a.md"); it keeps that place on the server. */
export const UploadPath = z.string().superRefine((path, ctx) => {
  const problem = uploadPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export const UploadFile = z
  .object({
    relativePath: UploadPath,
    bytes: z
      .number()
      .int()
      .nonnegative()
      .max(MAX_DOCUMENT_BYTES, `Too large: a document may have at most ${mb(MAX_DOCUMENT_BYTES)}`),
  })
  .strict();
export type UploadFile = z.infer<typeof UploadFile>;

/** Decoded size of standard base64 text. */
export function base64Bytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** The files of an upload: at least one, at most `max`, no path twice, no file that is also a folder. */
export const uploadFileList = (max: number) =>
  z
    .array(UploadFile)
    .min(1, 'Give at least one file')
    .max(max, `At most ${max} files per upload`)
    .superRefine((files, ctx) => {
      const first = new Map<string, number>();
      files.forEach(({ relativePath }, i) => void (first.has(relativePath) || first.set(relativePath, i)));
      files.forEach(({ relativePath }, i) => {
        if (first.get(relativePath) !== i)
          ctx.addIssue({ code: 'custom', path: [i, 'relativePath'], message: `"${relativePath}" is given twice` });
        const parts = relativePath.split('/');
        for (let n = 1; n < parts.length; n++) {
          const folder = parts.slice(0, n).join('/');
          if (first.has(folder)) ctx.addIssue({ code: 'custom', path: [i, 'relativePath'], message: `"${folder}" is both a file and a folder` });
        }
      });
    });
const Files = uploadFileList(MAX_UPLOAD_FILES);

const UploadRef = z.object({ uploadId: Id }).strict();

export const uploadMethods = {
  /**
   * Starts an upload of files into a knowledge base: their bytes follow in `kb.upload.chunk`s (in
   * order), then `kb.upload.finish` ingests them. `skipped` lists the files inside folders that
   * ingestion ignores (hidden, node_modules, unsupported formats), as it does for a folder path:
   * do not send them. An upload without a chunk for a while expires.
   */
  'kb.upload.begin': method(
    z.object({ kbId: Id, files: Files, tags: IngestTags.default([]) }).strict(),
    z.object({
      uploadId: Id,
      /** Send at most this many bytes per chunk. */
      chunkBytes: z.number().int().positive(),
      /** Indexes of files not to send. */
      skipped: z.array(z.number().int().nonnegative()),
      /** The upload expires after this long without a call. */
      idleTimeoutMs: z.number().int().positive(),
    }),
  ),
  /** The next bytes of one file (by its index in `begin`), at `offset` = the bytes it has so far. */
  'kb.upload.chunk': method(
    z
      .object({
        uploadId: Id,
        file: z.number().int().nonnegative().max(MAX_UPLOAD_FILES - 1),
        offset: z.number().int().nonnegative().max(MAX_DOCUMENT_BYTES),
        dataBase64: z
          .base64('Send the bytes as standard base64')
          .min(1, 'Send at least one byte')
          .max(MAX_CHUNK_BASE64, `A chunk may have at most ${MAX_UPLOAD_CHUNK_BYTES} bytes`)
          .refine((text) => base64Bytes(text) <= MAX_UPLOAD_CHUNK_BYTES, `A chunk may have at most ${MAX_UPLOAD_CHUNK_BYTES} bytes`),
      })
      .strict(),
    /** Bytes of this file received so far. */
    z.object({ received: z.number().int().nonnegative() }),
  ),
  /** Checks every file arrived whole, stores them and queues their ingestion; answers with the job. */
  'kb.upload.finish': method(UploadRef, IngestJob),
  /** Drops an upload and everything it received. */
  'kb.upload.cancel': method(UploadRef, z.object({ cancelled: z.boolean() })),
};
