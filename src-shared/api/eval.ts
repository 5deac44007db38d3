import { z } from 'zod';
import { EvalComparison, EvalRun, EvalRunDetail, EvalTarget, Suite } from '../entities/eval';
import { method } from './define';

/** A suite's id or name. */
const SuiteRef = z.string().trim().min(1).max(200);
const RunRef = z.object({ runId: z.string().min(1).max(64) }).strict();

/** A suite file's text: YAML or JSON (told apart by its first character unless `format` says). */
const SuiteContent = z.object({ content: z.string().min(1).max(5_000_000), format: z.enum(['yaml', 'json']).optional() });

export const evalMethods = {
  'eval.suites.list': method(z.object({}).strict().default({}), z.array(Suite)),
  'eval.suites.get': method(z.object({ suite: SuiteRef }).strict(), Suite),
  /**
   * Imports a suite (or replaces the one of the same name when `replace`). Errors name the line and
   * column of the file (VALIDATION with issues).
   */
  'eval.suites.import': method(SuiteContent.extend({ replace: z.boolean().default(false) }).strict(), Suite),
  /** Checks a suite's text without saving it (the editor's validation). */
  'eval.suites.validate': method(SuiteContent.strict(), z.object({ ok: z.boolean(), name: z.string().nullable(), caseCount: z.number().int(), issues: z.array(z.object({ message: z.string(), line: z.number().int().nullable(), column: z.number().int().nullable(), path: z.string() })) })),
  'eval.suites.update': method(SuiteContent.extend({ suite: SuiteRef }).strict(), Suite),
  'eval.suites.delete': method(z.object({ suite: SuiteRef }).strict(), z.object({ deleted: z.boolean() })),
  /**
   * Runs a suite against targets (default: the suite's own), each case `trials` times; answers at once
   * with the run (follow `eval.progress`). Retrieval suites take no targets.
   */
  'eval.run': method(
    z
      .object({
        suite: SuiteRef,
        targets: z.array(EvalTarget).max(20).optional(),
        trials: z.number().int().min(1).max(50).optional(),
        concurrency: z.number().int().min(1).max(16).default(2),
        noCache: z.boolean().default(false),
        /** Only cases with one of these tags. */
        tags: z.array(z.string().min(1).max(50)).max(20).optional(),
      })
      .strict(),
    EvalRun,
  ),
  'eval.cancel': method(RunRef, EvalRun),
  'eval.runs.list': method(z.object({ suite: SuiteRef.optional(), limit: z.number().int().min(1).max(500).default(50) }).strict().default({ limit: 50 }), z.array(EvalRun)),
  'eval.runs.get': method(RunRef, EvalRunDetail),
  'eval.compare': method(z.object({ a: z.string().min(1).max(64), b: z.string().min(1).max(64) }).strict(), EvalComparison),
  /**
   * Adds a finished run of the chat as a case of a suite: its input, its answer as `expected`, the
   * tools it called as `tool-called` assertions. The suite's file gets the case appended.
   */
  'eval.saveCase': method(
    z
      .object({
        runId: z.string().min(1).max(64),
        suite: SuiteRef,
        /** Create the suite when it does not exist. */
        create: z.boolean().default(false),
        caseId: z.string().min(1).max(100).optional(),
      })
      .strict(),
    z.object({ suite: Suite, caseId: z.string() }),
  ),
  /**
   * Builds the "Agent Factory guide" knowledge base from the app's own documentation, with a sample
   * retrieval suite over it and a sample agent suite (safe to call again: it refreshes them).
   */
  'eval.guide.setup': method(z.object({}).strict().default({}), z.object({ kbId: z.string(), suites: z.array(z.string()), agent: z.string() })),
};

export const evalEvents = {
  /** A run's progress and, when it ends, its summary. */
  'eval.progress': EvalRun,
};
