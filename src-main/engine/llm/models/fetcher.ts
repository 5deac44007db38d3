import type { LlmModel } from '@shared/api/llm-models';
import type { Attempt } from '../attempt';

/** Lists one provider's models inside one attempt of the shared retry policy. */
export type ModelFetcher = (ctx: {
  attempt: Attempt;
  apiKey: string | undefined;
  /** The provider's configured address (Ollama host, OpenAI base URL, Anthropic base URL). */
  baseUrl: string;
}) => Promise<LlmModel[]>;
