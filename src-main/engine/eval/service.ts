import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Agent } from '@shared/entities/agent';
import type { AgentSuiteFile, EvalComparison, EvalRun, EvalRunDetail, EvalTarget, Suite, SuiteFile } from '@shared/entities/eval';
import { AppError } from '@shared/errors';
import type { AgentService } from '../agents/service';
import type { Bus } from '../bus/bus';
import { silentLogger } from '../config/logger';
import type { RunService } from '../runtime/service';
import { uniqueByPrefix } from '../store/id-prefix';
import type { Db } from '../store/types';
import type { CaseJob, ResolvedTarget } from './agent-case';
import type { ScorerDeps } from './assertions/index';
import { cacheKey } from './cache-key';
import { compareRuns } from './compare';
import { EvalRepository } from './repository';
import type { RetrievalDeps } from './retrieval-suite';
import { EvalRunner } from './runner';
import { caseIds, parseSuite, renderCaseInput, suiteVersion } from './suite-file';

export interface EvalServiceDeps {
  db: Db;
  bus: Bus;
  agents: AgentService;
  runs: RunService;
  logger?: Logger;
  scorers: ScorerDeps;
  retrieval: RetrievalDeps;
  /** What shapes an answer besides the agent: tool definitions and MCP server configuration, knowledge-base versions. */
  answerContext(agent: Agent): Promise<{ tools: { name: string; description: string; inputSchema: unknown }[]; mcpServers: unknown[]; kbVersions: Record<string, string> }>;
}

/** A parsed suite, or a VALIDATION error listing its issues with line and column. */
export function parsedOrThrow(content: string, format?: 'yaml' | 'json'): { suite: SuiteFile; format: 'yaml' | 'json'; version: string } {
  const parsed = parseSuite(content, format);
  if (parsed.ok) return parsed;
  const first = parsed.issues[0];
  const where = first?.line ? ` (line ${first.line}${first.column ? `, column ${first.column}` : ''})` : '';
  throw new AppError('VALIDATION', `The suite has ${parsed.issues.length === 1 ? 'a problem' : `${parsed.issues.length} problems`}: ${first?.message ?? 'invalid'}${where}.`, {
    hint: 'Fix the file and import it again; the README’s Evaluation section describes the format.',
    issues: parsed.issues.map((i) => ({ path: i.path ? i.path.split('.') : [], message: `${i.line ? `${i.line}:${i.column ?? 1} ` : ''}${i.message}` })),
  });
}

/** Suites, their runs against agents, results and comparisons. */
export class EvalService {
  readonly repo: EvalRepository;
  readonly runner: EvalRunner;
  private readonly logger: Logger;

  constructor(private readonly deps: EvalServiceDeps) {
    this.repo = new EvalRepository(deps.db);
    this.logger = deps.logger ?? silentLogger();
    this.runner = new EvalRunner({
      repo: this.repo,
      bus: deps.bus,
      runs: deps.runs,
      logger: this.logger,
      scorers: deps.scorers,
      retrieval: deps.retrieval,
      defaultJudge: (target) => (prompt) => deps.scorers.judge(prompt, { model: target.agent.model }),
    });
  }

  /** Runs left going on by an engine that stopped end as failed. */
  async start(): Promise<void> {
    const stale = await this.repo.failStale('The engine stopped during this run; run the suite again.');
    if (stale) this.logger.warn({ runs: stale }, 'marked evaluation runs left going on as failed');
  }

  close(): Promise<void> {
    return this.runner.close();
  }

  /* ------------------------------------------------------------ suites */

  suites(): Promise<Suite[]> {
    return this.repo.suites();
  }

  async suite(ref: string): Promise<Suite> {
    const found = await this.repo.suite(ref);
    if (!found) throw new AppError('NOT_FOUND', `No evaluation suite named "${ref}".`, { hint: 'Import it first (`agent-factory eval import <file>`), or list them with `eval suites`.' });
    return found;
  }

  validate(content: string, format?: 'yaml' | 'json') {
    const parsed = parseSuite(content, format);
    if (parsed.ok) return { ok: true, name: parsed.suite.name, caseCount: parsed.suite.cases.length, issues: [] };
    return { ok: false, name: null, caseCount: 0, issues: parsed.issues };
  }

