import { fakeEmbedding } from './embedding';
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
import { splitEven, splitText, toolCallsText, usageFor, type ChatView } from './script';

/**
 * OpenAI's API (and LM Studio / vLLM / llama.cpp): `/v1/chat/completions` as SSE with tool-call
 * deltas split over several chunks and a final usage chunk, `/v1/embeddings` (float or base64),
 * `/v1/models`.
 */

function chatView(body: unknown): ChatView {
  const messages = Array.isArray(field(body, 'messages'))
    ? (field(body, 'messages') as unknown[])
    : [];
  const tools = Array.isArray(field(body, 'tools')) ? (field(body, 'tools') as unknown[]) : [];
  return {
    model: String(field(body, 'model') ?? ''),
    messages: messages.map((m) => {
      const role =
        field(m, 'role') === 'developer'
          ? 'system'
          : (field(m, 'role') as ChatView['messages'][number]['role']);
      return { role, content: contentText(field(m, 'content')), ...withImages(contentImages(field(m, 'content'))) };
    }),
    tools: tools.map((t) => String(field(field(t, 'function'), 'name') ?? '')),
  };
}

const ERROR_TYPES: Record<number, { type: string; code: string | null }> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
};

const openai: Protocol = {
  basePath: '/v1',
  streamContentType: 'text/event-stream',
  defaultModels: ['gpt-4o-mini', 'text-embedding-3-small'],
  route(request) {
    if (request.method === 'POST' && request.path === '/v1/chat/completions') return 'chat';
    if (request.method === 'POST' && request.path === '/v1/embeddings') return 'embed';
    if (request.method === 'GET' && request.path === '/v1/models') return 'models';
    return undefined;
  },
  apiKeyOf(request) {
    return request.headers.authorization?.replace(/^Bearer\s+/i, '');
  },
  chatView,
  async sendChat(res, reply, view, request, nextId) {
    const id = `chatcmpl-fake${nextId()}`;
    const created = Math.floor(Date.now() / 1000);
    const text = reply.text ?? '';
    const calls = (reply.type === 'tool-calls' ? reply.calls : []).map((c) => ({
      ...c,
      id: c.id ?? `call_fake${nextId()}`,
    }));
    const usage = usageFor(view, `${text} ${toolCallsText(calls)}`, reply.usage);
    const finish = calls.length
      ? 'tool_calls'
      : reply.type === 'text'
        ? (reply.finish ?? 'stop')
        : 'stop';
    const usageBody = {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    };
    const head = { id, created, model: view.model, system_fingerprint: 'fp_fake' };

    if (field(request.body, 'stream') !== true) {
      const toolCalls = calls.map((c) => ({
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: JSON.stringify(c.arguments) },
      }));
      const message = {
        role: 'assistant',
        content: text || null,
        refusal: null,
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      };
      return sendJson(res, 200, {
        ...head,
        object: 'chat.completion',
        choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
        usage: usageBody,
      });
    }

    const includeUsage = field(field(request.body, 'stream_options'), 'include_usage') === true;
    const chunk = (delta: object, finishReason: string | null = null) => ({
      ...head,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
    const events: object[] = [
      chunk({ role: 'assistant', content: calls.length && !text ? null : '', refusal: null }),
    ];
    for (const piece of reply.type === 'text' ? splitText(text, reply.chunks) : splitText(text))
      events.push(chunk({ content: piece }));
    calls.forEach((call, index) => {
      events.push(
        chunk({
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
          ],
        }),
      );
      for (const piece of splitEven(JSON.stringify(call.arguments), 3)) {
        events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    events.push(chunk({}, finish));
    if (includeUsage)
      events.push({ ...head, object: 'chat.completion.chunk', choices: [], usage: usageBody });
    const parts = [...events.map((e) => `data: ${JSON.stringify(e)}\n\n`), 'data: [DONE]\n\n'];
    const stallAfter =
      reply.type === 'text' && reply.stallAfter !== undefined ? reply.stallAfter + 1 : undefined;
    await streamParts(res, 'text/event-stream; charset=utf-8', parts, stallAfter);
  },
  sendEmbed(res, request, dimension) {
    const input = field(request.body, 'input');
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    const size = Number(field(request.body, 'dimensions')) || dimension;
    const base64 = field(request.body, 'encoding_format') === 'base64';
    const data = texts.map((t, index) => {
      const vector = fakeEmbedding(t, size);
      const embedding = base64
        ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
        : vector;
      return { object: 'embedding', index, embedding };
    });
    const tokens = texts.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);
    sendJson(res, 200, {
      object: 'list',
      data,
      model: field(request.body, 'model'),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  },
  sendModels(res, models) {
    sendJson(res, 200, {
      object: 'list',
      data: models.map((m) => ({
        id: typeof m === 'string' ? m : m.id,
        object: 'model',
        created: 1_700_000_000,
        owned_by: 'fake',
      })),
    });
  },
  sendError(res, status, message, headers) {
    const { type, code } = ERROR_TYPES[status] ?? {
      type: status >= 500 ? 'server_error' : 'invalid_request_error',
      code: null,
    };
    sendJson(
      res,
      status,
      { error: { message, type, param: null, code } },
      { 'x-request-id': `req_fake_${status}`, ...headers },
    );
  },
};

export function startFakeOpenAI(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  return startFakeLlm(openai, options);
}
