import type { CodeSpan, HeadingSpan } from '@shared/entities/rag';
import { markdownLinks } from '../../graph/extract-links';
import type { Structured } from './types';

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;

/**
 * Reads the structure of a Markdown document without changing its text: ATX and setext headings
 * and fenced code blocks (headings inside code are ignored), YAML front matter's title, and links.
 */
export function markdownToStructured(text: string): Structured {
  const headings: HeadingSpan[] = [];
  const codeBlocks: CodeSpan[] = [];
  let title: string | undefined;
  let fence: { marker: string; start: number; language?: string } | undefined;
  let previous: { start: number; end: number; text: string; paragraph: boolean } | undefined;
  let pos = 0;
  let lineNo = 0;
  let frontMatter = text.startsWith('---\n');

  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    const start = pos;
    pos = end + 1;
    lineNo++;

    if (frontMatter) {
      const t = /^title:\s*["']?(.*?)["']?\s*$/.exec(line);
      if (t?.[1] && lineNo > 1) title = t[1];
      if (lineNo > 1 && /^(---|\.\.\.)\s*$/.test(line)) frontMatter = false;
      if (nl === -1) break;
      continue;
    }

    if (fence) {
      const close = FENCE.exec(line);
      if (close?.[1] && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length && !close[2]) {
        codeBlocks.push({ ...(fence.language ? { language: fence.language } : {}), start: fence.start, end });
        fence = undefined;
      }
    } else {
      const open = FENCE.exec(line);
      const atx = ATX.exec(line);
      const setext = SETEXT.exec(line);
      if (open?.[1]) {
        fence = { marker: open[1], start, ...(open[2] ? { language: open[2] } : {}) };
      } else if (atx?.[1]) {
        const headingTitle = (atx[2] ?? '').trim();
        if (headingTitle) headings.push({ level: atx[1].length, title: headingTitle, start, end });
      } else if (setext?.[1] && previous?.paragraph) {
        headings.push({ level: setext[1][0] === '=' ? 1 : 2, title: previous.text.trim(), start: previous.start, end });
        previous = undefined;
        if (nl === -1) break;
        continue;
      }
      const paragraph = !open && !atx && line.trim() !== '' && !/^ {0,3}([-*+>|]|\d+[.)])\s/.test(line);
      previous = { start, end, text: line, paragraph };
    }
    if (nl === -1) break;
  }
  // An unclosed fence runs to the end of the document.
  if (fence) codeBlocks.push({ ...(fence.language ? { language: fence.language } : {}), start: fence.start, end: text.length });

  title ??= headings.find((h) => h.level === 1)?.title;
  return { text, headings, codeBlocks, pages: [], links: markdownLinks(text, codeBlocks), ...(title ? { title } : {}) };
}
