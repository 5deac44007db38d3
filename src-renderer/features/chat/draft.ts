/**
 * A message waiting to be put into the next chat composer that opens (e.g. an MCP server's prompt
 * chosen with "Use in chat"): set it, then navigate to the chat; the composer takes it once.
 */
let pending: string | null = null;

export function setChatDraft(text: string): void {
  pending = text;
}

/** The waiting draft, once (later calls answer null). */
export function takeChatDraft(): string | null {
  const text = pending;
  pending = null;
  return text;
}
