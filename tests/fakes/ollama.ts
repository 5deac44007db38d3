import { fakeEmbedding } from './embedding';
import {
  contentText,
  field,
  startFakeLlm,
  type FakeLlm,
  type FakeLlmOptions,
  type Protocol,
  withImages,
} from './fake-llm';
import { sendJson, streamParts } from './http';
import { sendOllamaShow, sendOllamaTags } from './models';
import { splitText, toolCallsText, usageFor, type ChatView } from './script';

/**
 * Ollama's API: `/api/chat` (NDJSON stream), `/api/embed`, `/api/tags`, `/api/show` (capabilities and
 * context length of a listed model), `/api/version`, `GET /`.
 */

const NS = 1_000_000;

function chatView(body: unknown): ChatView {
  const messages = Array.isArray(field(body, 'messages'))
    ? (field(body, 'messages') as unknown[])
    : [];
  const tools = Array.isArray(field(body, 'tools')) ? (field(body, 'tools') as unknown[]) : [];
  return {
    model: String(field(body, 'model') ?? ''),
    messages: messages.map((m) => {
      const images = field(m, 'images');
      return {
        role: field(m, 'role') as ChatView['messages'][number]['role'],
        content: contentText(field(m, 'content')),
        ...withImages(Array.isArray(images) ? images.map((data) => ({ data: String(data) })) : []),
      };
    }),
    tools: tools.map((t) => String(field(field(t, 'function'), 'name') ?? '')),
  };
}

const ollama: Protocol = {
  basePath: '',
  streamContentType: 'application/x-ndjson',
  defaultModels: ['llama3.2:latest', 'nomic-embed-text:latest'],
  route(request) {
    if (request.method === 'POST' && request.path === '/api/chat') return 'chat';
    if (
      request.method === 'POST' &&
      (request.path === '/api/embed' || request.path === '/api/embeddings')
    )
      return 'embed';
    if (request.method === 'GET' && request.path === '/api/tags') return 'models';
    // Describes one model of the list (its failures queue with the list's: fail('models', …)).
    if (request.method === 'POST' && request.path === '/api/show') return 'models';
    return undefined;
  },
  other(request, res) {
    if (request.method === 'GET' && request.path === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Ollama is running');
      return true;
    }
    if (request.method === 'GET' && request.path === '/api/version') {
      sendJson(res, 200, { version: '0.12.0' });
      return true;
    }
    return false;
  },
  chatView,
  async sendChat(res, reply, view, request, nextId) {
    const model = view.model;
    const base = () => ({ model, created_at: new Date().toISOString() });
    const text = reply.text ?? '';
    const calls = reply.type === 'tool-calls' ? reply.calls : [];
    const usage = usageFor(view, `${text} ${toolCallsText(calls)}`, reply.usage);
    const chunks = reply.type === 'text' ? splitText(text, reply.chunks) : splitText(text);
    const toolCalls = calls.map((c, index) => ({
      id: c.id ?? `call_${nextId()}`,
      function: { index, name: c.name, arguments: c.arguments },
    }));
    const done = {
      ...base(),
      done: true,
      done_reason: reply.type === 'text' ? (reply.finish ?? 'stop') : 'stop',
      total_duration: 5 * NS,
      load_duration: NS,
      prompt_eval_count: usage.input,
      prompt_eval_duration: NS,
      eval_count: usage.output,
      eval_duration: 2 * NS,
    };
    if (field(request.body, 'stream') === false) {
      const message = {
        role: 'assistant',
        content: text,
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      };
      return sendJson(res, 200, { ...done, message });
    }
    const lines: object[] = chunks.map((content) => ({
      ...base(),
      message: { role: 'assistant', content },
      done: false,
    }));
    if (toolCalls.length)
      lines.push({
        ...base(),
        message: { role: 'assistant', content: '', tool_calls: toolCalls },
        done: false,
      });
    lines.push({ ...done, message: { role: 'assistant', content: '' } });
    const stallAfter = reply.type === 'text' ? reply.stallAfter : undefined;
    await streamParts(
      res,
      'application/x-ndjson',
      lines.map((l) => `${JSON.stringify(l)}\n`),
      stallAfter,
    );
  },
  sendEmbed(res, request, dimension) {
    const input = field(request.body, 'input') ?? field(request.body, 'prompt');
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    const size = Number(field(request.body, 'dimensions')) || dimension;
    const embeddings = texts.map((t) => fakeEmbedding(t, size));
    if (request.path === '/api/embeddings') return sendJson(res, 200, { embedding: embeddings[0] });
    sendJson(res, 200, {
      model: field(request.body, 'model'),
      embeddings,
      total_duration: NS,
      load_duration: NS,
      prompt_eval_count: texts.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0),
    });
  },
  sendModels(res, models, request) {
    if (request.path === '/api/show') return sendOllamaShow(res, models, request);
    sendOllamaTags(res, models);
  },
  sendError(res, status, message, headers) {
    sendJson(res, status, { error: message }, headers);
  },
};

export function startFakeOllama(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  return startFakeLlm(ollama, options);
}
