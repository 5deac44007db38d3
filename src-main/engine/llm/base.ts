import { z } from 'zod';
import { AppError, parseOrThrow } from '@shared/errors';
import { ChatMessage, ToolSpec, type ChatStreamEvent, type ModelInfo } from '@shared/entities/llm';
import type { Attempt } from './attempt';
import type { ProviderProfile } from './errors';
import { callWithPolicy, withPolicy, type RunContext } from './run';
import {
  DEFAULT_RETRY_POLICY,
  type CallOptions,
  type LlmProvider,
  type ProviderDeps,
} from './provider';

/** A chat request after validation: what adapters receive. */
export const ChatCall = z.object({
  model: z.string().trim().min(1, 'Choose a model').max(200),
  messages: z.array(ChatMessage).min(1, 'At least one message is needed'),
  tools: z.array(ToolSpec).max(500).default([]),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional(),
});
export type ChatCall = z.output<typeof ChatCall>;

const EmbedCall = z.object({
  texts: z.array(z.string()).min(1, 'Give at least one text'),
  model: z.string().trim().min(1, 'Choose an embedding model').max(200),
});

/** What one adapter does inside one attempt; retries, timeouts, cancel and errors are shared. */
export interface AdapterContext {
  attempt: Attempt;
  apiKey: string | undefined;
}

export interface Adapter {
  chat(call: ChatCall, ctx: AdapterContext): AsyncIterable<ChatStreamEvent>;
  listModels(ctx: AdapterContext): Promise<ModelInfo[]>;
  /** Absent when the provider has no embeddings. */
  embed?(texts: string[], model: string, ctx: AdapterContext): Promise<number[][]>;
}

export interface AdapterSpec {
  profile: ProviderProfile;
  /** Secret holding the API key, e.g. `openai.apiKey`. */
  secretName?: string;
  /** Without a key the call fails with UNAUTHORIZED before any request. */
  keyRequired: boolean;
  adapter: Adapter;
}

/** Wraps an adapter in the shared policy and exposes it as an LlmProvider. */
export function createLlmProvider(spec: AdapterSpec, deps: ProviderDeps): LlmProvider {
  const { profile, adapter } = spec;
  const policy = { ...DEFAULT_RETRY_POLICY, ...deps.policy };

  const apiKey = async (): Promise<string | undefined> => {
    const key = spec.secretName
      ? (await deps.getSecret(spec.secretName))?.trim() || undefined
      : undefined;
    if (!key && spec.keyRequired) {
      throw new AppError('UNAUTHORIZED', `No API key is set for ${profile.label}.`, {
        hint: profile.unauthorizedHint,
      });
    }
    return key;
  };

  const context = (options: CallOptions, key: string | undefined): RunContext => {
    const onRetry = [deps.onRetry, options.onRetry].filter((f) => f !== undefined);
    return {
      profile,
      policy: options.timeoutMs ? { ...policy, timeoutMs: options.timeoutMs } : policy,
      random: deps.random ?? Math.random,
      secrets: key ? [key] : [],
      ...(options.signal ? { signal: options.signal } : {}),
      onRetry: (info) => {
        for (const listener of onRetry) {
          try {
            listener(info);
          } catch {
            // A failing listener (e.g. tracing) must not break the call.
          }
        }
      },
    };
  };

  return {
    kind: profile.kind,
    label: profile.label,
    capabilities: { embeddings: adapter.embed !== undefined },
    async *chat(request) {
      const call = parseOrThrow(ChatCall, request, 'chat request');
      const key = await apiKey();
      yield* withPolicy(context(request, key), (attempt) =>
        adapter.chat(call, { attempt, apiKey: key }),
      );
    },
    async listModels(options = {}) {
      const key = await apiKey();
      return callWithPolicy(context(options, key), (attempt) =>
        adapter.listModels({ attempt, apiKey: key }),
      );
    },
    async embed(texts, model, options = {}) {
      const embed = adapter.embed?.bind(adapter);
      if (!embed) {
        throw new AppError('CONFIG', `${profile.label} has no embedding models.`, {
          hint: 'Choose Ollama or an OpenAI(-compatible) provider for embeddings.',
        });
      }
      const input = parseOrThrow(EmbedCall, { texts, model }, 'embedding request');
      const key = await apiKey();
      return callWithPolicy(context(options, key), (attempt) =>
        embed(input.texts, input.model, { attempt, apiKey: key }),
      );
    },
  };
}
