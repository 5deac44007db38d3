import type { CodeSpan, HeadingSpan, LinkSpan, PageSpan } from '@shared/entities/rag';

/**
 * Builds a document's text piece by piece while recording its structure (pages, headings, code
 * blocks, links) as offsets into the final text. Blocks are separated by one blank line.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private size = 0;
  /** The last two characters appended, so block logic never has to flatten the text. */
  private tail = '';
  readonly pages: PageSpan[] = [];
  readonly headings: HeadingSpan[] = [];
  readonly codeBlocks: CodeSpan[] = [];
  readonly links: LinkSpan[] = [];

  get length(): number {
    return this.size;
  }

  private push(piece: string): void {
    if (!piece) return;
    this.parts.push(piece);
    this.size += piece.length;
    this.tail = (this.tail + piece).slice(-2);
  }

  private endsWith(suffix: string): boolean {
    return this.tail.endsWith(suffix);
  }

  /** Ends the current line, if any (dropping spaces at its end). */
  newline(): void {
    this.trimSpaces();
    if (this.size > 0 && !this.endsWith('\n')) this.push('\n');
  }

  private trimSpaces(): void {
    while (this.endsWith(' ')) {
      const last = this.parts.pop() as string;
      const kept = last.replace(/ +$/, '');
      this.size -= last.length - kept.length;
      if (kept) this.parts.push(kept);
      this.tail = this.parts.slice(-2).join('').slice(-2);
    }
  }

  /** Ends the current block with a blank line, if there is text. */
  blankLine(): void {
    if (this.size === 0) return;
    this.newline();
    if (!this.endsWith('\n\n')) this.push('\n');
  }

  /** Inline text; runs of whitespace become one space, and no line starts with a space. */
  inline(raw: string): void {
    const collapsed = raw.replace(/\s+/g, ' ');
    if (!collapsed.trim()) {
      if (collapsed && this.size > 0 && !/\s$/.test(this.tail)) this.push(' ');
      return;
    }
    const atLineStart = this.size === 0 || /\s$/.test(this.tail);
    this.push(atLineStart ? collapsed.replace(/^ /, '') : collapsed);
  }

  /** Text appended exactly as given (for preformatted content). */
  raw(text: string): void {
    this.push(text);
  }

  heading(level: number, title: string): void {
    const clean = title.replace(/\s+/g, ' ').trim();
    if (!clean) return;
    this.blankLine();
    const start = this.size;
    const lvl = Math.min(6, Math.max(1, level));
    this.push(`${'#'.repeat(lvl)} ${clean}`);
    this.headings.push({ level: lvl, title: clean, start, end: this.size });
    this.blankLine();
  }

  codeBlock(code: string, language?: string): void {
    const body = code.replace(/^\n+|\s+$/g, '');
    if (!body) return;
    this.blankLine();
    const start = this.size;
    this.push(`\`\`\`${language ?? ''}\n${body}\n\`\`\``);
    this.codeBlocks.push({ ...(language ? { language } : {}), start, end: this.size });
    this.blankLine();
  }

  /** Records everything appended by `fill` as page `number`. */
  page(number: number, fill: () => void): void {
    this.blankLine();
    const start = this.size;
    fill();
    this.pages.push({ number, start, end: Math.max(start, this.size - trailingSpace(this.tail)) });
  }

  /** Records what `fill` appends as a link to `target` with anchor text `text`. */
  link(target: string, text: string, fill: () => void): void {
    const start = this.size;
    fill();
    this.links.push({
      kind: 'html',
      target,
      text: text.replace(/\s+/g, ' ').trim(),
      start,
      end: Math.max(start, this.size),
    });
  }

  /** The final text, without trailing whitespace; structure ends are clamped to it. */
  build(): string {
    const text = this.parts.join('').trimEnd();
    for (const list of [this.pages, this.headings, this.codeBlocks, this.links]) {
      for (const span of list) {
        span.end = Math.min(span.end, text.length);
        span.start = Math.min(span.start, span.end);
      }
    }
    return text;
  }
}

/** How many of the (at most two) tail characters are whitespace at the end. */
function trailingSpace(tail: string): number {
  return tail.length - tail.replace(/\s+$/, '').length;
}
