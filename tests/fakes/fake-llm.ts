import type { ServerResponse } from 'node:http';
import { startHttpFake, stall, type RecordedRequest } from './http';
import type { FakeModelInput } from './models';
import {
  Script,
  type ChatView,
  type Endpoint,
  type FakeFailure,
  type FakeImage,
  type FakeReply,
  type Responder,
} from './script';

export interface FakeLlmOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** The models the models endpoint lists: ids, or models with capabilities (see FakeModel). */
  models?: FakeModelInput[];
  /** Length of the fake embedding vectors (default 64). */
  embeddingDimension?: number;
  /** Answers chat requests once the script is empty (default: HTTP 500 "no scripted reply left"). */
  respond?: Responder;
  /** When set, requests without this key get the provider's 401. */
  apiKey?: string;
}

export interface FakeLlm {
  /** Base URL to give the client: Ollama host, OpenAI base URL (…/v1) or Anthropic base URL. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Every chat request as the fake read it (messages with their text and images), in order. */
  chats: ChatView[];
  /** Queues chat replies, used in order; then `respond` answers. */
  script(...replies: FakeReply[]): void;
  /** Queues failures for the embeddings or models endpoint (answered normally once empty). */
  fail(endpoint: 'embed' | 'models', ...failures: FakeFailure[]): void;
  close(): Promise<void>;
}

/** What a protocol fake supplies; the driver below does the rest. */
export interface Protocol {
  /** Appended to the origin for the client's base URL ('' or '/v1'). */
  basePath: string;
  /** Content type of a chat stream (also used for a stall). */
  streamContentType: string;
  defaultModels: string[];
  route(request: RecordedRequest): Endpoint | undefined;
  /** Answers requests outside the three endpoints (health checks); false when unknown. */
  other?(request: RecordedRequest, res: ServerResponse): boolean;
  /** The key the client sent, if the protocol has one. */
  apiKeyOf?(request: RecordedRequest): string | undefined;
  chatView(body: unknown): ChatView;
  sendChat(
    res: ServerResponse,
    reply: Exclude<FakeReply, FakeFailure>,
    view: ChatView,
    request: RecordedRequest,
    nextId: () => number,
  ): Promise<void>;
  sendEmbed(res: ServerResponse, request: RecordedRequest, dimension: number): void;
  /** Answers the models endpoint (and Ollama's `/api/show`, told apart by `request.path`). */
  sendModels(res: ServerResponse, models: FakeModelInput[], request: RecordedRequest): void;
  sendError(
    res: ServerResponse,
    status: number,
    message: string,
    headers: Record<string, string>,
  ): void;
}

const STATUS_MESSAGES: Record<number, string> = {
  401: 'Invalid API key',
  404: 'Not found',
  429: 'Rate limit reached',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export async function startFakeLlm(
  protocol: Protocol,
  options: FakeLlmOptions = {},
): Promise<FakeLlm> {
  const script = new Script(options.respond);
  const dimension = options.embeddingDimension ?? 64;
  let ids = 0;
  const nextId = () => ++ids;
  const chats: ChatView[] = [];

  const sendFailure = (res: ServerResponse, failure: FakeFailure) => {
    if (failure.type === 'stall') return stall(res, protocol.streamContentType);
    const message = failure.message ?? STATUS_MESSAGES[failure.status] ?? `HTTP ${failure.status}`;
    protocol.sendError(res, failure.status, message, failure.headers ?? {});
  };

  const http = await startHttpFake(
    async (request, res) => {
      const endpoint = protocol.route(request);
      if (!endpoint) {
        if (protocol.other?.(request, res)) return;
        return sendFailure(res, {
          type: 'error',
          status: 404,
          message: `No route for ${request.method} ${request.path}`,
        });
      }
      if (options.apiKey !== undefined && protocol.apiKeyOf) {
        const sent = protocol.apiKeyOf(request);
        // Echoes the key back on purpose: clients must keep it out of their errors.
        if (sent !== options.apiKey) {
          return sendFailure(res, {
            type: 'error',
            status: 401,
            message: `Incorrect API key provided: ${sent ?? '(none)'}`,
          });
        }
      }
      if (endpoint === 'chat') {
        const view = protocol.chatView(request.body);
        chats.push(view);
        const next = script.nextChat(view);
        if (next.type === 'error' || next.type === 'stall') return sendFailure(res, next);
        return protocol.sendChat(res, next, view, request, nextId);
      }
      const failure = script.nextFailure(endpoint);
      if (failure) return sendFailure(res, failure);
      if (endpoint === 'embed') return protocol.sendEmbed(res, request, dimension);
      return protocol.sendModels(res, options.models ?? protocol.defaultModels, request);
    },
    options.port !== undefined ? { port: options.port } : {},
  );

  return {
    url: `${http.origin}${protocol.basePath}`,
    requests: http.requests,
    chats,
    script: (...replies) => script.chat(...replies),
    fail: (endpoint, ...failures) => script.fail(endpoint, ...failures),
    close: () => http.close(),
  };
}

/** Reads a JSON object field safely from an unknown request body. */
export function field(body: unknown, name: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

/** Text of a message `content` that is a string or an array of text-ish blocks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => {
      const text = field(block, 'text') ?? field(block, 'content');
      return typeof text === 'string' ? text : contentText(text);
    })
    .join('');
}

/** The images of an OpenAI or Anthropic content array (`image_url` data URLs, base64 `image` blocks). */
export function contentImages(content: unknown): FakeImage[] {
  if (!Array.isArray(content)) return [];
  return content.flatMap((block): FakeImage[] => {
    if (field(block, 'type') === 'image_url') {
      const url = String(field(field(block, 'image_url'), 'url') ?? '');
      const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      return match ? [{ mediaType: match[1]!, data: match[2]! }] : [];
    }
    if (field(block, 'type') === 'image' && field(field(block, 'source'), 'type') === 'base64') {
      const source = field(block, 'source');
      return [{ mediaType: String(field(source, 'media_type')), data: String(field(source, 'data')) }];
    }
    return [];
  });
}

/** `images` on a view message only when there are some. */
export function withImages(images: FakeImage[]): { images?: FakeImage[] } {
  return images.length ? { images } : {};
}
