import type { EvalCaseResult, RetrievalSuiteFile } from '@shared/entities/eval';
import type { SearchMode, SearchResult } from '@shared/api/knowledge';
import type { KnowledgeBase } from '@shared/api/knowledge';
import { AppError } from '@shared/errors';
import { normaliseWhitespace } from './retrieval-metrics';
import { ndcgAt } from './stats';

export interface RetrievalDeps {
  knowledgeBases(): Promise<KnowledgeBase[]>;
  search(request: { kbIds: string[]; query: string; mode: SearchMode; k: number }, signal?: AbortSignal): Promise<SearchResult>;
}

type Hit = SearchResult['hits'][number];

/**
 * Whether a hit answers a `relevant` label: a label that looks like a path names the hit's document
 * (its path ends with the label); any other label is an evidence phrase the chunk's text contains.
 */
export function hitIsRelevant(hit: Hit, label: string): boolean {
  const looksLikePath = /[\\/]/.test(label) || /\.[a-z0-9]{1,5}$/i.test(label);
  if (looksLikePath) {
    const path = hit.document.path.replace(/\\/g, '/');
    const wanted = label.replace(/\\/g, '/');
    return path === wanted || path.endsWith(`/${wanted}`);
  }
  return normaliseWhitespace(hit.chunk.text).toLowerCase().includes(normaliseWhitespace(label).toLowerCase());
}

/** recall@k, reciprocal rank and nDCG@k of one query's ranked hits against its labels. */
export function scoreQuery(hits: Hit[], relevant: string[], k: number): { recall: number; rr: number; ndcg: number } {
  const top = hits.slice(0, k);
  const found = relevant.filter((label) => top.some((hit) => hitIsRelevant(hit, label))).length;
  const first = top.findIndex((hit) => relevant.some((label) => hitIsRelevant(hit, label)));
  // Each label is credited once: the first hit that matches it gains 1, later matches of it nothing.
  const credited = new Set<string>();
  const gains = top.map((hit) => {
    const label = relevant.find((l) => !credited.has(l) && hitIsRelevant(hit, l));
    if (label === undefined) return 0;
    credited.add(label);
    return 1;
  });
  return { recall: relevant.length ? found / relevant.length : 0, rr: first < 0 ? 0 : 1 / (first + 1), ndcg: ndcgAt(gains, relevant.length, k) };
}

const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);

/**
 * Runs each query in each mode: a result per case and mode (the mode is the "target"); a case passes
 * when a relevant passage is in the top k. Metrics per mode (`hybrid.recall@5`…), per tag
 * (`tag:billing.recall@5`, first mode), and plain `recall@k`, `mrr`, `ndcg@k` for the first mode.
 */
export async function runRetrievalSuite(
  suite: RetrievalSuiteFile,
  caseIds: string[],
  runId: string,
  deps: RetrievalDeps,
  signal: AbortSignal,
  onProgress: (done: number) => Promise<void>,
): Promise<{ results: EvalCaseResult[]; metrics: Record<string, number> }> {
  const kbs = await deps.knowledgeBases();
  const kb = kbs.find((b) => b.id === suite.kb) ?? kbs.find((b) => b.name.toLowerCase() === suite.kb.toLowerCase());
  if (!kb) throw new AppError('NOT_FOUND', `No knowledge base named "${suite.kb}".`, { hint: 'Name an existing knowledge base in the suite’s `kb`.' });
  const { k } = suite;
  const results: EvalCaseResult[] = [];
  const scores: Record<string, { recall: number; rr: number; ndcg: number; tags: string[] }[]> = {};
  let done = 0;
  for (const [i, kase] of suite.cases.entries()) {
    for (const mode of suite.modes) {
      if (signal.aborted) throw signal.reason;
      const started = performance.now();
      const found = await deps.search({ kbIds: [kb.id], query: kase.query, mode, k }, signal);
      const s = scoreQuery(found.hits, kase.relevant, k);
      (scores[mode] ??= []).push({ ...s, tags: kase.tags });
      const pass = s.recall > 0;
      results.push({
        runId,
        caseId: caseIds[i]!,
        target: mode,
        trial: 1,
        status: pass ? 'passed' : 'failed',
        errorKind: null,
        score: s.recall,
        input: kase.query,
        output: found.hits
          .slice(0, k)
          .map((h, rank) => `${rank + 1}. ${h.document.path}: ${h.chunk.text.slice(0, 160).replace(/\s+/g, ' ')}`)
          .join('\n'),
        expected: kase.relevant.join('\n'),
        assertions: [
          { type: `recall@${k}`, pass, score: s.recall, weight: 1, reason: `${Math.round(s.recall * kase.relevant.length)} of ${kase.relevant.length} relevant passages in the top ${k}`, error: false },
          { type: 'mrr', pass: s.rr > 0, score: s.rr, weight: 0, reason: s.rr ? `first relevant at rank ${Math.round(1 / s.rr)}` : `none in the top ${k}`, error: false },
          { type: `ndcg@${k}`, pass: s.ndcg > 0, score: s.ndcg, weight: 0, reason: `nDCG@${k} ${s.ndcg.toFixed(3)}`, error: false },
        ],
        agentRunId: null,
        usage: null,
        latencyMs: performance.now() - started,
        steps: null,
        cached: false,
        tags: kase.tags,
        error: null,
      });
    }
    done += 1;
    await onProgress(done);
  }
  const metrics: Record<string, number> = {};
  const put = (prefix: string, list: { recall: number; rr: number; ndcg: number }[]) => {
    metrics[`${prefix}recall@${k}`] = mean(list.map((x) => x.recall));
    metrics[`${prefix}mrr`] = mean(list.map((x) => x.rr));
    metrics[`${prefix}ndcg@${k}`] = mean(list.map((x) => x.ndcg));
  };
  for (const mode of suite.modes) put(`${mode}.`, scores[mode] ?? []);
  const first = scores[suite.modes[0]!] ?? [];
  put('', first);
  for (const tag of [...new Set(first.flatMap((x) => x.tags))]) put(`tag:${tag}.`, first.filter((x) => x.tags.includes(tag)));
  return { results, metrics };
}
