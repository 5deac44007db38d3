import type { Message, Tool } from 'ollama';
import type { FinishReason } from '@shared/entities/llm';
import type { ChatMessage, ToolSpec } from '../provider';
import { toolNamesById } from '../stream-parts';

/** Neutral messages -> Ollama `/api/chat` messages (tool results carry the tool's name, images go in `images`). */
export function toOllamaMessages(messages: ChatMessage[]): Message[] {
  const names = toolNamesById(messages);
  return messages.map((m): Message => {
    switch (m.role) {
      case 'system':
        return { role: m.role, content: m.content };
      case 'user':
        // Bytes, not base64 text: the client reads a string that names an existing file as that file.
        return {
          role: 'user',
          content: m.content,
          ...(m.images?.length ? { images: m.images.map((i) => Buffer.from(i.data, 'base64')) } : {}),
        };
      case 'assistant':
        return {
          role: 'assistant',
          content: m.content,
          ...(m.toolCalls.length
            ? {
                tool_calls: m.toolCalls.map((c) => ({
                  function: { name: c.name, arguments: c.arguments },
                })),
              }
            : {}),
        };
      case 'tool': {
        const name = m.toolName ?? names.get(m.toolCallId);
        return { role: 'tool', content: m.content, ...(name ? { tool_name: name } : {}) };
      }
    }
  });
}

export function toOllamaTools(tools: ToolSpec[]): Tool[] {
  return tools.map((t) => ({
    type: 'function',
    function: {
      name: t.name,
      description: t.description,
      parameters: t.inputSchema as Tool['function']['parameters'],
    },
  }));
}

export function ollamaFinishReason(
  doneReason: string | undefined,
  sawToolCalls: boolean,
): FinishReason {
  if (sawToolCalls) return 'tool_calls';
  if (doneReason === 'length') return 'length';
  return doneReason === 'stop' || !doneReason ? 'stop' : 'other';
}