  async import(content: string, format: 'yaml' | 'json' | undefined, replace: boolean): Promise<Suite> {
    const parsed = parsedOrThrow(content, format);
    const existing = await this.repo.suite(parsed.suite.name);
    if (existing && !replace) {
      throw new AppError('CONFLICT', `A suite named "${parsed.suite.name}" exists already.`, { hint: 'Replace it (`--replace`), or rename the suite in the file.' });
    }
    const fields = { name: parsed.suite.name, kind: parsed.suite.kind, format: parsed.format, content, version: parsed.version, caseCount: parsed.suite.cases.length };
    if (existing) return (await this.repo.updateSuite(existing.id, fields))!;
    return this.repo.insertSuite({ id: randomUUID(), ...fields });
  }

  async update(ref: string, content: string, format?: 'yaml' | 'json'): Promise<Suite> {
    const before = await this.suite(ref);
    const parsed = parsedOrThrow(content, format ?? before.format);
    const clash = await this.repo.suite(parsed.suite.name);
    if (clash && clash.id !== before.id) throw new AppError('CONFLICT', `Another suite is named "${parsed.suite.name}".`, { hint: 'Pick another name.' });
    const updated = await this.repo.updateSuite(before.id, { name: parsed.suite.name, kind: parsed.suite.kind, format: parsed.format, content, version: parsed.version, caseCount: parsed.suite.cases.length });
    if (!updated) throw new AppError('NOT_FOUND', `The suite "${before.name}" was deleted meanwhile.`);
    return updated;
  }

  async delete(ref: string): Promise<{ deleted: boolean }> {
    const found = await this.suite(ref);
    return { deleted: await this.repo.deleteSuite(found.id) };
  }

  /* ------------------------------------------------------------ runs */

  private async resolveTarget(t: EvalTarget): Promise<ResolvedTarget> {
    const latest = await this.deps.agents.resolve(t.agent);
    const revision = t.revision ?? latest.revision;
    const agent = revision === latest.revision ? latest : { ...latest, ...(await this.deps.agents.revision(latest.id, revision)).snapshot, revision };
    const withOverrides: Agent = {
      ...agent,
      ...(t.model ? { model: t.model } : {}),
      ...(t.temperature !== undefined ? { temperature: t.temperature } : {}),
      ...(t.retrievalMode ? { knowledge: { ...agent.knowledge, mode: t.retrievalMode } } : {}),
    };
    const suffix = t.model ? ` (${t.model.provider}:${t.model.model})` : '';
    return { label: t.label ?? `${agent.name}@${revision}${suffix}`, agent: withOverrides, revision, target: t };
  }

  async run(input: { suite: string; targets?: EvalTarget[]; trials?: number; concurrency: number; noCache: boolean; tags?: string[] }): Promise<EvalRun> {
    const stored = await this.suite(input.suite);
    const { suite } = parsedOrThrow(stored.content, stored.format);
    const ids = caseIds(suite);
    const wanted = (tags: string[]) => !input.tags?.length || tags.some((t) => input.tags!.includes(t));
    const base = {
      id: randomUUID(),
      suiteId: stored.id,
      suiteName: stored.name,
      suiteVersion: suiteVersion(stored.content),
      suiteContent: stored.content,
      kind: suite.kind,
      status: 'running',
    } as const;
    if (suite.kind === 'retrieval') {
      if (input.targets?.length) throw new AppError('VALIDATION', 'A retrieval suite takes no agents: it searches its knowledge base.', { hint: 'Run it without targets.' });
      const run = await this.repo.insertRun({ ...base, targets: suite.modes.map((m) => ({ label: m, agentId: null, revision: null, overrides: {} })), trials: 1, total: suite.cases.length });
      this.runner.startRetrieval(run, suite, ids);
      this.deps.bus.publish('eval.progress', run);
      return run;
    }
    const targetList = input.targets?.length ? input.targets : suite.targets;
    if (!targetList.length) {
      throw new AppError('VALIDATION', `"${stored.name}" names no targets and none were given.`, { hint: 'Pick the agents to run it against (`--agent <name>`), or add `targets` to the suite.' });
    }
    const targets = await Promise.all(targetList.map((t) => this.resolveTarget(t)));
    const labels = targets.map((t) => t.label);
    if (new Set(labels).size !== labels.length) throw new AppError('VALIDATION', 'Two targets have the same label.', { hint: 'Give them different revisions, models or labels.' });
    const trials = input.trials ?? suite.trials;
    const jobs = await this.jobs(suite, ids, targets, trials, input.noCache, wanted);
    if (!jobs.length) throw new AppError('VALIDATION', 'No case of the suite has one of those tags.', { hint: 'Check the tags, or run without them.' });
    const run = await this.repo.insertRun({
      ...base,
      targets: targets.map((t) => ({ label: t.label, agentId: t.agent.id, revision: t.revision, overrides: { ...(t.target.model ? { model: t.target.model } : {}), ...(t.target.temperature !== undefined ? { temperature: t.target.temperature } : {}), ...(t.target.retrievalMode ? { retrievalMode: t.target.retrievalMode } : {}) } })),
      trials,
      total: jobs.length,
    });
    this.runner.startAgent(run, jobs, input.concurrency);
    this.deps.bus.publish('eval.progress', run);
    return run;
  }

