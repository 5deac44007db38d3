import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { IngestJob } from '@shared/api/ingest';
import { MAX_UPLOAD_CHUNK_BYTES, uploadMethods, type UploadFile } from '@shared/api/upload';
import { AppError, parseOrThrow } from '@shared/errors';
import type { KnowledgeBaseService } from '../kb/index';
import { isIngestibleFile } from './scan';
import type { IngestService } from './service';
import { isStrictlyInside } from '../../system/inside';

export interface UploadServiceDeps {
  /**
   * `<dataDir>/uploads`: files are kept in `<root>/<kbId>/<relativePath>`, attachments in
   * `<root>/attachments/<attachmentId>/<relativePath>`, partial ones under `<root>/.partial/`.
   */
  root: string;
  ingest: Pick<IngestService, 'ingest'>;
  kb: Pick<KnowledgeBaseService, 'get' | 'list'>;
  /** An upload without a call for this long is dropped (default 10 minutes). */
  idleTimeoutMs?: number;
  /** Bytes per chunk the client is asked to send (default and most: 1 MiB). */
  chunkBytes?: number;
  /** Uploads open at once (default 32). */
  maxOpen?: number;
  onError?: (message: string, error: unknown) => void;
}

export interface UploadStarted {
  uploadId: string;
  chunkBytes: number;
  skipped: number[];
  idleTimeoutMs: number;
}

interface PartialFile extends UploadFile {
  received: number;
  /** Inside a dropped folder but ignored by ingestion (hidden, node_modules, unsupported): not sent. */
  skipped: boolean;
  temp: string;
}

/** What an upload is for: a knowledge base (its files are ingested) or attachments of chat messages. */
type UploadTarget = { kind: 'kb'; kbId: string; tags: string[] } | { kind: 'attachment' };

/** A file of an attachment upload, kept for runs in `<root>/attachments/<attachmentId>/<relativePath>`. */
export interface StoredAttachment {
  attachmentId: string;
  relativePath: string;
  bytes: number;
  path: string;
}

interface Upload {
  id: string;
  target: UploadTarget;
  dir: string;
  files: PartialFile[];
  timer: NodeJS.Timeout | undefined;
  /** Calls on one upload run one at a time (the offset check and the write belong together). */
  queue: Promise<unknown>;
}

const PARTIAL = '.partial';
/** The folder of attachments under the root (never a knowledge base's id, which are UUIDs). */
export const ATTACHMENTS_DIR = 'attachments';

/** `path` resolved inside `root`, or undefined when it would leave it. */
function within(root: string, path: string): string | undefined {
  const target = resolve(root, ...path.split('/'));
  return isStrictlyInside(root, target) ? target : undefined;
}

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `No upload with id ${id}: it finished, was cancelled, or expired without data.`, {
    hint: 'Start the upload again with kb.upload.begin.',
  });
}

/**
 * Files sent through the API (a browser cannot give paths): their bytes arrive in chunks into a
 * temporary file under `<root>/.partial/<uploadId>/`; at the end each file moves to a stable place,
 * `<root>/<kbId>/<relativePath>`, and a normal ingestion job reads it from there, so sending the same
 * file again updates (or, unchanged, skips) the same document. A cancelled, failed or abandoned
 * upload leaves nothing behind.
 */
export class UploadService {
  private readonly uploads = new Map<string, Upload>();
  private readonly idleTimeoutMs: number;
  private readonly chunkBytes: number;

  constructor(private readonly deps: UploadServiceDeps) {
    this.idleTimeoutMs = deps.idleTimeoutMs ?? 10 * 60_000;
    this.chunkBytes = Math.min(deps.chunkBytes ?? MAX_UPLOAD_CHUNK_BYTES, MAX_UPLOAD_CHUNK_BYTES);
  }

