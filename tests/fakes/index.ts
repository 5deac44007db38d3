/**
 * Protocol fakes for LLM providers: real HTTP servers on 127.0.0.1 (port 0 by default) that speak
 * each wire protocol closely enough for the real client libraries (`ollama`, `openai`,
 * `@anthropic-ai/sdk`). Use them wherever a test needs a model; never import them from src-main.
 *
 *   const fake = await startFakeOllama();          // or startFakeOpenAI / startFakeAnthropic
 *   fake.script(
 *     reply.text('Hello there'),                    // streamed text (one chunk per word)
 *     reply.toolCalls([{ name: 'add', arguments: { a: 1, b: 2 } }]),   // several = parallel calls
 *     reply.rateLimited(1),                         // 429 + Retry-After: 1
 *     reply.error(500),                             // any status, with headers/message
 *     reply.stall(),                                // headers, then silence
 *     reply.text('Hi', { stallAfter: 1 }),          // one chunk, then silence (cancel tests)
 *   );
 *   fake.fail('embed', reply.error(503));           // failures for /embed or /models
 *   fake.url        // base URL for the client: Ollama host, OpenAI ".../v1", Anthropic base URL
 *   fake.requests   // every request: method, path, query, headers, parsed body, receivedAt (ms)
 *   fake.chats      // every chat request as the fake read it: messages' text and images (base64)
 *   await fake.close();
 *
 * Options: `respond` answers once the script is empty (default: HTTP 500), e.g. `defaultResponder`;
 * `apiKey` makes the fake answer 401 (echoing the wrong key) unless the client sends it;
 * `models` for the models list (ids, or `{ id, capabilities, contextLength }`: Ollama serves them in
 * `/api/show`, Anthropic in `/v1/models`; see FakeModel); `embeddingDimension` (default 64). Embeddings are `fakeEmbedding`:
 * deterministic hashed bag-of-words vectors, so texts sharing words score higher.
 * Usage reports words in / words out unless a reply sets `usage: { input, output }`.
 *
 * Out of process: `npx tsx tests/fakes/serve-fake.ts ollama|openai|anthropic [--port N]` prints its
 * URL as one line and answers with `defaultResponder`.
 */
export { startFakeOllama } from './ollama';
export { startFakeOpenAI } from './openai';
export { startFakeAnthropic } from './anthropic';
export type { FakeLlm, FakeLlmOptions } from './fake-llm';
export type { FakeModel, FakeModelInput } from './models';
export {
  reply,
  type ChatView,
  type FakeFailure,
  type FakeImage,
  type FakeReply,
  type FakeToolCall,
  type Responder,
} from './script';
export type { RecordedRequest } from './http';
export { defaultResponder } from './default-script';
export { cosine, fakeEmbedding } from './embedding';
