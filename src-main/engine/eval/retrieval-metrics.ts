/**
 * Retrieval quality metrics over labelled questions. A question lists the passages that answer
 * it (a document and an evidence phrase); a hit (a chunk) counts as relevant to a passage when it
 * comes from that document and contains the phrase, compared with whitespace normalised, so labels
 * stay valid when chunk sizes change.
 */

/** A passage that answers a question: the document's file name and a phrase that occurs in it. */
export interface RelevantPassage {
  doc: string;
  evidence: string;
}

/** One search hit: the file name of its document and the chunk's text. */
export interface RankedHit {
  doc: string;
  text: string;
}

/** A question's ranked hits (best first) with its labelled passages and its kind. */
export interface JudgedQuestion {
  kind: string;
  relevant: readonly RelevantPassage[];
  hits: readonly RankedHit[];
}

export interface RetrievalScores {
  questions: number;
  /** Mean over questions of 1 / rank of the first relevant hit in the top k (0 if none). */
  mrr: number;
  /** Mean over questions of the fraction of their passages found in the top k. */
  recall: number;
}

export interface RetrievalReport {
  k: number;
  all: RetrievalScores;
  /** The same scores per question kind, kinds in order of first appearance. */
  byKind: Record<string, RetrievalScores>;
}

/** Collapses every run of whitespace to one space and trims the ends. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether a hit belongs to the passage's document and contains its evidence phrase. */
export function hitMatches(hit: RankedHit, passage: RelevantPassage): boolean {
  return (
    hit.doc === passage.doc &&
    normaliseWhitespace(hit.text).includes(normaliseWhitespace(passage.evidence))
  );
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}

/** 1 / rank of the first hit in the top k that matches any relevant passage; 0 if none does. */
export function reciprocalRankAt(
  hits: readonly RankedHit[],
  relevant: readonly RelevantPassage[],
  k: number,
): number {
  checkK(k);
  const i = hits.slice(0, k).findIndex((hit) => relevant.some((p) => hitMatches(hit, p)));
  return i < 0 ? 0 : 1 / (i + 1);
}

/** Fraction of the relevant passages matched by at least one hit in the top k (0 when none are labelled). */
export function recallAt(
  hits: readonly RankedHit[],
  relevant: readonly RelevantPassage[],
  k: number,
): number {
  checkK(k);
  if (!relevant.length) return 0;
  const top = hits.slice(0, k);
  const found = relevant.filter((p) => top.some((hit) => hitMatches(hit, p))).length;
  return found / relevant.length;
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0;
}

function scores(questions: readonly JudgedQuestion[], k: number): RetrievalScores {
  return {
    questions: questions.length,
    mrr: mean(questions.map((q) => reciprocalRankAt(q.hits, q.relevant, k))),
    recall: mean(questions.map((q) => recallAt(q.hits, q.relevant, k))),
  };
}

/** MRR@k and recall@k averaged over all questions and per kind. */
export function scoreRetrieval(questions: readonly JudgedQuestion[], k: number): RetrievalReport {
  checkK(k);
  const kinds = [...new Set(questions.map((q) => q.kind))];
  return {
    k,
    all: scores(questions, k),
    byKind: Object.fromEntries(
      kinds.map((kind) => [
        kind,
        scores(
          questions.filter((q) => q.kind === kind),
          k,
        ),
      ]),
    ),
  };
}
