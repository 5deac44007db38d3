import { stringify } from 'yaml';
import type { AgentCase, Suite } from '@shared/entities/eval';
import { AppError } from '@shared/errors';
import type { RunService } from '../runtime/service';
import type { EvalService } from './service';
import { appendCase, caseIds, parseSuite } from './suite-file';

/** A case id from the input's first words: `what-is-the-refund-policy`, unique in the suite. */
function caseIdFrom(input: string, taken: Set<string>): string {
  const base =
    input
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .split('-')
      .slice(0, 6)
      .join('-') || 'case';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * Turns a finished run into a case of a suite: its input, its answer as `expected` (checked with
 * `similar`), and each tool it called as a `tool-called` assertion. Appends it to the suite's file
 * (comments and the rest kept), or makes a new agent suite targeting the run's agent.
 */
export async function saveRunAsCase(
  deps: { evals: EvalService; runs: RunService },
  input: { runId: string; suite: string; create: boolean; caseId?: string },
): Promise<{ suite: Suite; caseId: string }> {
  const run = await deps.runs.get(input.runId);
  if (run.status !== 'succeeded' || !run.output) {
    throw new AppError('CONFLICT', 'Only a run that answered can become a test case.', { hint: 'Pick a run that succeeded.' });
  }
  const trace = await deps.runs.trace(run.id, false);
  const tools = [...new Set(trace.events.flatMap((e) => (e.type === 'tool.call.requested' ? [e.name] : [])))];
  const existing = await deps.evals.repo.suite(input.suite);
  if (!existing && !input.create) {
    throw new AppError('NOT_FOUND', `No evaluation suite named "${input.suite}".`, { hint: 'Pick a suite, or create a new one.' });
  }
  const kaseWithoutId: Omit<AgentCase, 'id'> = {
    input: run.input,
    expected: run.output,
    assert: [{ type: 'similar', weight: 1 }, ...tools.map((name) => ({ type: 'tool-called' as const, value: { name }, weight: 1 }))],
    tags: ['from-chat'],
    weight: 1,
  };
  if (!existing) {
    const caseId = input.caseId ?? caseIdFrom(run.input, new Set());
    const content = stringify({ name: input.suite, kind: 'agent', targets: [{ agent: run.agentName }], cases: [{ id: caseId, ...kaseWithoutId }] });
    return { suite: await deps.evals.import(content, 'yaml', false), caseId };
  }
  const parsed = parseSuite(existing.content, existing.format);
  if (!parsed.ok) throw new AppError('CONFLICT', `The suite "${existing.name}" does not parse; fix it first.`, { hint: parsed.issues[0]?.message ?? '' });
  if (parsed.suite.kind !== 'agent') throw new AppError('VALIDATION', `"${existing.name}" is a retrieval suite; save chat runs into an agent suite.`);
  const taken = new Set(caseIds(parsed.suite));
  const caseId = input.caseId ?? caseIdFrom(run.input, taken);
  if (taken.has(caseId)) throw new AppError('CONFLICT', `The suite already has a case "${caseId}".`, { hint: 'Give another case id.' });
  const content = appendCase(existing.content, existing.format, { id: caseId, ...kaseWithoutId });
  return { suite: await deps.evals.update(existing.id, content, existing.format), caseId };
}
