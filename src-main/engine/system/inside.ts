import { isAbsolute, relative, sep } from 'node:path';

/**
 * Whether `target` lies strictly inside `root` (both resolved paths). A name that merely starts with
 * two dots ("..%2fx.txt", "..notes") is inside; only a ".." path segment leaves.
 */
export function isStrictlyInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
