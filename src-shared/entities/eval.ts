import { z } from 'zod';
import { KnowledgeMode } from './agent';
import { ModelRef } from './model';

/**
 * Evaluation: suites of cases (agent suites: an input and assertions on the answer and the trace;
 * retrieval suites: a query and the passages that should come back), runs of a suite against one or
 * more targets, the results per case, target and trial, and the comparison of two runs.
 * Suites are written as YAML or JSON files in the shape of `SuiteFile`.
 */

/* ------------------------------------------------------------------ assertions */

/** Assertion types; each one can be negated with a `not-` prefix (`not-contains`). */
export const ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'starts-with',
  'regex',
  'is-json',
  'similar',
  'llm-rubric',
  'tool-called',
  'tool-sequence',
  'max-steps',
  'latency',
  'tokens',
] as const;
export type BaseAssertionType = (typeof ASSERTION_TYPES)[number];
export type AssertionType = BaseAssertionType | `not-${BaseAssertionType}`;

export function baseType(type: AssertionType): { base: BaseAssertionType; negated: boolean } {
  return type.startsWith('not-') ? { base: type.slice(4) as BaseAssertionType, negated: true } : { base: type as BaseAssertionType, negated: false };
}

const ALL_TYPES = [...ASSERTION_TYPES, ...ASSERTION_TYPES.map((t) => `not-${t}` as const)] as [AssertionType, ...AssertionType[]];

/** Who judges an `llm-rubric`: a model, or an agent (run at temperature 0). */
export const Judge = z.union([z.object({ model: ModelRef }).strict(), z.object({ agent: z.string().min(1).max(200) }).strict()]);
export type Judge = z.infer<typeof Judge>;

/**
 * One assertion. `value` depends on the type: a string (equals, contains, icontains, starts-with,
 * regex, similar, llm-rubric: the rubric), a list of strings (contains-any, contains-all,
 * tool-sequence: tool names in order), a JSON Schema (is-json, optional), a tool call
 * `{ name, arguments? }` (tool-called: arguments are a subset to match), a number (max-steps,
 * latency in ms, tokens).
 */
export const Assertion = z
  .object({
    type: z.enum(ALL_TYPES),
    value: z.unknown().optional(),
    /** Weight in the case's weighted score (default 1). */
    weight: z.number().min(0).max(1000).default(1),
    /** similar: cosine similarity needed (default 0.8); llm-rubric: share of samples that must say pass (default 0.5, majority). */
    threshold: z.number().min(0).max(1).optional(),
    /** llm-rubric: samples taken, the verdict is the majority (default 3). */
    samples: z.number().int().min(1).max(15).optional(),
    /** llm-rubric: the judge (default: the suite's). */
    judge: Judge.optional(),
    /** regex flags, e.g. "i". */
    flags: z.string().regex(/^[dgimsuvy]*$/).max(8).optional(),
  })
  .strict();
export type Assertion = z.infer<typeof Assertion>;
export type AssertionInput = z.input<typeof Assertion>;

/** What one assertion said about one answer. */
export const AssertionResult = z.object({
  type: z.string(),
  pass: z.boolean(),
  /** 0..1 (similarity, share of judge samples that passed, or 0/1). */
  score: z.number(),
  weight: z.number(),
  reason: z.string(),
  /** The scorer itself failed (judge unreachable, bad schema): not counted as the answer failing. */
  error: z.boolean().default(false),
});
export type AssertionResult = z.infer<typeof AssertionResult>;

/* ------------------------------------------------------------------ suites */

export const CaseInput = z.union([
  z.string().min(1).max(100_000),
  z
    .object({
      /** The message; `{{name}}` is replaced with `vars.name`. */
      text: z.string().min(1).max(100_000),
      vars: z.record(z.string(), z.string().max(100_000)).default({}),
      /** Files attached to the message (paths, absolute or relative to the suite file). */
      attachments: z.array(z.string().min(1).max(4096)).max(10).default([]),
    })
    .strict(),
]);
export type CaseInput = z.infer<typeof CaseInput>;

