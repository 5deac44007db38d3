import type { PickedFile } from '../../ui/drop-files';
import { UPLOAD_UNAVAILABLE } from './failures';
import type { RejectedFile } from './ingest-store';

/** Where a picked file is on disk, when the page can know it; undefined in a plain browser. */
export type PathOf = (file: File) => string | undefined;

interface DesktopBridge {
  /** Electron's `webUtils.getPathForFile`, when the preload exposes it. */
  pathForFile?: (file: File) => string;
}

/**
 * The file's path on disk in the desktop app: from the preload's `pathForFile` when it exposes
 * one, or Electron's older `File.path`. A browser (headless mode) never knows it.
 */
export const desktopPathOf: PathOf = (file) => {
  const bridge = (window as { agentFactory?: DesktopBridge }).agentFactory;
  const fromBridge = typeof bridge?.pathForFile === 'function' ? bridge.pathForFile(file) : '';
  if (fromBridge) return fromBridge;
  const legacy = (file as File & { path?: unknown }).path;
  return typeof legacy === 'string' && legacy ? legacy : undefined;
};

export interface SortedFiles {
  /** Files the engine can read by path. */
  paths: string[];
  /** Files only the page can read: their bytes would have to be uploaded. */
  rejected: RejectedFile[];
}

/** The most paths `kb.ingest` takes at once. */
export const MAX_PATHS_PER_CALL = 1000;

/**
 * Sorts picked files into those the engine can read by path and those it cannot. The API has no
 * upload method yet (only `kb.ingest` with paths), so files without a path are refused here, each
 * with a reason that says what to do instead.
 */
export function sortPicked(files: readonly PickedFile[], pathOf: PathOf): SortedFiles {
  const paths: string[] = [];
  const rejected: RejectedFile[] = [];
  for (const { file, relativePath } of files) {
    const path = pathOf(file);
    if (path) paths.push(path);
    else
      rejected.push({
        name: file.name,
        relativePath,
        bytes: file.size,
        failure: {
          reason: UPLOAD_UNAVAILABLE,
          code: 'UNAVAILABLE',
          message:
            'This page cannot send the file’s contents: the server has no upload method yet.',
          hint: 'Add it by its path on the server instead, or watch its folder.',
        },
      });
  }
  return { paths: [...new Set(paths)], rejected };
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
