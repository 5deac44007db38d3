import { posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Chunk, LinkKind, LinkSpan } from '@shared/entities/rag';

/**
 * How a stored link finds its target document (always within the knowledge base, at query time,
 * so a link to a file ingested later resolves once that file is there):
 * - `path`: the document whose path is `target`;
 * - `stem`: the document whose `stemKey(path)` is `target` — a link without extension (`./util`,
 *   a Python module, `./x.js` in TypeScript) finds `util.ts`, `util/index.ts`, `x.ts`, `pkg/__init__.py`;
 * - `name`: a wiki link — the document whose file name without extension, or title, is `target`
 *   (lower case).
 */
export type LinkMatch = 'path' | 'stem' | 'name';

/** A link resolved against its document: ready to store. */
export interface ResolvedLink {
  kind: LinkKind;
  match: LinkMatch;
  /** The normalised target (a path, a path stem, or a lower-case name). */
  target: string;
  /** The target as written. */
  raw: string;
  text: string;
  start: number;
  end: number;
  /** The chunk the link is in (the first one covering it, else the nearest). */
  chunkIndex: number | null;
}

/** Longer targets are not links to files; resolved ones must fit an index entry (bytes). */
const MAX_TARGET = 1024;
const MAX_KEY_BYTES = 2000;

/** Extensions an import may name for a file with another source extension (ESM `.js` for `.ts`). */
const SCRIPT_EXTENSIONS = new Set([
  '.js',
  '.mjs',
  '.cjs',
  '.jsx',
  '.ts',
  '.mts',
  '.cts',
  '.tsx',
  '.py',
]);

const isWindowsPath = (path: string) => /^[a-zA-Z]:[\\/]/.test(path) || path.startsWith('\\\\');
const pathsFor = (documentPath: string) => (isWindowsPath(documentPath) ? win32 : posix);

/**
 * A path without its extension, and without a trailing `index`/`__init__` file name; mirrors
 * `stemSql` in the schema exactly (the SQL side computes it for documents).
 */
export function stemKey(path: string): string {
  const noExt = path.replace(/([^/\\])\.[^./\\]*$/, '$1');
  return noExt.replace(/[/\\](index|__init__)$/, '');
}

/** A file's name without extension, lower case; mirrors `nameSql` (wiki links match it). */
export function nameKey(path: string): string {
  return path.replace(/^.*[/\\]|\.[^./\\]*$/g, '').toLowerCase();
}

/** The name a wiki link asks for: its last segment, without a document extension, lower case. */
function wikiKey(target: string): string {
  const last = target.trim().split(/[/\\]/).at(-1) ?? '';
  return last
    .replace(/\.(md|markdown|mdx|txt|html?)$/i, '')
    .trim()
    .toLowerCase();
}

/** A scheme (`https:`, `mailto:`), but not a Windows drive letter. */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/** Where `raw` points from `documentPath`: a normalised path, or undefined (external, or this document itself). */
export function resolveTarget(documentPath: string, raw: string): string | undefined {
  let target = raw.trim();
  if (target.startsWith('//')) return undefined;
  const scheme = SCHEME.exec(target)?.[1]?.toLowerCase();
  if (scheme === 'file') {
    try {
      target = fileURLToPath(target.replace(/[?#].*$/, ''));
    } catch {
      return undefined;
    }
  } else if (scheme) return undefined;
  target = target.replace(/[?#].*$/, '');
  if (!target) return undefined;
  try {
    target = decodeURIComponent(target);
  } catch {
    // keep it as written
  }
  const paths = pathsFor(documentPath);
  const resolved = paths.isAbsolute(target)
    ? paths.normalize(target)
    : paths.resolve(paths.dirname(documentPath), target);
  return resolved === documentPath ? undefined : resolved;
}

/** The index of the chunk that holds `offset`: the first covering it, else the nearest. */
export function chunkAt(
  chunks: ReadonlyArray<Pick<Chunk, 'index' | 'start' | 'end'>>,
  offset: number,
): number | null {
  let nearest: { index: number; distance: number } | undefined;
  for (const c of chunks) {
    if (offset >= c.start && offset < c.end) return c.index;
    const distance = offset < c.start ? c.start - offset : offset - c.end + 1;
    if (!nearest || distance < nearest.distance) nearest = { index: c.index, distance };
  }
  return nearest?.index ?? null;
}

/**
 * Resolves a document's links against its path: external URLs and links to itself are dropped,
 * relative targets become normalised paths (or stems, or wiki names), each placed in its chunk.
 */
export function resolveLinks(
  documentPath: string,
  links: readonly LinkSpan[],
  chunks: ReadonlyArray<Pick<Chunk, 'index' | 'start' | 'end'>>,
): ResolvedLink[] {
  const out: ResolvedLink[] = [];
  for (const link of links) {
    if (link.target.length > MAX_TARGET) continue;
    const base = {
      kind: link.kind,
      raw: link.target,
      text: link.text,
      start: link.start,
      end: link.end,
      chunkIndex: chunkAt(chunks, link.start),
    };
    if (link.kind === 'wiki') {
      const name = wikiKey(link.target);
      if (name && name !== nameKey(documentPath))
        out.push({ ...base, match: 'name', target: name });
      continue;
    }
    const path = resolveTarget(documentPath, link.target);
    if (!path) continue;
    const ext = pathsFor(documentPath).extname(path).toLowerCase();
    const loose = link.kind === 'import' ? !ext || SCRIPT_EXTENSIONS.has(ext) : !ext;
    if (loose) {
      const stem = stemKey(path);
      if (stem !== stemKey(documentPath)) out.push({ ...base, match: 'stem', target: stem });
    } else out.push({ ...base, match: 'path', target: path });
  }
  return out.filter((l) => Buffer.byteLength(l.target) <= MAX_KEY_BYTES);
}