  private async jobs(suite: AgentSuiteFile, ids: string[], targets: ResolvedTarget[], trials: number, noCache: boolean, wanted: (tags: string[]) => boolean): Promise<CaseJob[]> {
    const jobs: CaseJob[] = [];
    const contexts = new Map<string, Awaited<ReturnType<EvalServiceDeps['answerContext']>>>();
    for (const target of targets) contexts.set(target.label, await this.deps.answerContext(target.agent));
    for (const [i, kase] of suite.cases.entries()) {
      if (!wanted(kase.tags)) continue;
      const input = renderCaseInput(kase.input);
      for (const target of targets) {
        const context = contexts.get(target.label)!;
        for (let trial = 1; trial <= (kase.trials ?? trials); trial++) {
          const key = noCache
            ? null
            : cacheKey({
                agent: target.agent,
                revision: target.revision,
                overrides: target.target,
                input: input.text,
                attachments: input.attachments,
                tools: context.tools,
                mcpServers: context.mcpServers,
                kbVersions: context.kbVersions,
                caseMaxSteps: suite.maxSteps,
                trial,
              });
          jobs.push({ caseId: ids[i]!, kase, input, target, trial, cacheKey: key, maxSteps: suite.maxSteps, timeoutMs: suite.timeoutMs, approval: suite.approval, ...(suite.judge ? { judge: suite.judge } : {}) });
        }
      }
    }
    return jobs;
  }

  async cancel(runId: string): Promise<EvalRun> {
    const run = await this.getRun(runId);
    await this.runner.cancel(run.id);
    return (await this.repo.run(run.id)) ?? run;
  }

  private async getRun(ref: string): Promise<EvalRun> {
    const exact = await this.repo.run(ref);
    if (exact) return exact;
    const id = uniqueByPrefix({ one: 'evaluation run', many: 'evaluation runs', list: 'agent-factory eval list' }, ref, await this.repo.runIdsByPrefix(ref));
    return (await this.repo.run(id))!;
  }

  async runs(filter: { suite?: string; limit: number }): Promise<EvalRun[]> {
    const suiteId = filter.suite ? (await this.suite(filter.suite)).id : undefined;
    return this.repo.runs({ limit: filter.limit, ...(suiteId ? { suiteId } : {}) });
  }

  async detail(ref: string): Promise<EvalRunDetail> {
    const run = await this.getRun(ref);
    return { ...run, cases: await this.repo.results(run.id) };
  }

  async compare(a: string, b: string): Promise<EvalComparison> {
    const [ra, rb] = await Promise.all([this.detail(a), this.detail(b)]);
    if (ra.suiteId !== rb.suiteId) this.logger.info({ a: ra.id, b: rb.id }, 'comparing runs of different suites');
    const { cases: ca, ...runA } = ra;
    const { cases: cb, ...runB } = rb;
    return compareRuns(runA, ca, runB, cb);
  }

  /** Resolves when a run has ended (tests). */
  wait(runId: string): Promise<void> {
    return this.runner.wait(runId);
  }
}
