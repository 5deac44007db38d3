import type { evalMethods } from '@shared/api/eval';
import type { HandlerSlice } from '../handlers';
import type { RunService } from '../runtime/service';
import { saveRunAsCase } from './save-case';
import type { EvalService } from './service';

export function evalHandlers(deps: { evals: EvalService; runs: RunService; setupGuide: () => Promise<{ kbId: string; suites: string[]; agent: string }> }): HandlerSlice<typeof evalMethods> {
  const { evals } = deps;
  return {
    'eval.suites.list': () => evals.suites(),
    'eval.suites.get': ({ suite }) => evals.suite(suite),
    'eval.suites.import': ({ content, format, replace }) => evals.import(content, format, replace),
    'eval.suites.validate': async ({ content, format }) => evals.validate(content, format),
    'eval.suites.update': ({ suite, content, format }) => evals.update(suite, content, format),
    'eval.suites.delete': ({ suite }) => evals.delete(suite),
    'eval.run': ({ suite, targets, trials, concurrency, noCache, tags }) =>
      evals.run({ suite, concurrency, noCache, ...(targets ? { targets } : {}), ...(trials ? { trials } : {}), ...(tags ? { tags } : {}) }),
    'eval.cancel': ({ runId }) => evals.cancel(runId),
    'eval.runs.list': ({ suite, limit }) => evals.runs({ limit, ...(suite ? { suite } : {}) }),
    'eval.runs.get': ({ runId }) => evals.detail(runId),
    'eval.compare': ({ a, b }) => evals.compare(a, b),
    'eval.saveCase': ({ runId, suite, create, caseId }) => saveRunAsCase({ evals, runs: deps.runs }, { runId, suite, create, ...(caseId ? { caseId } : {}) }),
    'eval.guide.setup': () => deps.setupGuide(),
  };
}