export const AgentCase = z
  .object({
    /** Stable id for comparisons (default: its position, `case-1`…). */
    id: z.string().min(1).max(100).optional(),
    description: z.string().max(2000).optional(),
    input: CaseInput,
    /** The expected answer (used by `equals`/`similar` assertions without a value, and shown in results). */
    expected: z.string().max(100_000).optional(),
    assert: z.array(Assertion).max(50).default([]),
    tags: z.array(z.string().min(1).max(50)).max(20).default([]),
    weight: z.number().min(0).max(1000).default(1),
    /** Runs of this case per target (default: the suite's). */
    trials: z.number().int().min(1).max(50).optional(),
    /** Passing score (weighted share of assertions that pass); none: every assertion must pass. */
    threshold: z.number().min(0).max(1).optional(),
  })
  .strict();
export type AgentCase = z.infer<typeof AgentCase>;

/** A target: an agent (id or name) at its latest or a given revision, with optional overrides. */
export const EvalTarget = z
  .object({
    agent: z.string().min(1).max(200),
    revision: z.number().int().min(0).optional(),
    model: ModelRef.optional(),
    temperature: z.number().min(0).max(2).optional(),
    retrievalMode: KnowledgeMode.optional(),
    /** A label in results (default: `agent@revision`). */
    label: z.string().min(1).max(100).optional(),
  })
  .strict();
export type EvalTarget = z.infer<typeof EvalTarget>;

export const RetrievalCase = z
  .object({
    id: z.string().min(1).max(100).optional(),
    query: z.string().min(1).max(10_000),
    /** Relevant passages: a document path (ends with its name, e.g. `guide/setup.md`) or an evidence phrase found in the passage. */
    relevant: z.array(z.string().min(1).max(2000)).min(1).max(50),
    tags: z.array(z.string().min(1).max(50)).max(20).default([]),
  })
  .strict();
export type RetrievalCase = z.infer<typeof RetrievalCase>;

const suiteCommon = {
  name: z.string().trim().min(1, 'Give the suite a name').max(100),
  description: z.string().max(5000).default(''),
};

export const AgentSuiteFile = z
  .object({
    ...suiteCommon,
    kind: z.literal('agent').default('agent'),
    /** Targets used when a run names none. */
    targets: z.array(EvalTarget).max(20).default([]),
    /** Trials per case (default 1). */
    trials: z.number().int().min(1).max(50).default(1),
    /** The judge of `llm-rubric` assertions that name none. */
    judge: Judge.optional(),
    /** Tool calls that need approval: denied (default) or allowed — runs are unattended, never a prompt. */
    approval: z.enum(['deny', 'allow']).default('deny'),
    /** Cases' default budget. */
    maxSteps: z.number().int().min(1).max(100).default(10),
    timeoutMs: z.number().int().min(1000).max(3600_000).default(120_000),
    cases: z.array(AgentCase).min(1, 'A suite needs at least one case').max(5000),
  })
  .strict();
export type AgentSuiteFile = z.infer<typeof AgentSuiteFile>;

export const RetrievalSuiteFile = z
  .object({
    ...suiteCommon,
    kind: z.literal('retrieval'),
    /** The knowledge base (id or name). */
    kb: z.string().min(1).max(200),
    k: z.number().int().min(1).max(100).default(5),
    modes: z.array(z.enum(['vector', 'keyword', 'hybrid'])).min(1).max(3).default(['hybrid']),
    cases: z.array(RetrievalCase).min(1, 'A suite needs at least one case').max(5000),
  })
  .strict();
export type RetrievalSuiteFile = z.infer<typeof RetrievalSuiteFile>;

export const SuiteFile = z.union([RetrievalSuiteFile, AgentSuiteFile]);
export type SuiteFile = z.infer<typeof SuiteFile>;

/** A stored suite: its file text and the parsed suite; the version is the hash of the content. */
export const Suite = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['agent', 'retrieval']),
  format: z.enum(['yaml', 'json']),
  /** The file as written (comments kept). */
  content: z.string(),
  /** sha256 of the content, first 16 hex characters. */
  version: z.string(),
  caseCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Suite = z.infer<typeof Suite>;

/* ------------------------------------------------------------------ runs and results */

export const EvalRunStatus = z.enum(['running', 'completed', 'failed', 'cancelled']);
export type EvalRunStatus = z.infer<typeof EvalRunStatus>;

