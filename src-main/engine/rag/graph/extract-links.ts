import type { CodeSpan, LinkKind, LinkSpan } from '@shared/entities/rag';

/** Links kept per document at most (the first ones). */
export const MAX_LINKS = 2_000;
/** Longest anchor text kept. */
const MAX_ANCHOR = 200;

/** Anchor text on one line, shortened. */
export function anchorText(raw: string): string {
  const clean = raw.replace(/\s+/g, ' ').trim();
  return clean.length > MAX_ANCHOR ? `${clean.slice(0, MAX_ANCHOR - 1)}…` : clean;
}

/** `text` with the given ranges replaced by spaces (offsets stay the same). */
function blank(text: string, ranges: ReadonlyArray<{ start: number; end: number }>): string {
  if (!ranges.length) return text;
  let out = '';
  let at = 0;
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    if (r.start < at) continue;
    out += text.slice(at, r.start) + ' '.repeat(r.end - r.start);
    at = r.end;
  }
  return out + text.slice(at);
}

// [text](target "title") — not images; the target may be <in angle brackets>.
const INLINE =
  /(!?)\[((?:\\.|[^\\[\]\n]|\[[^[\]\n]*\])*)\]\(\s*(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g;
// [[Target]], [[Target#heading]], [[Target|alias]] (and ![[embeds]]).
const WIKI = /\[\[([^[\]|#\n]+)(?:#[^[\]|\n]*)?(?:\|([^[\]\n]+))?\]\]/g;
// [label]: target "title" — a reference definition.
const REFERENCE = /^ {0,3}\[((?:\\.|[^\\\]\n])+)\]:[ \t]*(<[^>\n]*>|\S+)/gm;
const INLINE_CODE = /(`+)[^`]*?\1/g;

/** Links of a Markdown text: inline links, wiki links and reference definitions, outside code. */
export function markdownLinks(text: string, codeBlocks: readonly CodeSpan[]): LinkSpan[] {
  const inlineCode = [...text.matchAll(INLINE_CODE)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  const visible = blank(text, [...codeBlocks, ...inlineCode]);
  const links: LinkSpan[] = [];
  const add = (kind: LinkKind, target: string, anchor: string, start: number, end: number) => {
    const t = target.replace(/^<|>$/g, '').trim();
    if (t) links.push({ kind, target: t, text: anchorText(anchor), start, end });
  };
  for (const m of visible.matchAll(INLINE)) {
    if (m[1]) continue; // an image
    add('markdown', m[3] ?? '', m[2] ?? '', m.index, m.index + m[0].length);
  }
  for (const m of visible.matchAll(WIKI)) {
    const target = (m[1] ?? '').trim();
    add('wiki', target, m[2] ?? target, m.index, m.index + m[0].length);
  }
  for (const m of visible.matchAll(REFERENCE))
    add('markdown', m[2] ?? '', m[1] ?? '', m.index, m.index + m[0].length);
  return links.sort((a, b) => a.start - b.start).slice(0, MAX_LINKS);
}

/** Import patterns per language; group 1 of each is the target. */
const JS = [
  /\bimport\s+(?:type\s+)?(?:[\w*${},\s]+?\s+from\s+)?['"]([^'"\n]+)['"]/g,
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s+['"]([^'"\n]+)['"]/g,
  /\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];
const IMPORTS: Record<string, RegExp[]> = {
  typescript: JS,
  javascript: JS,
  vue: JS,
  svelte: JS,
  c: [/^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm],
  cpp: [/^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm],
  css: [/@import\s+(?:url\(\s*)?['"]([^'"\n]+)['"]/g],
  scss: [/@(?:import|use|forward)\s+(?:url\(\s*)?['"]([^'"\n]+)['"]/g],
  ruby: [/\brequire_relative\s*\(?\s*['"]([^'"\n]+)['"]/g],
};
const PYTHON_FROM = /^[ \t]*from[ \t]+(\.+)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/gm;

/** Whether an import names a file relative to the importing one (not a package). */
const isRelative = (target: string) => target.startsWith('./') || target.startsWith('../');

/** The line around `index`, trimmed: an import's anchor text. */
function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? text.length : end);
}

/**
 * Relative imports and includes of a source file: `import … from './x'`, `require('../y')`,
 * `#include "z.h"`, CSS `@import`, Ruby `require_relative`, Python `from .mod import name`. Targets
 * are relative paths (Python modules become `./mod`, `../pkg/mod`); package imports are skipped.
 */
export function codeLinks(text: string, language: string | undefined): LinkSpan[] {
  const links: LinkSpan[] = [];
  const add = (target: string, at: number, length: number) =>
    links.push({
      kind: 'import',
      target,
      text: anchorText(lineAt(text, at)),
      start: at,
      end: at + length,
    });
  if (language === 'python') {
    for (const m of text.matchAll(PYTHON_FROM)) {
      const dots = m[1]!.length;
      const up = dots === 1 ? './' : '../'.repeat(dots - 1);
      const module = m[2]!.replace(/\./g, '/');
      if (module) add(`${up}${module}`, m.index, m[0].length);
      else {
        // `from . import a, b`: each name is a module beside this one.
        for (const name of m[3]!.replace(/[()]/g, ' ').split(',')) {
          const mod = name.trim().split(/\s+/)[0];
          if (mod && /^\w+$/.test(mod)) add(`${up}${mod}`, m.index, m[0].length);
        }
      }
    }
  }
  for (const pattern of IMPORTS[language ?? ''] ?? []) {
    for (const m of text.matchAll(pattern)) {
      const target = m[1]!.trim();
      const relative =
        language === 'c' || language === 'cpp' || language === 'ruby'
          ? !/^[a-z][\w+.-]*:/i.test(target)
          : isRelative(target);
      if (relative)
        add(
          language === 'ruby' && !isRelative(target) ? `./${target}` : target,
          m.index,
          m[0].length,
        );
    }
  }
  return links.sort((a, b) => a.start - b.start).slice(0, MAX_LINKS);
}
