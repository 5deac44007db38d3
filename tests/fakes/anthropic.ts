import {
  contentImages,
  contentText,
  field,
  startFakeLlm,
  type FakeLlm,
  type FakeLlmOptions,
  type Protocol,
  withImages,
} from './fake-llm';
import { sendJson, streamParts } from './http';
import { anthropicModel } from './models';
import { splitEven, splitText, toolCallsText, usageFor, type ChatView } from './script';

/**
 * Anthropic's API: `/v1/messages` as SSE (message_start, content_block_start/delta/stop for text and
 * tool_use with input_json_delta, ping, message_delta with usage, message_stop) and `/v1/models`.
 * Requests need the key (`x-api-key` or a bearer token, when the fake has an apiKey) and
 * `anthropic-version`, as the real API does.
 */

type Role = ChatView['messages'][number]['role'];

function chatView(body: unknown): ChatView {
  const messages = Array.isArray(field(body, 'messages'))
    ? (field(body, 'messages') as unknown[])
    : [];
  const tools = Array.isArray(field(body, 'tools')) ? (field(body, 'tools') as unknown[]) : [];
  const system = contentText(field(body, 'system'));
  const out: ChatView['messages'] = system ? [{ role: 'system', content: system }] : [];
  for (const m of messages) {
    const content = field(m, 'content');
    const blocks = Array.isArray(content) ? content : [];
    const results = blocks.filter((b) => field(b, 'type') === 'tool_result');
    for (const r of results) out.push({ role: 'tool', content: contentText(field(r, 'content')) });
    if (!results.length || typeof content === 'string')
      out.push({ role: field(m, 'role') as Role, content: contentText(content), ...withImages(contentImages(content)) });
  }
  return {
    model: String(field(body, 'model') ?? ''),
    messages: out,
    tools: tools.map((t) => String(field(t, 'name') ?? '')),
  };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

type SseEvent = { type: string; [key: string]: unknown };

const sse = (event: SseEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

const anthropic: Protocol = {
  basePath: '',
  streamContentType: 'text/event-stream',
  defaultModels: ['claude-test', 'claude-test-small'],
  route(request) {
    if (request.method === 'POST' && request.path === '/v1/messages') return 'chat';
    if (request.method === 'GET' && request.path === '/v1/models') return 'models';
    return undefined;
  },
  apiKeyOf(request) {
    // The API takes `x-api-key`; newer SDKs send the key as a bearer token.
    return (
      request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer\s+/i, '')
    );
  },
  chatView,
  async sendChat(res, reply, view, request, nextId) {
    if (!request.headers['anthropic-version']) {
      return this.sendError(res, 400, 'anthropic-version: header is required', {});
    }
    const text = reply.text ?? '';
    const calls = (reply.type === 'tool-calls' ? reply.calls : []).map((c) => ({
      ...c,
      id: c.id ?? `toolu_fake${nextId()}`,
    }));
    const usage = usageFor(view, `${text} ${toolCallsText(calls)}`, reply.usage);
    const stopReason = calls.length
      ? 'tool_use'
      : reply.type === 'text' && reply.finish === 'length'
        ? 'max_tokens'
        : 'end_turn';
    const message = {
      id: `msg_fake${nextId()}`,
      type: 'message',
      role: 'assistant',
      model: view.model,
      stop_sequence: null,
    };
    const usageStart = {
      input_tokens: usage.input,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 1,
    };

    if (field(request.body, 'stream') !== true) {
      const content = [
        ...(text ? [{ type: 'text', text }] : []),
        ...calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments })),
      ];
      return sendJson(res, 200, {
        ...message,
        content,
        stop_reason: stopReason,
        usage: { ...usageStart, output_tokens: usage.output },
      });
    }

    const events: SseEvent[] = [
      {
        type: 'message_start',
        message: { ...message, content: [], stop_reason: null, usage: usageStart },
      },
    ];
    let index = 0;
    if (text || !calls.length) {
      events.push(
        { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
        { type: 'ping' },
      );
      for (const piece of reply.type === 'text' ? splitText(text, reply.chunks) : splitText(text)) {
        events.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'text_delta', text: piece },
        });
      }
      events.push({ type: 'content_block_stop', index });
      index++;
    }
    for (const call of calls) {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
      });
      for (const piece of ['', ...splitEven(JSON.stringify(call.arguments), 3)]) {
        events.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: piece },
        });
      }
      events.push({ type: 'content_block_stop', index });
      index++;
    }
    events.push(
      {
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: usage.output },
      },
      { type: 'message_stop' },
    );
    // message_start, content_block_start and ping come before the first text delta.
    const stallAfter =
      reply.type === 'text' && reply.stallAfter !== undefined ? reply.stallAfter + 3 : undefined;
    await streamParts(res, 'text/event-stream; charset=utf-8', events.map(sse), stallAfter);
  },
  sendEmbed(res) {
    this.sendError(res, 404, 'Anthropic has no embeddings endpoint', {});
  },
  sendModels(res, models) {
    const data = models.map(anthropicModel);
    sendJson(res, 200, {
      data,
      has_more: false,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    });
  },
  sendError(res, status, message, headers) {
    const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    sendJson(
      res,
      status,
      { type: 'error', error: { type, message }, request_id: `req_fake_${status}` },
      { 'request-id': `req_fake_${status}`, ...headers },
    );
  },
};

export function startFakeAnthropic(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  return startFakeLlm(anthropic, options);
}
