import { MAX_DOCUMENT_BYTES, uploadPathProblem } from '@shared/api/upload';
import { preloadBridge } from '../../api/create-client';
import type { PickedFile } from '../../ui/drop-files';
import type { FileFailure } from './failures';
import { formatBytes } from './format';
import type { RejectedFile } from './ingest-store';

/** Where a picked file is on disk, when the page can know it; undefined in a plain browser. */
export type PathOf = (file: File) => string | undefined;

/**
 * The file's path on disk in the desktop app: from the preload's `pathForFile` when it exposes
 * one, or Electron's older `File.path`. A browser (headless mode) never knows it.
 */
export const desktopPathOf: PathOf = (file) => {
  const bridge = preloadBridge();
  const fromBridge = typeof bridge?.pathForFile === 'function' ? bridge.pathForFile(file) : '';
  if (fromBridge) return fromBridge;
  const legacy = (file as File & { path?: unknown }).path;
  return typeof legacy === 'string' && legacy ? legacy : undefined;
};

export interface SortedFiles {
  /** Files the engine can read by path (the desktop app). */
  paths: string[];
  /** Files only the page can read (a browser): their bytes are uploaded. */
  uploads: PickedFile[];
  /** Files that cannot be added at all, each with why and what to do. */
  rejected: RejectedFile[];
}

/** The most paths `kb.ingest` takes at once. */
export const MAX_PATHS_PER_CALL = 1000;

/** Why a file cannot be uploaded (too big, a name the server cannot keep), or undefined. */
export function uploadRefusal({ file, relativePath }: PickedFile): FileFailure | undefined {
  if (file.size > MAX_DOCUMENT_BYTES)
    return {
      reason: 'too_large',
      code: 'VALIDATION',
      message: `${file.name} has ${formatBytes(file.size)}; a document may have at most ${formatBytes(MAX_DOCUMENT_BYTES)}.`,
      hint: 'Split the file, or add it by its path on the server.',
    };
  const problem = uploadPathProblem(relativePath);
  if (problem)
    return {
      reason: 'invalid_name',
      code: 'VALIDATION',
      message: `${problem}.`,
      hint: 'Rename the file or its folder, then add it again.',
    };
  return undefined;
}

/**
 * Sorts picked files: those the engine can read by path (desktop), those whose bytes the page
 * uploads (browser), and those it refuses before sending anything (too big, unusable names, the
 * same path twice), each with a reason that says what to do.
 */
export function sortPicked(files: readonly PickedFile[], pathOf: PathOf): SortedFiles {
  const paths: string[] = [];
  const uploads: PickedFile[] = [];
  const rejected: RejectedFile[] = [];
  const taken = new Set<string>();
  for (const picked of files) {
    const { file, relativePath } = picked;
    const path = pathOf(file);
    if (path) {
      paths.push(path);
      continue;
    }
    const failure: FileFailure | undefined =
      uploadRefusal(picked) ??
      (taken.has(relativePath)
        ? {
            reason: 'duplicate_name',
            code: 'CONFLICT',
            message: `Another file of this drop is also “${relativePath}”.`,
            hint: 'Rename one of them, or add them one at a time.',
          }
        : undefined);
    if (failure) rejected.push({ name: file.name, relativePath, bytes: file.size, failure });
    else {
      taken.add(relativePath);
      uploads.push(picked);
    }
  }
  return { paths: [...new Set(paths)], uploads, rejected };
}

/** Splits paths into calls of at most `MAX_PATHS_PER_CALL`. */
export function batches<T>(items: readonly T[], size = MAX_PATHS_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Paths typed one per line (or separated by newlines pasted in): trimmed, blanks dropped. */
export function parsePathList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ];
}
