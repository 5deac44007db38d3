import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { EvalRun, EvalRunDetail, EvalTarget, Suite } from '@shared/entities/eval';
import { AppError, isAppError } from '@shared/errors';
import { parseSuite } from '../engine/eval/suite-file';
import { collect, parseModel } from './agent-edit';
import type { CliContext } from './context';
import { CONFIRM_ABOVE, parseCount, parseFailUnder, parseTags, parseTarget, percent, suiteFormat } from './eval-args';
import { caseTable, describeComparison, describeRun, issueText, runsTable, suitesTable, summaryLines } from './eval-format';
import { junitXml } from './eval-junit';
import { followEvalRun, progressPrinter } from './eval-wait';
import { printJson } from './format';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

interface RunFlags {
  agent?: string[];
  model?: string;
  trials?: string;
  concurrency?: string;
  tags?: string[];
  yes?: boolean;
  cache: boolean;
  json?: boolean;
  junit?: string;
  failUnder?: string;
}

/** Reads a suite file, checks it (problems as `file:line:column: message`), and stores it. */
async function importFile(ctx: CliContext, file: string, replace: boolean): Promise<Suite> {
  const path = resolvePath(file);
  if (!existsSync(path)) throw new AppError('NOT_FOUND', `No file ${file}.`, { hint: 'Give the path of a suite file (.yaml, .yml or .json).' });
  const format = suiteFormat(path);
  const content = readFileSync(path, 'utf8');
  const checked = await ctx.client.call('eval.suites.validate', { content, ...(format ? { format } : {}) });
  if (!checked.ok) {
    const lines = checked.issues.map((i) => `  ${file}${i.line !== null ? `:${i.line}:${i.column ?? 1}` : ''}: ${issueText(i)}`);
    throw new AppError('VALIDATION', `${file} is not a valid suite (${checked.issues.length} problem${checked.issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, {
      hint: 'Fix the lines named above; the README’s “Evaluation” section shows the format.',
    });
  }
  try {
    return await ctx.client.call('eval.suites.import', { content, replace, ...(format ? { format } : {}) });
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFLICT' && !replace) {
      throw new AppError('CONFLICT', error.message, { hint: `Run again with --replace to replace the stored suite "${checked.name ?? ''}" (its earlier runs stay).` });
    }
    throw error;
  }
}

/** A run by id or a unique start of its id. */
async function resolveRun(ctx: CliContext, ref: string): Promise<EvalRunDetail> {
  try {
    return await ctx.client.call('eval.runs.get', { runId: ref });
  } catch (error) {
    if (!isAppError(error) || error.code !== 'NOT_FOUND' || ref.length < 4) throw error;
    const runs = await ctx.client.call('eval.runs.list', { limit: 500 });
    const matches = runs.filter((r) => r.id.startsWith(ref));
    if (matches.length === 1) return ctx.client.call('eval.runs.get', { runId: matches[0]!.id });
    if (matches.length > 1) {
      throw new AppError('CONFLICT', `More than one evaluation run's id starts with "${ref}": ${matches.map((r) => r.id).join(', ')}.`, { hint: 'Give more of the id.' });
    }
    throw new AppError('NOT_FOUND', `No evaluation run "${ref}".`, { hint: 'Run `agent-factory eval list` to see the runs.' });
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** The targets of the run (from --agent, else the suite's own with --model applied), and how many answers it asks for. */
function planRun(suite: Suite, flags: RunFlags, trials: number | undefined, tags: string[] | undefined) {
  const model = flags.model ? parseModel(flags.model) : undefined;
  const parsed = parseSuite(suite.content, suite.format);
  const file = parsed.ok ? parsed.suite : undefined;
  const retrieval = suite.kind === 'retrieval';
  if (retrieval && (flags.agent?.length || model)) {
    throw new AppError('VALIDATION', `"${suite.name}" is a retrieval suite: it measures its knowledge base and takes no --agent or --model.`, { hint: 'Leave out --agent and --model.' });
  }
  let targets: EvalTarget[] | undefined;
  if (flags.agent?.length) targets = flags.agent.map((spec) => parseTarget(spec, model));
  else if (model && file?.kind !== 'retrieval') targets = (file?.targets ?? []).map((t) => ({ ...t, model }));
  const targetCount = retrieval ? 1 : (targets ?? (file?.kind === 'agent' ? file.targets : [])).length;
  if (!retrieval && targetCount === 0) {
    throw new AppError('VALIDATION', `The suite "${suite.name}" names no targets.`, { hint: 'Say which agents to test: --agent <name>[@revision] (repeat it for a matrix).' });
  }
  const tagged = (c: { tags: string[] }) => !tags || c.tags.some((t) => tags.includes(t));
  let answers = 0;
  let caseCount = 0;
  if (file?.kind === 'agent') {
    const cases = file.cases.filter(tagged);
    caseCount = cases.length;
    answers = cases.reduce((n, c) => n + (trials ?? c.trials ?? file.trials), 0) * targetCount;
  } else if (file?.kind === 'retrieval') {
    caseCount = file.cases.filter(tagged).length;
    answers = caseCount * file.modes.length;
  }
  return { targets, answers, caseCount, known: !!file };
}

/** Prints what went wrong, writes --junit, and sets the exit code from --fail-under. */
function report(run: EvalRunDetail, flags: RunFlags, failUnder: number | undefined, json: boolean): void {
  if (flags.junit) {
    const path = resolvePath(flags.junit);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, junitXml(run));
  }
  if (json) printJson(run);
  else {
    const lines = run.summary ? summaryLines(run, run.summary) : [`${run.suiteName}, run ${run.id}: ${run.status}`];
    console.log(lines.join('\n'));
    const problems = run.summary && run.summary.failed + run.summary.errors > 0;
    if (problems) console.log(`\n${caseTable(run, true)}`);
    console.log(`\nDetails: agent-factory eval show ${run.id.slice(0, 8)}`);
  }
  const summary = run.summary;
  if (summary?.errors) {
    const kinds = [...new Set(run.cases.filter((c) => c.status === 'error').map((c) => c.errorKind ?? 'error'))].join(', ');
    process.stderr.write(`${summary.errors} of ${summary.total} could not be judged (${kinds}); they are not counted as failures.\n`);
    const first = run.cases.find((c) => c.status === 'error' && c.error);
    if (first?.error) process.stderr.write(`  e.g. ${first.caseId} (${first.target}): ${first.error}\n`);
  }
  if (run.status !== 'completed') {
    process.stderr.write(`The run ${run.status === 'cancelled' ? 'was cancelled' : 'failed'}${run.error ? `: ${run.error}` : ''}.\n`);
    process.exitCode = 1;
    return;
  }
  if (failUnder === undefined || !summary) return;
  const judged = summary.passed + summary.failed;
  if (judged === 0) {
    process.stderr.write(`Nothing could be judged, so the pass rate cannot reach --fail-under ${percent(failUnder)}.\n`);
    process.exitCode = 1;
  } else if (summary.passRate < failUnder) {
    process.stderr.write(`Pass rate ${percent(summary.passRate)} is under --fail-under ${percent(failUnder)}.\n`);
    process.exitCode = 1;
  }
}

async function runSuite(ctx: CliContext, ref: string, flags: RunFlags): Promise<void> {
  const json = !!(flags.json || ctx.json);
  const failUnder = flags.failUnder === undefined ? undefined : parseFailUnder(flags.failUnder);
  const trials = flags.trials === undefined ? undefined : parseCount(flags.trials, '--trials', 1, 50);
  const concurrency = flags.concurrency === undefined ? undefined : parseCount(flags.concurrency, '--concurrency', 1, 16);
  const tags = parseTags(flags.tags);

  const isFile = suiteFormat(ref) !== undefined;
  const suite = isFile ? await importFile(ctx, ref, true) : await ctx.client.call('eval.suites.get', { suite: ref });
  const plan = planRun(suite, flags, trials, tags);
  if (tags && plan.known && plan.caseCount === 0) throw new AppError('VALIDATION', `No case of "${suite.name}" has the tags ${tags.join(', ')}.`, { hint: 'Check the tags in the suite file.' });
  if (plan.answers > CONFIRM_ABOVE && !flags.yes && process.stdin.isTTY) {
    const ok = await confirm(`This run asks for ${plan.answers} answers (cases × targets × trials). Go on? [y/N] `);
    if (!ok) throw new AppError('CANCELLED', 'Not run.', { hint: 'Pass --yes to run large suites without asking.' });
  }

  const printer = progressPrinter(!!process.stderr.isTTY);
  let ended: EvalRun;
  try {
    ended = await followEvalRun(
      ctx.client,
      () =>
        ctx.client.call('eval.run', {
          suite: suite.id,
          noCache: !flags.cache,
          ...(plan.targets ? { targets: plan.targets } : {}),
          ...(trials ? { trials } : {}),
          ...(concurrency ? { concurrency } : {}),
          ...(tags ? { tags } : {}),
        }),
      (run) => {
        if (!json) printer.show(run);
      },
    );
  } finally {
    printer.end();
  }
  const detail = await ctx.client.call('eval.runs.get', { runId: ended.id });
  report(detail, flags, failUnder, json);
}

export function registerEvalCommands(program: Command, withClient: WithClient): void {
  const evalCmd = program.command('eval').description('Evaluation: run suites of test cases against agents or a knowledge base, compare runs, gate changes in CI');

  evalCmd
    .command('import <file>')
    .description('Store a suite file (YAML or JSON); problems are printed as file:line:column')
    .option('--replace', 'replace the stored suite of the same name')
    .option('--json', 'print the stored suite as JSON')
    .action((file: string, opts: { replace?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        const suite = await importFile(ctx, file, !!opts.replace);
        if (opts.json || ctx.json) return printJson(suite);
        console.log(`Imported ${suite.kind} suite "${suite.name}" (${suite.caseCount} case${suite.caseCount === 1 ? '' : 's'}, version ${suite.version}).`);
      }),
    );

  evalCmd
    .command('suites')
    .description('List the stored suites')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const suites = await ctx.client.call('eval.suites.list', {});
        if (opts.json || ctx.json) return printJson(suites);
        console.log(suitesTable(suites));
      }),
    );

  evalCmd
    .command('run <suite>')
    .description('Run a suite (a .yaml/.yml/.json file is imported first, replacing the stored suite of its name; else a stored suite by name) and wait for its result')
    .option('--agent <agent[@revision]>', 'an agent to test, at its latest or the given revision; repeat for a matrix (default: the suite’s targets)', collect)
    .option('--model <provider:model>', 'use this model for every target')
    .option('--trials <n>', 'runs of each case per target (default: the suite’s)')
    .option('--concurrency <n>', 'cases at once (default 2)')
    .option('--tags <t1,t2>', 'only cases with one of these tags', collect)
    .option('--yes', 'do not ask before a large run (more than 100 answers)')
    .option('--no-cache', 'answer every case afresh instead of reusing unchanged answers')
    .option('--json', 'print the run as JSON: { id, summary, cases, … }')
    .option('--junit <file>', 'write the results as JUnit XML (a testsuite per target)')
    .option('--fail-under <rate>', 'exit with 1 when the pass rate is under this (0..1, or a percentage like 80%)')
    .action((ref: string, flags: RunFlags) => withClient((ctx) => runSuite(ctx, ref, flags)));

  evalCmd
    .command('list')
    .description('List evaluation runs, newest first')
    .option('--suite <suite>', 'only runs of this suite (name or id)')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action((opts: { suite?: string; limit: string; json?: boolean }) =>
      withClient(async (ctx) => {
        const limit = parseCount(opts.limit, '--limit', 1, 500);
        const runs = await ctx.client.call('eval.runs.list', { limit, ...(opts.suite ? { suite: opts.suite } : {}) });
        if (opts.json || ctx.json) return printJson(runs);
        console.log(runsTable(runs));
      }),
    );

  evalCmd
    .command('show <run>')
    .description('Show a run (id or a unique start of it): its summary and every case with its result and reason')
    .option('--json', 'print JSON: { id, summary, cases, … }')
    .action((ref: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const run = await resolveRun(ctx, ref);
        if (opts.json || ctx.json) return printJson(run);
        console.log(describeRun(run));
      }),
    );

  evalCmd
    .command('compare <runA> <runB>')
    .description('Compare two runs: regressions first, the pass-rate difference with McNemar’s test, token and latency differences')
    .option('--json', 'print JSON')
    .action((refA: string, refB: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const [a, b] = [await resolveRun(ctx, refA), await resolveRun(ctx, refB)];
        const comparison = await ctx.client.call('eval.compare', { a: a.id, b: b.id });
        if (opts.json || ctx.json) return printJson(comparison);
        console.log(describeComparison(comparison));
      }),
    );
}
