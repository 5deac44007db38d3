import type { ParsedDocument } from '@shared/entities/rag';

/** A stretch of a document that no chunk crosses: between headings, page breaks and code blocks. */
export interface Section {
  start: number;
  end: number;
  kind: 'text' | 'code';
  language?: string;
  page?: number;
  headingPath: string[];
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0x20) return false;
  return true;
}

/**
 * Cuts a document into sections at every heading, page start and code-block edge. A section that
 * holds only a heading line is joined to the text after it (when that is not code), so a heading
 * always travels with its first paragraph.
 */
export function sectionsOf(doc: ParsedDocument): Section[] {
  const { text } = doc;
  const cuts = new Set<number>([0, text.length]);
  for (const h of doc.headings) cuts.add(h.start);
  for (const p of doc.pages) cuts.add(p.start);
  for (const c of doc.codeBlocks) {
    cuts.add(c.start);
    cuts.add(c.end);
  }
  const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const headingAt = new Map(doc.headings.map((h) => [h.start, h]));
  const pageStarts = new Set(doc.pages.map((p) => p.start));
  const codeAt = (start: number, end: number) => doc.codeBlocks.find((c) => c.start <= start && end <= c.end);

  const sections: Section[] = [];
  const stack: { level: number; title: string }[] = [];
  let pageIndex = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i] as number;
    let end = points[i + 1] as number;
    const heading = headingAt.get(start);
    if (heading) {
      while (stack.length && (stack[stack.length - 1] as { level: number }).level >= heading.level) stack.pop();
      stack.push({ level: heading.level, title: heading.title });
      // Join a heading-only section with the following text section.
      while (
        isBlank(text, heading.end, end) &&
        i + 2 < points.length &&
        !headingAt.has(end) &&
        !pageStarts.has(end) &&
        !codeAt(end, points[i + 2] as number)
      ) {
        i++;
        end = points[i + 1] as number;
      }
    }
    while (pageIndex + 1 < doc.pages.length && (doc.pages[pageIndex + 1] as { start: number }).start <= start) pageIndex++;
    const page = doc.pages[pageIndex];
    const code = codeAt(start, end);
    if (isBlank(text, start, end)) continue;
    sections.push({
      start,
      end,
      kind: code ? 'code' : 'text',
      ...(code?.language ? { language: code.language } : {}),
      ...(page && page.start <= start ? { page: page.number } : {}),
      headingPath: stack.map((s) => s.title),
    });
  }
  return sections;
}
