import type { AskCitation, AskResult } from '@shared/api/ingest';
import type { SearchMode, SearchHit } from '@shared/api/knowledge';
import type { Usage } from '@shared/entities/llm';
import type { ModelRef } from '@shared/entities/model';
import { AppError } from '@shared/errors';
import type { LlmProvider } from '../../llm/provider';
import type { KnowledgeSearcher } from './knowledge-tool';
import { citedNumbers, rankScore, sourceLabel } from './sources';

export interface AskDeps {
  searcher: KnowledgeSearcher;
  /** The provider of a model (the composition root builds it from settings and secrets). */
  providerFor: (model: ModelRef) => LlmProvider;
}

export interface AskRequest {
  kbId: string;
  question: string;
  model: ModelRef;
  k?: number;
  mode?: SearchMode;
}

/** Longest stretch of one source's text given to the model. */
const MAX_SOURCE_CHARS = 4_000;

const SYSTEM = [
  'You answer questions using only the numbered sources the user gives you.',
  'Cite every claim with the number of its source in square brackets, e.g. [1] or [2][3], right after the claim.',
  'Cite only sources that say what you claim. If the sources do not contain the answer, say that the knowledge base does not say.',
  'Answer in the language of the question, briefly.',
].join(' ');

/** The user message: the numbered sources with their place, then the question. */
export function askPrompt(question: string, hits: readonly SearchHit[]): string {
  const sources = hits.map((hit, i) => {
    const text = hit.chunk.text.length > MAX_SOURCE_CHARS ? `${hit.chunk.text.slice(0, MAX_SOURCE_CHARS)}…` : hit.chunk.text;
    return `[${i + 1}] (${sourceLabel(hit)})\n${text}`;
  });
  return `Sources:\n\n${sources.join('\n\n')}\n\nQuestion: ${question}`;
}

/**
 * "Ask this knowledge base": retrieves the best chunks, then asks the model to answer from them
 * with numbered citations; each number links to the exact chunk (document, page, offsets).
 */
export async function askKnowledgeBase(deps: AskDeps, request: AskRequest, signal?: AbortSignal): Promise<AskResult> {
  const started = performance.now();
  const found = await deps.searcher.search(
    { kbIds: [request.kbId], query: request.question, k: request.k ?? 6, mode: request.mode ?? 'hybrid' },
    signal,
  );
  const citations: AskCitation[] = found.hits.map((hit, i) => ({
    n: i + 1,
    kbId: hit.kbId,
    document: { id: hit.document.id, path: hit.document.path, title: hit.document.title },
    chunk: hit.chunk,
    score: rankScore(hit),
  }));
  if (!citations.length) {
    return {
      answer: 'The knowledge base has nothing about this (no passage matched the question).',
      citations,
      cited: [],
      model: request.model,
      tookMs: performance.now() - started,
    };
  }
  const provider = deps.providerFor(request.model);
  let answer = '';
  let usage: Usage | undefined;
  for await (const event of provider.chat({
    model: request.model.model,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: askPrompt(request.question, found.hits) },
    ],
    temperature: 0,
    ...(signal ? { signal } : {}),
  })) {
    if (event.type === 'text-delta') answer += event.text;
    else if (event.type === 'finish' && event.usage) usage = event.usage;
  }
  answer = answer.trim();
  if (!answer) {
    throw new AppError('PROVIDER_ERROR', `${provider.label} returned an empty answer.`, { hint: 'Try again, or choose another model.' });
  }
  return {
    answer,
    citations,
    cited: citedNumbers(answer, citations.length),
    model: request.model,
    ...(usage ? { usage } : {}),
    tookMs: performance.now() - started,
  };
}
