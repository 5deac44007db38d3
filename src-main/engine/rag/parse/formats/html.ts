import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { MAX_LINKS } from '../../graph/extract-links';
import { domToText, type DomNode } from '../html-to-text';
import { TextBuilder } from '../text-builder';
import type { Structured } from './types';

/** Page furniture dropped when Readability finds no article and the whole body is used. */
const FURNITURE = 'nav, header, footer, aside, script, style, noscript, template, form, [role="navigation"], [aria-hidden="true"]';

/** Minimum article length (characters) for Readability's pick to be trusted over the whole body. */
const MIN_ARTICLE_CHARS = 200;

function bodyText(html: string): { root: DomNode; title: string | undefined } {
  const { document } = parseHTML(html);
  const title = document.querySelector('title')?.textContent?.trim() || undefined;
  for (const el of Array.from(document.querySelectorAll(FURNITURE)) as { remove(): void }[]) el.remove();
  return { root: (document.body ?? document.documentElement) as unknown as DomNode, title };
}

/**
 * Extracts the main content of an HTML page (Readability over a linkedom DOM; nothing is fetched
 * or executed) and converts it to Markdown-flavoured text with headings and code blocks.
 */
export function htmlToStructured(html: string, options: { mainContent?: boolean } = {}): Structured {
  let root: DomNode | undefined;
  let title: string | undefined;
  if (options.mainContent !== false) {
    const { document } = parseHTML(html);
    const article = new Readability(document as never, { keepClasses: true }).parse();
    if (article?.content && (article.textContent ?? '').trim().length >= MIN_ARTICLE_CHARS) {
      root = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document
        .body as unknown as DomNode;
      title = article.title?.trim() || undefined;
    }
  }
  if (!root) ({ root, title } = bodyText(html));
  let out = domToText(root);
  // Readability drops an <h1> that repeats the title: put the title back as the top heading.
  if (title && !out.headings.some((h) => h.title === title)) {
    out = new TextBuilder();
    out.heading(1, title);
    domToText(root, out);
  }
  const text = out.build();
  const links = out.links.slice(0, MAX_LINKS);
  return { text, headings: out.headings, codeBlocks: out.codeBlocks, pages: [], links, ...(title ? { title } : {}) };
}
