import type { YAMLParseError } from 'yaml';
import { parseDocument, isSeq } from 'yaml';
import type { MethodOutput } from '@shared/api/index';
import type { EvalComparison } from '@shared/entities/eval';
import {
  EvalCaseResult,
  EvalRun,
  Suite,
  SuiteFile,
  type EvalRunDetail,
} from '@shared/entities/eval';
import { AppError } from '@shared/errors';
import { ChatTestApi } from '../chat/test-api';
import { buildMatrix } from './matrix-model';

type Validation = MethodOutput<'eval.suites.validate'>;

/** Checks a suite's text: YAML syntax errors carry their line:column; schema issues their path. */
export function validateSuite(content: string): Validation & { parsed?: SuiteFile } {
  const doc = parseDocument(content, { prettyErrors: true });
  if (doc.errors.length)
    return {
      ok: false,
      name: null,
      caseCount: 0,
      issues: doc.errors.map((e: YAMLParseError) => ({
        message: e.message.split('\n')[0]!,
        line: e.linePos?.[0].line ?? null,
        column: e.linePos?.[0].col ?? null,
        path: '',
      })),
    };
  const parsed = SuiteFile.safeParse(doc.toJS());
  if (!parsed.success)
    return {
      ok: false,
      name: null,
      caseCount: 0,
      issues: parsed.error.issues.map((i) => ({
        message: i.message,
        line: null,
        column: null,
        path: i.path.join('.'),
      })),
    };
  return {
    ok: true,
    name: parsed.data.name,
    caseCount: parsed.data.cases.length,
    issues: [],
    parsed: parsed.data,
  };
}

/**
 * The in-memory API with evaluation (and chat, for "Save as test case"), for component tests:
 * suites are kept as text and checked with the contract's schema; `eval.run` starts a run that the
 * test plays with `progress` and `finish`; `eval.compare` answers `comparison`.
 */
export class EvalTestApi extends ChatTestApi {
  readonly suites = new Map<string, Suite>();
  readonly evalRuns = new Map<string, EvalRunDetail>();
  comparison: EvalComparison | null = null;
  /** The editor's checker (tests may replace it to give issues at chosen lines). */
  validator: (content: string) => Validation = (content) => {
    const { parsed: _parsed, ...result } = validateSuite(content);
    return result;
  };
  private evalIds = 1;
  private evalClock = Date.UTC(2026, 4, 1, 9);

  constructor() {
    super();
    this.extend({
      'agents.revisions': ({ id }) => {
        const agent = this.agents.get(id);
        if (!agent) throw new AppError('NOT_FOUND', `No agent ${id}.`);
        return Array.from({ length: agent.revision }, (_, i) => ({
          agentId: id,
          revision: agent.revision - i,
          name: agent.name,
          createdAt: agent.updatedAt,
        }));
      },
      'eval.suites.list': () => [...this.suites.values()],
      'eval.suites.get': ({ suite }) => this.suite(suite),
      'eval.suites.validate': ({ content }) => this.validator(content),
      'eval.suites.import': ({ content, format, replace }) => {
        const name = this.check(content);
        const existing = [...this.suites.values()].find((s) => s.name === name);
        if (existing && !replace)
          throw new AppError('CONFLICT', `A suite named "${name}" exists.`, {
            hint: 'Replace it, or rename the suite.',
          });
        return this.storeSuite(content, format ?? 'yaml', existing?.id);
      },
      'eval.suites.update': ({ suite, content, format }) => {
        this.check(content);
        return this.storeSuite(content, format ?? 'yaml', this.suite(suite).id);
      },
      'eval.suites.delete': ({ suite }) => ({ deleted: this.suites.delete(this.suite(suite).id) }),
      'eval.run': ({ suite: ref, targets, trials }) => {
        const suite = this.suite(ref);
        const parsed = validateSuite(suite.content).parsed!;
        const labels = (targets ?? []).map((t) => {
          const agent = this.agents.get(t.agent);
          const revision = t.revision ?? agent?.revision ?? null;
          return {
            label: t.label ?? `${agent?.name ?? t.agent}@${revision}`,
            agentId: agent?.id ?? null,
            revision,
            overrides: t.model ? { model: t.model } : {},
          };
        });
        const n = trials ?? ('trials' in parsed ? parsed.trials : 1);
        const run = EvalRun.parse({
          id: `eval-${this.evalIds++}`,
          suiteId: suite.id,
          suiteName: suite.name,
          suiteVersion: suite.version,
          kind: suite.kind,
          targets: labels,
          trials: n,
          status: 'running',
          progress: { done: 0, total: parsed.cases.length * Math.max(1, labels.length) * n },
          summary: null,
          error: null,
          createdAt: this.evalStamp(),
          finishedAt: null,
        });
        this.evalRuns.set(run.id, { ...run, cases: [] });
        return run;
      },
      'eval.cancel': ({ runId }) =>
        this.setRun(runId, { status: 'cancelled', finishedAt: this.evalStamp() }),
      'eval.runs.list': ({ suite, limit }) =>
        [...this.evalRuns.values()]
          .filter((r) => !suite || r.suiteId === this.suite(suite).id)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .slice(0, limit)
          .map(({ cases: _cases, ...run }) => run),
      'eval.runs.get': ({ runId }) => this.evalRun(runId),
      'eval.compare': () => {
        if (!this.comparison) throw new AppError('NOT_FOUND', 'No comparison in this test.');
        return this.comparison;
      },
      'eval.saveCase': ({ runId, suite: ref, create, caseId }) => {
        const run = this.run(runId);
        let suite = [...this.suites.values()].find((s) => s.id === ref || s.name === ref);
        if (!suite) {
          if (!create) throw new AppError('NOT_FOUND', `No suite "${ref}".`);
          suite = this.storeSuite(`name: ${ref}\nkind: agent\ncases: []\n`, 'yaml');
        }
        const doc = parseDocument(suite.content);
        const cases = doc.get('cases');
        const id = caseId ?? `case-${isSeq(cases) ? cases.items.length + 1 : 1}`;
        const entry = { id, input: run.input, expected: run.output ?? '', assert: [] };
        if (isSeq(cases)) cases.add(doc.createNode(entry));
        else doc.set('cases', [entry]);
        return { suite: this.storeSuite(doc.toString(), suite.format, suite.id), caseId: id };
      },
      'eval.guide.setup': () => {
        this.storeSuite(
          'name: Guide retrieval\nkind: retrieval\nkb: Agent Factory guide\ncases:\n  - query: How do I add an MCP server?\n    relevant: [mcp.md]\n',
          'yaml',
        );
        this.storeSuite(
          'name: Guide agent\ncases:\n  - input: What is Agent Factory?\n    assert:\n      - type: icontains\n        value: agent\n',
          'yaml',
        );
        return { kbId: 'kb-guide', suites: ['Guide retrieval', 'Guide agent'], agent: 'Guide' };
      },
    });
  }

