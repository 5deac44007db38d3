/**
 * A message waiting to be put into the next chat composer that opens (e.g. an MCP server's prompt
 * or resource chosen with "Use in chat"/"Attach to chat"): set it, then navigate to the chat; the
 * composer reads it when it mounts and clears it.
 */
export interface ChatDraft {
  text: string;
  /** Files to attach to the message (uploaded like files the user picks). */
  files: File[];
}

let pending: ChatDraft | null = null;

export function setChatDraft(text: string, files: File[] = []): void {
  pending = { text, files };
}

/** The waiting draft, left in place (a component reads it in render and clears it in an effect). */
export function peekChatDraft(): ChatDraft | null {
  return pending;
}

export function clearChatDraft(): void {
  pending = null;
}

/** The waiting draft, once (later calls answer null). */
export function takeChatDraft(): ChatDraft | null {
  const draft = pending;
  pending = null;
  return draft;
}
