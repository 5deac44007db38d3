import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { supportedExtensions } from '../parse/detect';
import { isStrictlyInside } from '../../system/inside';

/** Folder names never walked into (besides every name that starts with a dot). */
const IGNORED_DIRS = new Set(['node_modules', '__pycache__']);
const SUPPORTED = new Set(supportedExtensions.map((e) => e.toLowerCase()));

/** Whether one path segment is hidden or an ignored folder. */
function ignoredSegment(name: string): boolean {
  return name.startsWith('.') || IGNORED_DIRS.has(name);
}

/** Whether a file name has an extension the parser reads. */
export function isSupportedFile(name: string): boolean {
  return SUPPORTED.has(extname(name).toLowerCase());
}

/** Whether `path` (inside `root`) is hidden or inside an ignored folder such as node_modules. */
export function isIgnoredPath(root: string, path: string): boolean {
  if (!isStrictlyInside(root, path)) return false;
  return relative(root, path).split(sep).some(ignoredSegment);
}

/** Whether a file inside a watched or scanned folder should be in the knowledge base. */
export function isIngestibleFile(root: string, path: string): boolean {
  return !isIgnoredPath(root, path) && isSupportedFile(path);
}

export interface WalkResult {
  files: string[];
  /** Sub-folders that could not be listed, with why. */
  problems: Array<{ path: string; message: string }>;
}

/**
 * The supported files under `root`, sorted, skipping hidden entries, node_modules and symbolic
 * links (which could loop). Yields to the event loop between folders.
 */
export async function walkFolder(root: string, signal?: AbortSignal): Promise<WalkResult> {
  const files: string[] = [];
  const problems: WalkResult['problems'] = [];
  const pending = [root];
  while (pending.length) {
    if (signal?.aborted) break;
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: (error as Error).message });
      continue;
    }
    for (const entry of entries) {
      if (ignoredSegment(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && isSupportedFile(entry.name)) files.push(path);
    }
  }
  files.sort();
  return { files, problems };
}