  private evalStamp(): string {
    return new Date((this.evalClock += 60_000)).toISOString();
  }

  suite(ref: string): Suite {
    const found = this.suites.get(ref) ?? [...this.suites.values()].find((s) => s.name === ref);
    if (!found) throw new AppError('NOT_FOUND', `No suite "${ref}".`);
    return found;
  }

  evalRun(runId: string): EvalRunDetail {
    const run = this.evalRuns.get(runId);
    if (!run) throw new AppError('NOT_FOUND', `No evaluation run ${runId}.`);
    return run;
  }

  private check(content: string): string {
    const result = validateSuite(content);
    if (!result.ok)
      throw new AppError('VALIDATION', 'The suite is not valid.', {
        issues: result.issues.map((i) => ({
          path: [i.path],
          message: i.line ? `${i.line}:${i.column} ${i.message}` : i.message,
        })),
      });
    return result.name!;
  }

  /** Stores a suite's text (as import or update would), named and counted from its content. */
  storeSuite(content: string, format: 'yaml' | 'json', id?: string): Suite {
    const doc = parseDocument(content).toJS() as {
      name?: string;
      kind?: string;
      cases?: unknown[];
    };
    const at = this.evalStamp();
    const suite = Suite.parse({
      id: id ?? `suite-${this.evalIds++}`,
      name: doc.name ?? 'Unnamed',
      kind: doc.kind === 'retrieval' ? 'retrieval' : 'agent',
      format,
      content,
      version: `v${this.evalIds++}`.padEnd(16, '0'),
      caseCount: doc.cases?.length ?? 0,
      createdAt: (id && this.suites.get(id)?.createdAt) ?? at,
      updatedAt: at,
    });
    this.suites.set(suite.id, suite);
    return suite;
  }

  /** Changes a run and publishes `eval.progress`. */
  setRun(runId: string, patch: Partial<EvalRunDetail>): EvalRun {
    const detail = { ...this.evalRun(runId), ...patch };
    this.evalRuns.set(runId, detail);
    const { cases: _cases, ...run } = detail;
    this.emit('eval.progress', run);
    return run;
  }

  evalProgress(runId: string, done: number): EvalRun {
    const run = this.evalRun(runId);
    return this.setRun(runId, { progress: { ...run.progress, done } });
  }

  /** Ends a run with these results (defaults filled in) and the summary they make. */
  finishEval(
    runId: string,
    results: (Partial<EvalCaseResult> & Pick<EvalCaseResult, 'caseId' | 'target' | 'status'>)[],
  ): EvalRun {
    const run = this.evalRun(runId);
    const cases = results.map((r) =>
      EvalCaseResult.parse({
        runId,
        trial: 1,
        errorKind: r.status === 'error' ? 'infrastructure' : null,
        score: r.status === 'passed' ? 1 : 0,
        input: `Input of ${r.caseId}`,
        output: r.status === 'error' ? null : `Answer to ${r.caseId}`,
        expected: null,
        assertions: [],
        agentRunId: null,
        usage: { inputTokens: 10, outputTokens: 5 },
        latencyMs: 100,
        steps: 1,
        cached: false,
        tags: [],
        error: null,
        ...r,
      }),
    );
    const matrix = buildMatrix({ targets: run.targets, cases });
    const cells = matrix.caseIds.flatMap((c) =>
      matrix.targets.flatMap((t) => matrix.cell(c, t) ?? []),
    );
    const count = (status: string) => cells.filter((c) => c.status === status).length;
    const passed = count('passed');
    const failed = count('failed');
    return this.setRun(runId, {
      cases,
      status: 'completed',
      finishedAt: this.evalStamp(),
      progress: { done: run.progress.total, total: run.progress.total },
      summary: {
        total: cells.length,
        passed,
        failed,
        errors: count('error'),
        passRate: passed + failed ? passed / (passed + failed) : 0,
        flaky: cells.filter((c) => c.flaky).length,
        usage: { inputTokens: 10 * cases.length, outputTokens: 5 * cases.length },
        latencyMs: 100,
        byTarget: {},
      },
    });
  }
}
