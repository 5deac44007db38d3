import { AppError } from '@shared/errors';
import {
  JsonObject,
  type ChatStreamEvent,
  type FinishReason,
  type Usage,
} from '@shared/entities/llm';
import type { ChatMessage } from './provider';

/** A `tool-call` event from the model's arguments (a JSON text or an already parsed value). */
export function toolCallEvent(id: string, name: string, raw: unknown): ChatStreamEvent {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') value = {};
    else {
      try {
        value = JSON.parse(raw);
      } catch {
        value = undefined;
      }
    }
  }
  const parsed = JsonObject.safeParse(value);
  if (parsed.success && !Array.isArray(value))
    return { type: 'tool-call', toolCall: { id, name, arguments: parsed.data } };
  return {
    type: 'tool-call',
    toolCall: { id, name, arguments: {} },
    invalidArguments: typeof raw === 'string' ? raw : JSON.stringify(raw ?? null),
  };
}

export function finishEvent(reason: FinishReason, usage: Usage | undefined): ChatStreamEvent {
  return usage ? { type: 'finish', reason, usage } : { type: 'finish', reason };
}

/** Thrown by an adapter when a stream ends without its closing marker. */
export function streamEndedEarly(label: string): AppError {
  return new AppError('PROVIDER_ERROR', `${label} ended the stream before it was complete.`, {
    hint: 'Try again.',
  });
}

/** Tool names by call id, for providers whose tool results carry the tool's name. */
export function toolNamesById(messages: ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role === 'assistant')
      for (const call of message.toolCalls) names.set(call.id, call.name);
  }
  return names;
}

/** Checks an embeddings response: one finite vector per input. */
export function checkEmbeddings(vectors: unknown, count: number, label: string): number[][] {
  const ok =
    Array.isArray(vectors) &&
    vectors.length === count &&
    vectors.every(
      (v) =>
        Array.isArray(v) &&
        v.length > 0 &&
        v.every((x) => typeof x === 'number' && Number.isFinite(x)),
    );
  if (!ok) {
    throw new AppError(
      'PROVIDER_ERROR',
      `${label} returned embeddings that do not match the ${count} input text(s).`,
      {
        hint: 'Check that the model is an embedding model.',
      },
    );
  }
  return vectors as number[][];
}
