import type {
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { FinishReason } from '@shared/entities/llm';
import type { ChatMessage, ToolSpec } from '../provider';

/** Neutral messages -> `/v1/chat/completions` messages (images as `image_url` parts with data URLs). */
export function toOpenAIMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'system':
        return { role: m.role, content: m.content };
      case 'user':
        if (!m.images?.length) return { role: 'user', content: m.content };
        return {
          role: 'user',
          content: [
            ...(m.content ? [{ type: 'text' as const, text: m.content }] : []),
            ...m.images.map((i) => ({ type: 'image_url' as const, image_url: { url: `data:${i.mediaType};base64,${i.data}` } })),
          ],
        };
      case 'assistant':
        if (!m.toolCalls.length) return { role: 'assistant', content: m.content };
        return {
          role: 'assistant',
          content: m.content || null,
          tool_calls: m.toolCalls.map((c) => ({
            id: c.id,
            type: 'function',
            function: { name: c.name, arguments: JSON.stringify(c.arguments) },
          })),
        };
      case 'tool':
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    }
  });
}

export function toOpenAITools(tools: ToolSpec[]): ChatCompletionFunctionTool[] {
  return tools.map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: t.inputSchema },
  }));
}

export function openAIFinishReason(
  reason: string | null | undefined,
  sawToolCalls: boolean,
): FinishReason {
  if (reason === 'tool_calls' || reason === 'function_call' || (sawToolCalls && reason === 'stop'))
    return 'tool_calls';
  if (reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  if (reason === 'content_filter') return 'content_filter';
  return 'other';
}
