import { anchorText } from '../graph/extract-links';
import { TextBuilder } from './text-builder';

/** The few DOM features the converter uses (linkedom and browser DOMs both have them). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const SKIP = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'HEAD', 'BUTTON',
  'SELECT', 'INPUT', 'TEXTAREA', 'VIDEO', 'AUDIO', 'MAP',
]);
const BLOCK = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'ASIDE', 'NAV', 'BLOCKQUOTE', 'FIGURE',
  'FIGCAPTION', 'FORM', 'FIELDSET', 'ADDRESS', 'DL', 'DT', 'DD', 'DETAILS', 'SUMMARY', 'TABLE', 'THEAD',
  'TBODY', 'TFOOT', 'CAPTION', 'HR', 'UL', 'OL', 'BODY', 'HTML',
]);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

function codeLanguage(node: DomNode): string | undefined {
  const classes = [node.getAttribute?.('class') ?? ''];
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeName === 'CODE') classes.push(child.getAttribute?.('class') ?? '');
  }
  const match = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/.exec(classes.join(' '));
  return match?.[1];
}

function walk(node: DomNode, out: TextBuilder, list: { ordered: boolean; n: number }[]): void {
  if (node.nodeType === TEXT_NODE) {
    out.inline(node.textContent ?? '');
    return;
  }
  if (node.nodeType !== ELEMENT_NODE && node.nodeType !== 9 && node.nodeType !== 11) return;
  const tag = node.nodeName.toUpperCase();
  if (SKIP.has(tag)) return;
  const children = () => {
    for (const child of Array.from(node.childNodes)) walk(child, out, list);
  };
  const heading = /^H([1-6])$/.exec(tag);
  if (heading) return out.heading(Number(heading[1]), node.textContent ?? '');
  switch (tag) {
    case 'PRE':
      return out.codeBlock(node.textContent ?? '', codeLanguage(node));
    case 'BR':
      return out.newline();
    case 'A': {
      const target = node.getAttribute?.('href')?.trim();
      if (!target) break;
      out.link(target, anchorText(node.textContent ?? ''), children);
      return;
    }
    case 'IMG': {
      const alt = node.getAttribute?.('alt')?.trim();
      if (alt) out.inline(` ${alt} `);
      return;
    }
    case 'UL':
    case 'OL':
      out.blankLine();
      list.push({ ordered: tag === 'OL', n: 0 });
      children();
      list.pop();
      out.blankLine();
      return;
    case 'LI': {
      out.newline();
      const current = list[list.length - 1];
      const depth = Math.max(0, list.length - 1);
      out.raw('  '.repeat(depth));
      if (current) out.raw(current.ordered ? `${++current.n}. ` : '- ');
      children();
      out.newline();
      return;
    }
    case 'TR': {
      out.newline();
      let first = true;
      for (const cell of Array.from(node.childNodes)) {
        if (cell.nodeType !== ELEMENT_NODE) continue;
        if (!first) out.raw(' | ');
        first = false;
        walk(cell, out, list);
      }
      out.newline();
      return;
    }
  }
  if (BLOCK.has(tag)) {
    out.blankLine();
    children();
    out.blankLine();
    return;
  }
  children();
}

/** Converts a DOM subtree to Markdown-flavoured text, recording headings and code blocks. */
export function domToText(root: DomNode, out: TextBuilder = new TextBuilder()): TextBuilder {
  walk(root, out, []);
  return out;
}
