import type { Agent } from '@shared/entities/agent';
import type { AgentCase, EvalCaseResult, EvalTarget, ErrorKind, Judge } from '@shared/entities/eval';
import type { Run, TraceEvent } from '@shared/entities/run';
import type { RunService } from '../runtime/service';
import { evaluate, scoreCase, type Answer, type ScorerDeps } from './assertions/index';
import type { CachedAnswer, EvalRepository } from './repository';

/** Run errors that say nothing about the agent: the provider or a server could not be reached. */
const INFRASTRUCTURE_CODES = new Set(['PROVIDER_ERROR', 'UNAVAILABLE', 'RATE_LIMITED', 'TIMEOUT', 'CONFIG']);

export function errorKindOf(run: Run): ErrorKind | null {
  if (run.status === 'interrupted') return 'infrastructure';
  if (run.status !== 'failed' || !run.error) return null;
  return INFRASTRUCTURE_CODES.has(run.error.code) ? (run.error.code === 'CONFIG' ? 'config' : 'infrastructure') : null;
}

export interface ResolvedTarget {
  label: string;
  agent: Agent;
  revision: number;
  target: EvalTarget;
}

export interface CaseJob {
  caseId: string;
  kase: AgentCase;
  input: { text: string; attachments: string[] };
  target: ResolvedTarget;
  trial: number;
  cacheKey: string | null;
  maxSteps: number;
  timeoutMs: number;
  approval: 'deny' | 'allow';
  /** The suite's judge of rubrics that name none (else the target's own model judges). */
  judge?: Judge;
}

export interface CaseDeps {
  runs: RunService;
  repo: EvalRepository;
  scorers: ScorerDeps;
  /** Judge used by rubrics that name none: the suite's, else the target's model. */
  defaultJudge: (target: ResolvedTarget) => ScorerDeps['judge'];
  /** Infrastructure failures are retried this many times (default 2). */
  retries?: number;
  signal: AbortSignal;
}

function toolCallsOf(events: TraceEvent[]): Answer['toolCalls'] {
  return events.flatMap((e) => (e.type === 'tool.call.requested' ? [{ name: e.name, arguments: e.arguments }] : []));
}

/** Runs the agent for one trial of one case (or takes the cached answer), then scores it. */
export async function runAgentCase(job: CaseJob, runId: string, deps: CaseDeps): Promise<EvalCaseResult> {
  const { kase, target } = job;
  const base = {
    runId,
    caseId: job.caseId,
    target: target.label,
    trial: job.trial,
    input: job.input.text,
    expected: kase.expected ?? null,
    tags: kase.tags,
  };
  let answer: CachedAnswer | undefined = job.cacheKey ? await deps.repo.cached(job.cacheKey) : undefined;
  const cached = answer !== undefined;
  let failure: { kind: ErrorKind; message: string } | undefined;
  for (let attempt = 0; !answer && attempt <= (deps.retries ?? 2); attempt++) {
    if (deps.signal.aborted) throw deps.signal.reason;
    const run = await startAndWait(job, deps);
    // Cancelled with the evaluation: no result for this case.
    if (deps.signal.aborted) throw deps.signal.reason;
    const kind = errorKindOf(run);
    if (kind) {
      failure = { kind, message: run.error?.message ?? run.status };
      if (kind !== 'infrastructure') break;
      await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
      continue;
    }
    failure = undefined;
    const trace = await deps.runs.trace(run.id, false);
    const started = Date.parse(run.createdAt);
    answer = {
      output: run.output,
      facts: {
        toolCalls: toolCallsOf(trace.events),
        steps: run.steps,
        usage: run.usage,
        latencyMs: run.finishedAt ? Date.parse(run.finishedAt) - started : 0,
        agentRunId: run.id,
      },
    };
    // A run that ended with its own error (a tool failed, the step limit) is an answer to judge, not cached.
    if (job.cacheKey && run.status === 'succeeded') await deps.repo.cache(job.cacheKey, answer);
  }
  if (!answer) {
    return { ...base, status: 'error', errorKind: failure?.kind ?? 'infrastructure', score: 0, output: null, assertions: [], agentRunId: null, usage: null, latencyMs: null, steps: null, cached: false, error: failure?.message ?? 'No answer' };
  }
  const scored: Answer = {
    output: answer.output ?? '',
    ...(kase.expected !== undefined ? { expected: kase.expected } : {}),
    toolCalls: answer.facts.toolCalls,
    steps: answer.facts.steps,
    latencyMs: answer.facts.latencyMs,
    usage: answer.facts.usage,
    input: job.input.text,
  };
  const suiteJudge = job.judge;
  const judge: ScorerDeps['judge'] = suiteJudge ? (prompt) => deps.scorers.judge(prompt, suiteJudge) : deps.defaultJudge(target);
  const scorers: ScorerDeps = { embed: deps.scorers.embed, judge: (prompt, j) => (j ? deps.scorers.judge(prompt, j) : judge(prompt, undefined)) };
  const assertions = [];
  for (const assertion of kase.assert) assertions.push(await evaluate(assertion, scored, scorers));
  const verdict = scoreCase(assertions, kase.threshold);
  return {
    ...base,
    status: verdict.status,
    errorKind: verdict.status === 'error' ? 'scorer' : null,
    score: verdict.score,
    output: answer.output,
    assertions,
    agentRunId: answer.facts.agentRunId,
    usage: answer.facts.usage,
    latencyMs: answer.facts.latencyMs,
    steps: answer.facts.steps,
    cached,
    error: verdict.status === 'error' ? (assertions.find((a) => a.error)?.reason ?? null) : null,
  };
}

async function startAndWait(job: CaseJob, deps: CaseDeps): Promise<Run> {
  const { target } = job;
  const o = target.target;
  const overrides = {
    ...(o.model ? { model: o.model } : {}),
    ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
    ...(o.retrievalMode ? { knowledgeMode: o.retrievalMode } : {}),
  };
  const run = await deps.runs.start(target.agent.id, job.input.text, {
    noThread: true,
    history: false,
    agentRevision: target.revision,
    ...(Object.keys(overrides).length ? { overrides } : {}),
    maxSteps: job.maxSteps,
    timeoutMs: job.timeoutMs,
    unattended: { approval: job.approval },
    ...(job.input.attachments.length ? { attachments: job.input.attachments.map((path) => ({ path })) } : {}),
  });
  const onAbort = () => void deps.runs.cancel(run.id).catch(() => undefined);
  deps.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await deps.runs.waitFor(run.id);
  } finally {
    deps.signal.removeEventListener('abort', onAbort);
  }
}
