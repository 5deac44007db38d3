import type { Logger } from 'pino';
import type { AgentSuiteFile, EvalCaseResult, EvalRun, EvalSummary, RetrievalSuiteFile } from '@shared/entities/eval';
import type { Bus } from '../bus/bus';
import type { RunService } from '../runtime/service';
import { runAgentCase, type CaseDeps, type CaseJob, type ResolvedTarget } from './agent-case';
import type { ScorerDeps } from './assertions/index';
import type { EvalRepository } from './repository';
import { runRetrievalSuite, type RetrievalDeps } from './retrieval-suite';
import { summarize } from './summary';

export interface RunnerDeps {
  repo: EvalRepository;
  bus: Bus;
  runs: RunService;
  logger: Logger;
  scorers: ScorerDeps;
  defaultJudge: CaseDeps['defaultJudge'];
  retrieval: RetrievalDeps;
}

/** Runs `jobs` with at most `concurrency` at once, in order of the list. */
async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>, signal: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Executes a stored run (its record is written already) and keeps its record up to date. */
export class EvalRunner {
  private readonly controllers = new Map<string, AbortController>();
  private readonly finished = new Map<string, Promise<void>>();

  constructor(private readonly deps: RunnerDeps) {}

  private async progress(run: EvalRun, patch: Parameters<EvalRepository['updateRun']>[1]): Promise<EvalRun> {
    const updated = (await this.deps.repo.updateRun(run.id, patch)) ?? run;
    this.deps.bus.publish('eval.progress', updated);
    return updated;
  }

  /** Starts an agent suite's jobs in the background. */
  startAgent(run: EvalRun, jobs: CaseJob[], concurrency: number): void {
    this.background(run, async (signal) => {
      const deps: CaseDeps = { runs: this.deps.runs, repo: this.deps.repo, scorers: this.deps.scorers, defaultJudge: this.deps.defaultJudge, signal };
      const results: EvalCaseResult[] = [];
      let done = 0;
      let current = run;
      await pool(
        jobs,
        concurrency,
        async (job, i) => {
          const result = await runAgentCase(job, run.id, deps);
          results.push(result);
          await this.deps.repo.addResult(result, i);
          done += 1;
          current = await this.progress(current, { done, summary: summarize(results) });
        },
        signal,
      );
      return summarize(results);
    });
  }

  /** Starts a retrieval suite in the background. */
  startRetrieval(run: EvalRun, suite: RetrievalSuiteFile, caseIds: string[]): void {
    this.background(run, async (signal) => {
      let current = run;
      const { results, metrics } = await runRetrievalSuite(suite, caseIds, run.id, this.deps.retrieval, signal, async (done) => {
        current = await this.progress(current, { done });
      });
      for (const [i, r] of results.entries()) await this.deps.repo.addResult(r, i);
      return { ...summarize(results), metrics };
    });
  }

  private background(run: EvalRun, work: (signal: AbortSignal) => Promise<EvalSummary>): void {
    const controller = new AbortController();
    this.controllers.set(run.id, controller);
    const finished = (async () => {
      try {
        const summary = await work(controller.signal);
        await this.progress(run, {
          status: controller.signal.aborted ? 'cancelled' : 'completed',
          summary,
          finishedAt: new Date(),
          ...(controller.signal.aborted ? { error: 'Cancelled' } : {}),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.deps.logger.warn({ err: error, run: run.id }, 'evaluation run failed');
        await this.progress(run, { status: controller.signal.aborted ? 'cancelled' : 'failed', error: message, finishedAt: new Date() }).catch(() => undefined);
      } finally {
        this.controllers.delete(run.id);
      }
    })();
    this.finished.set(run.id, finished);
    void finished.finally(() => this.finished.delete(run.id));
  }

  /** Stops a run; cases going on are cancelled; answers once it has ended. */
  async cancel(runId: string): Promise<void> {
    this.controllers.get(runId)?.abort(new Error('Cancelled'));
    await this.finished.get(runId);
  }

  /** Resolves when the run has ended (tests, the CLI through the API polls instead). */
  async wait(runId: string): Promise<void> {
    await this.finished.get(runId);
  }

  async close(): Promise<void> {
    for (const c of this.controllers.values()) c.abort(new Error('The engine is stopping'));
    await Promise.all([...this.finished.values()]);
  }
}

export type { AgentSuiteFile, ResolvedTarget };
