import { readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import { MAX_DOCUMENT_BYTES } from '@shared/api/upload';
import { imageTypeOf, MAX_IMAGE_BYTES, type AttachmentRef } from '@shared/entities/attachment';
import type { ImageMediaType } from '@shared/entities/llm';
import { AppError } from '@shared/errors';
import { isSupportedFile } from '../rag/ingest/scan';

/** An attachment found and checked: where its file is, and what it will be. */
export interface AttachmentFile {
  /** Its name for the model and the trace ("notes/a.md", "report.pdf"). */
  name: string;
  path: string;
  bytes: number;
  /** Set for an image. */
  mediaType?: ImageMediaType;
}

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Why a file cannot be attached (its kind or size), or undefined: images (PNG, JPEG, GIF, WebP) up
 * to 5 MB, documents the parser reads (PDF, Word, Markdown, HTML, text, CSV, JSON, source) up to the
 * parser's limit.
 */
export function attachmentProblem(name: string, bytes: number): AppError | undefined {
  if (imageTypeOf(name)) {
    if (bytes > MAX_IMAGE_BYTES) {
      return new AppError('VALIDATION', `${name} has ${mb(bytes)}; an image may have at most ${mb(MAX_IMAGE_BYTES)}.`, {
        hint: 'Make the image smaller (scale it down or save it as JPEG), then attach it again.',
      });
    }
    return undefined;
  }
  if (!isSupportedFile(name)) {
    return new AppError('VALIDATION', `${name} cannot be attached: its kind of file cannot be read.`, {
      hint: 'Attach PDF, Word, Markdown, HTML, text, CSV, JSON or source files, or PNG, JPEG, GIF or WebP images.',
    });
  }
  if (bytes > MAX_DOCUMENT_BYTES) {
    return new AppError('VALIDATION', `${name} has ${mb(bytes)}; a document may have at most ${mb(MAX_DOCUMENT_BYTES)}.`, {
      hint: 'Split the file, or add it to a knowledge base of the agent instead.',
    });
  }
  return undefined;
}

/** The one file of an uploaded attachment's folder (`<dir>/<relativePath>`), with its path inside. */
async function fileIn(dir: string): Promise<{ path: string; name: string } | undefined> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => undefined);
  const file = entries?.find((e) => e.isFile());
  if (!file) return undefined;
  const path = join(file.parentPath, file.name);
  return { path, name: relative(dir, path).split(/[\\/]/).join('/') };
}

/**
 * Finds and checks the files of a message: uploaded ones in their folder (`dirOf(attachmentId)`),
 * others by their absolute path on this machine. Throws a typed error naming the first bad one.
 */
export async function resolveAttachments(refs: readonly AttachmentRef[], dirOf: (attachmentId: string) => string): Promise<AttachmentFile[]> {
  const out: AttachmentFile[] = [];
  for (const ref of refs) {
    let found: { path: string; name: string } | undefined;
    if ('attachmentId' in ref) {
      // The id is a UUID (checked by the contract): its folder cannot be outside the attachments.
      found = await fileIn(dirOf(ref.attachmentId));
      if (!found) {
        throw new AppError('NOT_FOUND', `No attached file with id ${ref.attachmentId}.`, {
          hint: 'Upload the file again with attachments.upload.begin, then send the message.',
        });
      }
    } else {
      if (!isAbsolute(ref.path) || ref.path.includes('\0')) {
        throw new AppError('VALIDATION', `Attach a file by its absolute path, not "${ref.path}".`, {
          hint: 'Give the full path (e.g. /home/me/notes.md), or upload the file instead.',
        });
      }
      found = { path: ref.path, name: basename(ref.path) };
    }
    const info = await stat(found.path).catch(() => undefined);
    if (!info?.isFile()) {
      throw new AppError('NOT_FOUND', `${found.name} cannot be attached: there is no file at ${found.path}.`, {
        hint: 'Check the path, or pick the file again.',
      });
    }
    const problem = attachmentProblem(found.name, info.size);
    if (problem) throw problem;
    const mediaType = imageTypeOf(found.name);
    out.push({ name: found.name, path: found.path, bytes: info.size, ...(mediaType ? { mediaType } : {}) });
  }
  return out;
}
