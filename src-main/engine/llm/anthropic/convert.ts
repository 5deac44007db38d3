import type {
  ContentBlockParam,
  MessageParam,
  StopReason,
  Tool,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { FinishReason } from '@shared/entities/llm';
import type { ChatMessage, ToolSpec } from '../provider';

export interface AnthropicConversation {
  system?: string;
  messages: MessageParam[];
}

/**
 * Neutral messages -> `/v1/messages`: system messages become the `system` parameter, assistant tool
 * calls become `tool_use` blocks, tool results become `tool_result` blocks of one user message, and
 * images become base64 `image` blocks before the user's text.
 */
export function toAnthropicConversation(messages: ChatMessage[]): AnthropicConversation {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const out: MessageParam[] = [];
  for (const m of messages) {
    if (m.role === 'user') {
      if (!m.images?.length) out.push({ role: 'user', content: m.content });
      else {
        const images = m.images.map((i): ContentBlockParam => ({ type: 'image', source: { type: 'base64', media_type: i.mediaType, data: i.data } }));
        out.push({ role: 'user', content: [...images, ...(m.content ? [{ type: 'text' as const, text: m.content }] : [])] });
      }
    }
    else if (m.role === 'assistant') {
      const blocks: ContentBlockParam[] = [];
      if (m.content) blocks.push({ type: 'text', text: m.content });
      for (const c of m.toolCalls)
        blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
      out.push({ role: 'assistant', content: blocks.length ? blocks : '' });
    } else if (m.role === 'tool') {
      const result: ToolResultBlockParam = {
        type: 'tool_result',
        tool_use_id: m.toolCallId,
        content: m.content,
        ...(m.isError ? { is_error: true } : {}),
      };
      const last = out.at(-1);
      const merge =
        last?.role === 'user' &&
        Array.isArray(last.content) &&
        last.content.every((b) => b.type === 'tool_result');
      if (merge && Array.isArray(last.content)) last.content.push(result);
      else out.push({ role: 'user', content: [result] });
    }
  }
  return { ...(system.length ? { system: system.join('\n\n') } : {}), messages: out };
}

export function toAnthropicTools(tools: ToolSpec[]): Tool[] {
  return tools.map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: { type: 'object', ...t.inputSchema } as Tool.InputSchema,
  }));
}

export function anthropicFinishReason(reason: StopReason | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}
