const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;

/**
 * Cuts Markdown into top-level blocks that render the same apart as together, so a streaming
 * answer re-renders only its last block: a cut falls before a line that starts at the margin
 * after a blank line, never inside a fenced code block. Indented lines stay with the block above
 * (a list item's further paragraphs, indented code). The blocks joined give the text back.
 */
export function splitMarkdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let fence: { char: string; length: number } | null = null;
  let blankBefore = false;
  let at = 0;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline + 1;
    const line = text.slice(at, newline === -1 ? text.length : newline).replace(/\r$/, '');
    const blank = line.trim() === '';
    if (!fence && blankBefore && !blank && /^\S/.test(line) && at > start) {
      blocks.push(text.slice(start, at));
      start = at;
    }
    const marker = FENCE.exec(line);
    if (marker) {
      const char = marker[1]![0]!;
      if (!fence) {
        // An info string may not hold a backtick after a backtick fence (CommonMark).
        if (!(char === '`' && marker[2]!.includes('`')))
          fence = { char, length: marker[1]!.length };
      } else if (
        char === fence.char &&
        marker[1]!.length >= fence.length &&
        marker[2]!.trim() === ''
      ) {
        fence = null;
      }
    }
    blankBefore = blank;
    at = end;
  }
  if (start < text.length) blocks.push(text.slice(start));
  return blocks;
}
