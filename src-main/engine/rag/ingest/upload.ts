import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { IngestJob } from '@shared/api/ingest';
import { MAX_UPLOAD_CHUNK_BYTES, uploadMethods, type UploadFile } from '@shared/api/upload';
import { AppError, parseOrThrow } from '@shared/errors';
import type { KnowledgeBaseService } from '../kb/index';
import { isIngestibleFile } from './scan';
import type { IngestService } from './service';

export interface UploadServiceDeps {
  /** `<dataDir>/uploads`: files are kept in `<root>/<kbId>/<relativePath>`, partial ones under `<root>/.partial/`. */
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

interface Upload {
  id: string;
  kbId: string;
  tags: string[];
  dir: string;
  files: PartialFile[];
  timer: NodeJS.Timeout | undefined;
  /** Calls on one upload run one at a time (the offset check and the write belong together). */
  queue: Promise<unknown>;
}

const PARTIAL = '.partial';

/** `path` resolved inside `root`, or undefined when it would leave it. */
function within(root: string, path: string): string | undefined {
  const target = resolve(root, ...path.split('/'));
  const rel = relative(root, target);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? target : undefined;
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
        if (entry.isDirectory() && entry.name !== PARTIAL && !known.has(entry.name)) await this.removeKnowledgeBase(entry.name);
      }
    } catch (error) {
      this.deps.onError?.(`Could not clear old uploads in ${this.deps.root}`, error);
    }
  }

  async begin(input: unknown): Promise<UploadStarted> {
    const { kbId, files, tags } = parseOrThrow(uploadMethods['kb.upload.begin'].input, input, 'upload');
    await this.deps.kb.get(kbId);
    const maxOpen = this.deps.maxOpen ?? 32;
    if (this.uploads.size >= maxOpen) {
      throw new AppError('RATE_LIMITED', `${maxOpen} uploads are already open.`, { hint: 'Wait for them to finish, or cancel one.' });
    }
    const kbDir = join(this.deps.root, kbId);
    // Like a folder given by path: inside folders, skip what ingestion would not pick up.
    const skippedOf = (path: string) => path.includes('/') && !isIngestibleFile(kbDir, within(kbDir, path) ?? kbDir);
    if (files.every((f) => skippedOf(f.relativePath))) {
      throw new AppError('VALIDATION', 'None of these files can be added: they are hidden, in ignored folders or of unsupported formats.', {
        hint: 'Add PDF, Word, Markdown, HTML, text, CSV, JSON or source files.',
      });
    }
    const id = randomUUID();
    const dir = join(this.deps.root, PARTIAL, id);
    await mkdir(dir, { recursive: true });
    const upload: Upload = {
      id,
      kbId,
      tags,
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
    return this.serial(uploadId, async (upload) => {
      const sent = upload.files.filter((f) => !f.skipped);
      const short = sent.filter((f) => f.received !== f.bytes);
      if (short.length) {
        const first = short[0]!;
        throw new AppError('VALIDATION', `"${first.relativePath}" has ${first.received} of its ${first.bytes} bytes${short.length > 1 ? ` (and ${short.length - 1} more files are incomplete)` : ''}.`, {
          hint: `Send the rest from offset ${first.received}, then finish again.`,
        });
      }
      this.forget(upload);
      const kbDir = join(this.deps.root, upload.kbId);
      const created: string[] = [];
      try {
        const targets: string[] = [];
        for (const file of sent) {
          const target = within(kbDir, file.relativePath);
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
          if (!existed) created.push(target);
          targets.push(target);
        }
        return await this.deps.ingest.ingest(upload.kbId, targets, { source: 'manual', tags: upload.tags });
      } catch (error) {
        for (const path of created) await this.removeStored(upload.kbId, path);
        throw error;
      } finally {
        await rm(upload.dir, { recursive: true, force: true });
      }
    });
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
    const rel = relative(kbDir, path);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) return;
    await unlink(path).catch(() => undefined);
    // Folders left empty go too (rmdir refuses a folder that still holds something).
    for (let dir = dirname(path); relative(kbDir, dir) && !relative(kbDir, dir).startsWith('..'); dir = dirname(dir)) {
      if (!(await rmdir(dir).then(() => true, () => false))) break;
    }
  }

  /** Removes a deleted knowledge base's files and drops its open uploads. */
  async removeKnowledgeBase(kbId: string): Promise<void> {
    if (!/^[\w-]+$/.test(kbId)) return;
    for (const upload of [...this.uploads.values()]) if (upload.kbId === kbId) await this.cancel(upload.id);
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