  /** Removes what earlier runs left: partial uploads, and the files of knowledge bases deleted since. */
  async start(): Promise<void> {
    try {
      await rm(join(this.deps.root, PARTIAL), { recursive: true, force: true });
      const known = new Set((await this.deps.kb.list()).map((kb) => kb.id));
      const entries = await readdir(this.deps.root, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.isDirectory() && entry.name !== PARTIAL && entry.name !== ATTACHMENTS_DIR && !known.has(entry.name))
          await this.removeKnowledgeBase(entry.name);
      }
    } catch (error) {
      this.deps.onError?.(`Could not clear old uploads in ${this.deps.root}`, error);
    }
  }

  async begin(input: unknown): Promise<UploadStarted> {
    const { kbId, files, tags } = parseOrThrow(uploadMethods['kb.upload.begin'].input, input, 'upload');
    await this.deps.kb.get(kbId);
    const kbDir = join(this.deps.root, kbId);
    // Like a folder given by path: inside folders, skip what ingestion would not pick up.
    const skippedOf = (path: string) => path.includes('/') && !isIngestibleFile(kbDir, within(kbDir, path) ?? kbDir);
    if (files.every((f) => skippedOf(f.relativePath))) {
      throw new AppError('VALIDATION', 'None of these files can be added: they are hidden, in ignored folders or of unsupported formats.', {
        hint: 'Add PDF, Word, Markdown, HTML, text, CSV, JSON or source files.',
      });
    }
    return this.openUpload({ kind: 'kb', kbId, tags }, files, skippedOf);
  }

  /**
   * Starts an upload of files to attach to chat messages (`files` already checked by the caller:
   * valid relative paths, sizes); `finishAttachments` keeps them for runs.
   */
  beginAttachments(files: readonly UploadFile[]): Promise<UploadStarted> {
    return this.openUpload({ kind: 'attachment' }, files, () => false);
  }

  private async openUpload(target: UploadTarget, files: readonly UploadFile[], skippedOf: (path: string) => boolean): Promise<UploadStarted> {
    const maxOpen = this.deps.maxOpen ?? 32;
    if (this.uploads.size >= maxOpen) {
      throw new AppError('RATE_LIMITED', `${maxOpen} uploads are already open.`, { hint: 'Wait for them to finish, or cancel one.' });
    }
    const id = randomUUID();
    const dir = join(this.deps.root, PARTIAL, id);
    await mkdir(dir, { recursive: true });
    const upload: Upload = {
      id,
      target,
      dir,
      files: files.map((f, i) => ({ ...f, received: 0, skipped: skippedOf(f.relativePath), temp: join(dir, String(i)) })),
      timer: undefined,
      queue: Promise.resolve(),
    };
    try {
      for (const f of upload.files) if (!f.skipped) await (await open(f.temp, 'w')).close();
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    this.uploads.set(id, upload);
    this.touch(upload);
    return {
      uploadId: id,
      chunkBytes: this.chunkBytes,
      skipped: upload.files.flatMap((f, i) => (f.skipped ? [i] : [])),
      idleTimeoutMs: this.idleTimeoutMs,
    };
  }

  /** Appends bytes to one file; `offset` must be what the file has so far. */
  chunk(uploadId: string, index: number, offset: number, dataBase64: string): Promise<{ received: number }> {
    return this.serial(uploadId, async (upload) => {
      const file = upload.files[index];
      if (!file) throw new AppError('VALIDATION', `The upload has no file ${index} (it has ${upload.files.length}).`);
      if (file.skipped) throw new AppError('VALIDATION', `"${file.relativePath}" is skipped: do not send it.`);
      const bytes = Buffer.from(dataBase64, 'base64');
      if (bytes.length > this.chunkBytes) {
        throw new AppError('VALIDATION', `A chunk of ${bytes.length} bytes is larger than ${this.chunkBytes}.`, {
          hint: `Send at most ${this.chunkBytes} bytes per chunk.`,
        });
      }
      if (offset !== file.received) {
        throw new AppError('CONFLICT', `"${file.relativePath}" has ${file.received} bytes, but a chunk came for offset ${offset}.`, {
          hint: `Send the chunks in order: the next one starts at offset ${file.received}.`,
        });
      }
      if (file.received + bytes.length > file.bytes) {
        throw new AppError('VALIDATION', `"${file.relativePath}" would get more than the ${file.bytes} bytes announced.`, {
          hint: 'Start the upload again with the right sizes.',
        });
      }
      const handle = await open(file.temp, 'r+');
      try {
        await handle.write(bytes, 0, bytes.length, offset);
      } finally {
        await handle.close();
      }
      file.received += bytes.length;
      return { received: file.received };
    });
  }

  /** Checks every file arrived whole, moves them to their place and queues their ingestion. */
  finish(uploadId: string): Promise<IngestJob> {
    return this.settle(uploadId, 'kb', async (upload, sent) => {
      const target = upload.target as Extract<UploadTarget, { kind: 'kb' }>;
      const kbDir = join(this.deps.root, target.kbId);
      const stored = await this.store(sent.map((file) => ({ file, dir: kbDir })));
      try {
        return await this.deps.ingest.ingest(target.kbId, stored.map((s) => s.path), { source: 'manual', tags: target.tags });
      } catch (error) {
        for (const s of stored) if (s.created) await this.removeStored(target.kbId, s.path);
        throw error;
      }
    });
  }

  /** Checks every file of an attachment upload arrived whole and keeps each as one attachment. */
  finishAttachments(uploadId: string): Promise<StoredAttachment[]> {
    return this.settle(uploadId, 'attachment', async (_upload, sent) => {
      const placed = sent.map((file) => ({ file, attachmentId: randomUUID() }));
      const stored = await this.store(placed.map(({ file, attachmentId }) => ({ file, dir: this.attachmentDir(attachmentId) })));
      return placed.map(({ file, attachmentId }, i) => ({ attachmentId, relativePath: file.relativePath, bytes: file.bytes, path: stored[i]!.path }));
    });
  }

  /** Where an attachment's file is kept: `<root>/attachments/<attachmentId>/`. */
  attachmentDir(attachmentId: string): string {
    return join(this.deps.root, ATTACHMENTS_DIR, attachmentId);
  }

  /** Ends an upload of this kind once every file is whole: `then` stores its files; the partial folder goes either way. */
  private settle<T>(uploadId: string, kind: UploadTarget['kind'], then: (upload: Upload, sent: PartialFile[]) => Promise<T>): Promise<T> {
    return this.serial(uploadId, async (upload) => {
      if (upload.target.kind !== kind) {
        const other = upload.target.kind === 'kb' ? 'kb.upload.finish' : 'attachments.upload.finish';
        throw new AppError('VALIDATION', `Upload ${uploadId} is not for ${kind === 'kb' ? 'a knowledge base' : 'attachments'}.`, { hint: `Finish it with ${other}.` });
      }
      const sent = upload.files.filter((f) => !f.skipped);
      const short = sent.filter((f) => f.received !== f.bytes);
      if (short.length) {
        const first = short[0]!;
        throw new AppError('VALIDATION', `"${first.relativePath}" has ${first.received} of its ${first.bytes} bytes${short.length > 1 ? ` (and ${short.length - 1} more files are incomplete)` : ''}.`, {
          hint: `Send the rest from offset ${first.received}, then finish again.`,
        });
      }
      this.forget(upload);
      try {
        return await then(upload, sent);
      } finally {
        await rm(upload.dir, { recursive: true, force: true });
      }
    });
  }

  /** Moves each file to `<dir>/<relativePath>`; on a failure, removes what it created and throws. */
  private async store(items: Array<{ file: PartialFile; dir: string }>): Promise<Array<{ path: string; created: boolean }>> {
    const out: Array<{ path: string; created: boolean }> = [];
    try {
      for (const { file, dir } of items) {
        const target = within(dir, file.relativePath);
        if (!target) throw new AppError('VALIDATION', `"${file.relativePath}" is not a path inside the upload.`);
        const existed = await stat(target).then(
          (info) => info,
          () => undefined,
        );
        try {
          if (existed?.isDirectory()) throw new Error('a folder of that name was uploaded before');
          await mkdir(dirname(target), { recursive: true });
          await rename(file.temp, target);
        } catch (error) {
          throw new AppError('CONFLICT', `Cannot store "${file.relativePath}": ${(error as Error).message}.`, {
            hint: 'Rename the file or folder and upload it again.',
          });
        }
        out.push({ path: target, created: !existed });
      }
      return out;
    } catch (error) {
      for (const [i, s] of out.entries()) {
        if (!s.created) continue;
        const dir = items[i]!.dir;
        if (dir.startsWith(join(this.deps.root, ATTACHMENTS_DIR))) await rm(dir, { recursive: true, force: true });
        else await unlink(s.path).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Drops an upload with what it received; false if there is no such upload (any more). */
  async cancel(uploadId: string): Promise<boolean> {
    const upload = this.uploads.get(uploadId);
    if (!upload) return false;
    this.forget(upload);
    await upload.queue.catch(() => undefined);
    await rm(upload.dir, { recursive: true, force: true });
    return true;
  }

  /** Removes the stored copy of a document's file, if it came from an upload (best effort). */
  async removeStored(kbId: string, path: string): Promise<void> {
    const kbDir = join(this.deps.root, kbId);
    if (!isStrictlyInside(kbDir, path)) return;
    await unlink(path).catch(() => undefined);
    // Folders left empty go too (rmdir refuses a folder that still holds something).
    for (let dir = dirname(path); isStrictlyInside(kbDir, dir); dir = dirname(dir)) {
      if (!(await rmdir(dir).then(() => true, () => false))) break;
    }
  }

  /** Removes a deleted knowledge base's files and drops its open uploads. */
  async removeKnowledgeBase(kbId: string): Promise<void> {
    if (!/^[\w-]+$/.test(kbId)) return;
    for (const upload of [...this.uploads.values()]) if (upload.target.kind === 'kb' && upload.target.kbId === kbId) await this.cancel(upload.id);
    await rm(join(this.deps.root, kbId), { recursive: true, force: true });
  }

  /** Open uploads (for tests and diagnostics). */
  get open(): number {
    return this.uploads.size;
  }

  /** Drops every open upload and its partial files. */
  async close(): Promise<void> {
    await Promise.all([...this.uploads.keys()].map((id) => this.cancel(id)));
  }

  /** Runs a call on an open upload after the calls before it, keeping the upload alive. */
  private serial<T>(uploadId: string, fn: (upload: Upload) => Promise<T>): Promise<T> {
    const upload = this.uploads.get(uploadId);
    if (!upload) return Promise.reject(notFound(uploadId));
    this.touch(upload);
    const run = upload.queue.then(() => {
      if (this.uploads.get(uploadId) !== upload) throw notFound(uploadId);
      return fn(upload);
    });
    upload.queue = run.catch(() => undefined);
    return run;
  }

  private touch(upload: Upload): void {
    if (upload.timer) clearTimeout(upload.timer);
    upload.timer = setTimeout(() => {
      void this.cancel(upload.id).catch((error: unknown) => this.deps.onError?.(`Could not remove the expired upload ${upload.id}`, error));
    }, this.idleTimeoutMs);
    upload.timer.unref();
  }

  private forget(upload: Upload): void {
    if (upload.timer) clearTimeout(upload.timer);
    this.uploads.delete(upload.id);
  }
}
