/** Scripted replies, shared by the three protocol fakes. */

export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown>;
  /** Default: generated (`call_1`, `toolu_1`, ...). */
  id?: string;
}

export interface FakeUsage {
  input: number;
  output: number;
}

export type FakeFailure =
  /** An HTTP error in the provider's own error format, e.g. 429 with `retry-after`. */
  | { type: 'error'; status: number; message?: string; headers?: Record<string, string> }
  /** Status and headers are sent, then silence until the client gives up. */
  | { type: 'stall' };

export type FakeReply =
  | {
      type: 'text';
      text: string;
      /** Number of stream chunks (default: one per word). */
      chunks?: number;
      usage?: Partial<FakeUsage>;
      finish?: 'stop' | 'length';
      /** Send only this many text chunks, then go silent with the connection open (for cancel tests). */
      stallAfter?: number;
    }
  | { type: 'tool-calls'; calls: FakeToolCall[]; text?: string; usage?: Partial<FakeUsage> }
  | FakeFailure;

type TextReply = Extract<FakeReply, { type: 'text' }>;
type ToolReply = Extract<FakeReply, { type: 'tool-calls' }>;

/** Builders for scripted replies. */
export const reply = {
  text: (text: string, options: Omit<TextReply, 'type' | 'text'> = {}): FakeReply => ({
    type: 'text',
    text,
    ...options,
  }),
  toolCalls: (
    calls: FakeToolCall[],
    options: Omit<ToolReply, 'type' | 'calls'> = {},
  ): FakeReply => ({
    type: 'tool-calls',
    calls,
    ...options,
  }),
  error: (
    status: number,
    options: { message?: string; headers?: Record<string, string> } = {},
  ): FakeFailure => ({
    type: 'error',
    status,
    ...options,
  }),
  /** 429 with `Retry-After: <seconds>`. */
  rateLimited: (retryAfterSeconds: number): FakeFailure => ({
    type: 'error',
    status: 429,
    message: 'Rate limit reached',
    headers: { 'retry-after': String(retryAfterSeconds) },
  }),
  stall: (): FakeFailure => ({ type: 'stall' }),
};

/** A chat request as every fake sees it, whatever the protocol. */
/** An image a message carried, as the wire gave it (base64 bytes; the media type when the protocol sends one). */
export interface FakeImage {
  mediaType?: string;
  data: string;
}

export interface ChatView {
  model: string;
  messages: { role: 'system' | 'user' | 'assistant' | 'tool'; content: string; images?: FakeImage[] }[];
  /** Names of the tools offered. */
  tools: string[];
}

/** Picks a reply when the script is empty. */
export type Responder = (view: ChatView) => FakeReply;

export type Endpoint = 'chat' | 'embed' | 'models';

export const emptyScript: Responder = () =>
  reply.error(500, { message: 'The fake has no scripted reply left: call script(...) first.' });

/** One queue per endpoint. Embed/models queues hold failures only; empty means "answer normally". */
export class Script {
  private readonly queues: { chat: FakeReply[]; embed: FakeFailure[]; models: FakeFailure[] } = {
    chat: [],
    embed: [],
    models: [],
  };

  constructor(private readonly respond: Responder = emptyScript) {}

  chat(...replies: FakeReply[]): void {
    this.queues.chat.push(...replies);
  }

  fail(endpoint: 'embed' | 'models', ...failures: FakeFailure[]): void {
    this.queues[endpoint].push(...failures);
  }

  nextChat(view: ChatView): FakeReply {
    return this.queues.chat.shift() ?? this.respond(view);
  }

  nextFailure(endpoint: 'embed' | 'models'): FakeFailure | undefined {
    return this.queues[endpoint].shift();
  }
}

export function wordCount(text: string): number {
  return (text.match(/\S+/g) ?? []).length;
}

/** Token counts the fakes report: words in, words out, unless the reply sets them. */
export function usageFor(
  view: ChatView,
  output: string,
  override: Partial<FakeUsage> = {},
): FakeUsage {
  return {
    input: override.input ?? view.messages.reduce((n, m) => n + wordCount(m.content), 0),
    output: override.output ?? wordCount(output),
  };
}

/** Splits text into stream chunks: one per word (with its leading space) or `chunks` groups. */
export function splitText(text: string, chunks?: number): string[] {
  const words = text.match(/\s*\S+\s*$|\s*\S+/g) ?? (text ? [text] : []);
  if (!chunks || chunks >= words.length) return words;
  const size = Math.ceil(words.length / chunks);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(''));
  return out;
}

/** Splits a string into `parts` pieces of about equal length (for tool-argument deltas). */
export function splitEven(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

export function toolCallsText(calls: FakeToolCall[]): string {
  return calls.map((c) => JSON.stringify(c.arguments)).join(' ');
}
