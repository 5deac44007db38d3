import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AppError, isAppError } from '@shared/errors';

/** A successful tool result: the text a model reads, and the same data structured when given. */
export function textResult(text: string, structured?: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text }],
    ...(structured ? { structuredContent: structured } : {}),
  };
}

/**
 * True when the Agent Factory behind the client does not offer a method: it answers
 * UNKNOWN_METHOD (an older server), or its contract has the method but no handler is wired yet
 * (the router then reports "handler is not a function").
 */
export function isNotOffered(error: unknown): boolean {
  if (!isAppError(error)) return false;
  return (
    error.code === 'UNKNOWN_METHOD' ||
    (error.code === 'INTERNAL' && /handler is not a function/.test(error.message))
  );
}

function asAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
}

/**
 * A tool error the calling model (and its user) can act on: the typed code, the message and the
 * hint. `feature` names what was asked for, so a missing capability reads as such.
 */
export function errorResult(error: unknown, feature: string): CallToolResult {
  const e = asAppError(error);
  const text = isNotOffered(e)
    ? `${feature} is not available: this Agent Factory does not offer it (${e.message}).\nHint: Update Agent Factory, or use the other tools of this server.`
    : `Error (${e.code}): ${e.message}${e.hint ? `\nHint: ${e.hint}` : ''}`;
  return { isError: true, content: [{ type: 'text', text }] };
}