/** `error`: the case could not be judged (infrastructure or scorer), counted apart from failures. */
export const CaseStatus = z.enum(['passed', 'failed', 'error']);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const ErrorKind = z.enum(['infrastructure', 'scorer', 'config']);
export type ErrorKind = z.infer<typeof ErrorKind>;

export const Usage = z.object({ inputTokens: z.number(), outputTokens: z.number() });

/** Retrieval metrics of a mode (and per tag). */
export const RetrievalMetrics = z.record(z.string(), z.number());

export const EvalSummary = z.object({
  /** Case × target pairs (trials folded: a pair passes when most of its trials pass). */
  total: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  errors: z.number().int(),
  /** passed / (passed + failed): errors left out. */
  passRate: z.number(),
  /** Pairs whose trials disagree. */
  flaky: z.number().int(),
  usage: Usage,
  /** Mean latency of answers, ms. */
  latencyMs: z.number(),
  /** Per target label. */
  byTarget: z.record(z.string(), z.object({ passed: z.number().int(), failed: z.number().int(), errors: z.number().int(), passRate: z.number() })),
  /** Retrieval suites: `recall@k`, `mrr`, `ndcg@k` per mode (`hybrid.recall@5`…) and overall of the first mode. */
  metrics: RetrievalMetrics.optional(),
});
export type EvalSummary = z.infer<typeof EvalSummary>;

export const EvalRun = z.object({
  id: z.string(),
  suiteId: z.string(),
  suiteName: z.string(),
  suiteVersion: z.string(),
  kind: z.enum(['agent', 'retrieval']),
  targets: z.array(z.object({ label: z.string(), agentId: z.string().nullable(), revision: z.number().int().nullable(), overrides: z.record(z.string(), z.unknown()).default({}) })),
  trials: z.number().int(),
  status: EvalRunStatus,
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  summary: EvalSummary.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type EvalRun = z.infer<typeof EvalRun>;

/** One trial of one case against one target. */
export const EvalCaseResult = z.object({
  runId: z.string(),
  caseId: z.string(),
  target: z.string(),
  trial: z.number().int(),
  status: CaseStatus,
  errorKind: ErrorKind.nullable(),
  /** Weighted share of assertions that passed (0..1). */
  score: z.number(),
  input: z.string(),
  output: z.string().nullable(),
  expected: z.string().nullable(),
  assertions: z.array(AssertionResult),
  /** The agent run (its trace is one click away). */
  agentRunId: z.string().nullable(),
  usage: Usage.nullable(),
  latencyMs: z.number().nullable(),
  steps: z.number().int().nullable(),
  /** Answered from the cache (nothing that shapes the answer changed). */
  cached: z.boolean(),
  tags: z.array(z.string()),
  error: z.string().nullable(),
});
export type EvalCaseResult = z.infer<typeof EvalCaseResult>;

export const EvalRunDetail = EvalRun.extend({ cases: z.array(EvalCaseResult) });
export type EvalRunDetail = z.infer<typeof EvalRunDetail>;

export const CaseChange = z.enum(['improved', 'regressed', 'unchanged', 'flaky', 'added', 'removed']);
export type CaseChange = z.infer<typeof CaseChange>;

export const EvalComparison = z.object({
  a: EvalRun,
  b: EvalRun,
  /** Regressions first, then improvements, flaky, unchanged. */
  cases: z.array(
    z.object({
      caseId: z.string(),
      target: z.string(),
      change: CaseChange,
      /** Pass rate over trials in each run (null: not in that run, or errors only). */
      a: z.number().nullable(),
      b: z.number().nullable(),
      reasonA: z.string().nullable(),
      reasonB: z.string().nullable(),
    }),
  ),
  passRate: z.object({ a: z.number(), b: z.number(), diff: z.number() }),
  /** McNemar's test on the pairs passed in one run and failed in the other (exact binomial when few). */
  mcnemar: z.object({ onlyA: z.number().int(), onlyB: z.number().int(), pValue: z.number(), significant: z.boolean() }),
  /** Bootstrap 95% interval of the pass-rate difference (b − a) over paired cases. */
  bootstrap: z.object({ low: z.number(), high: z.number() }),
  tokens: z.object({ a: z.number(), b: z.number(), diff: z.number() }),
  latencyMs: z.object({ a: z.number(), b: z.number(), diff: z.number() }),
});
export type EvalComparison = z.infer<typeof EvalComparison>;
