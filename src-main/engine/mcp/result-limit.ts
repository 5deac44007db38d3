import type { McpContentBlock } from '@shared/entities/mcp';

export interface RawToolResult {
  content?: McpContentBlock[] | undefined;
  structuredContent?: Record<string, unknown> | undefined;
}

export interface LimitedToolResult {
  content: McpContentBlock[];
  structuredContent?: Record<string, unknown>;
  truncated: boolean;
  originalBytes: number;
}

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** The longest prefix of text that fits in maxBytes of UTF-8, never splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
  while (cut.endsWith('\uFFFD') || Buffer.byteLength(cut, 'utf8') > maxBytes)
    cut = cut.slice(0, -1);
  return cut;
}

export function truncationMarker(originalBytes: number, limitBytes: number): string {
  return `\n\n[TRUNCATED: the tool returned ${kb(originalBytes)}; only the first ${kb(limitBytes)} are shown.]`;
}

function blockBytes(block: McpContentBlock): number {
  if (block.type === 'text' && typeof block.text === 'string')
    return Buffer.byteLength(block.text, 'utf8');
  if (typeof block.data === 'string') return block.data.length;
  return Buffer.byteLength(JSON.stringify(block), 'utf8');
}

/**
 * Cuts a tool result to maxBytes before it reaches a model: text is cut at a character boundary
 * and ends with a clear marker; binary and other blocks that do not fit are replaced by a note;
 * structured content that does not fit is dropped (the text content stays).
 */
export function limitToolResult(result: RawToolResult, maxBytes: number): LimitedToolResult {
  const content = result.content ?? [];
  const sizes = content.map(blockBytes);
  const structuredText =
    result.structuredContent === undefined ? '' : JSON.stringify(result.structuredContent);
  const structuredBytes = Buffer.byteLength(structuredText, 'utf8');
  const contentBytes = sizes.reduce((a, b) => a + b, 0);
  const originalBytes = contentBytes + structuredBytes;
  if (contentBytes <= maxBytes && structuredBytes <= maxBytes) {
    return {
      content,
      ...(result.structuredContent ? { structuredContent: result.structuredContent } : {}),
      truncated: false,
      originalBytes,
    };
  }
  const out: McpContentBlock[] = [];
  let budget = maxBytes;
  let truncated = false;
  content.forEach((block, index) => {
    const size = sizes[index] ?? 0;
    if (size <= budget) {
      out.push(block);
      budget -= size;
      return;
    }
    truncated = true;
    if (block.type === 'text' && typeof block.text === 'string') {
      out.push({
        ...block,
        text: cutUtf8(block.text, budget) + truncationMarker(contentBytes, maxBytes),
      });
    } else {
      out.push({
        type: 'text',
        text: `[TRUNCATED: a ${block.type} block of ${kb(size)} was left out; the result limit is ${kb(maxBytes)}.]`,
      });
    }
    budget = 0;
  });
  const keepStructured = result.structuredContent !== undefined && structuredBytes <= maxBytes;
  if (result.structuredContent !== undefined && !keepStructured) {
    truncated = true;
    out.push({
      type: 'text',
      text: `[TRUNCATED: structured content of ${kb(structuredBytes)} was left out; the limit is ${kb(maxBytes)}.]`,
    });
  }
  return {
    content: out,
    ...(keepStructured ? { structuredContent: result.structuredContent } : {}),
    truncated,
    originalBytes,
  };
}
