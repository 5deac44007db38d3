import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { MethodInput, MethodName, MethodOutput } from '@shared/api/index';
import { AppError } from '@shared/errors';
import type { EvalService } from './service';

export const GUIDE_KB = 'Agent Factory guide';
export const GUIDE_AGENT = 'Guide helper';
export const GUIDE_RETRIEVAL_SUITE = 'Guide retrieval (sample)';
export const GUIDE_AGENT_SUITE = 'Guide answers (sample)';

/**
 * The app's own documentation: `guide/` in the packaged app's resources, or the README and docs/
 * of the source tree (found upward from this bundle, as `serve` finds the built renderer).
 */
export function guideSources(from: string = dirname(fileURLToPath(import.meta.url)), resourcesPath = (process as { resourcesPath?: string }).resourcesPath): string[] {
  if (resourcesPath && existsSync(join(resourcesPath, 'guide', 'README.md'))) return [join(resourcesPath, 'guide')];
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'README.md')) && existsSync(join(dir, 'package.json'))) {
      return [join(dir, 'README.md'), ...(existsSync(join(dir, 'docs')) ? [join(dir, 'docs')] : [])];
    }
    if (dirname(dir) === dir) return [];
  }
}

/** Questions about the README whose answers are phrases written in it (checked by the guide's test). */
export const GUIDE_QUESTIONS = [
  { id: 'start-headless', query: 'Which npm command runs the headless engine and prints its URL?', relevant: ['npm install && npm run serve'], tags: ['install'] },
  { id: 'data-dir', query: 'Where is my data folder and how do I move it?', relevant: ['AGENT_FACTORY_DATA_DIR'], tags: ['data'] },
  { id: 'secrets-file', query: 'Where are API keys stored?', relevant: ['API keys, 0600'], tags: ['data', 'security'] },
  { id: 'mcp-approval', query: 'Can a tool call require my approval first?', relevant: ['Every tool call can require approval'], tags: ['mcp'] },
  { id: 'automation', query: 'How do I run an agent on a schedule in the background?', relevant: ['runs an agent unattended'], tags: ['automations'] },
];

type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/**
 * Builds (or refreshes) the guide: a knowledge base of the app's documentation, an agent that
 * answers from it, a retrieval suite over it and an agent suite — so a new user sees evaluation
 * work within a minute. Safe to call again.
 */
export async function setupGuide(deps: { call: Call; evals: EvalService; sources?: string[] }): Promise<{ kbId: string; suites: string[]; agent: string }> {
  const { call } = deps;
  const sources = deps.sources ?? guideSources();
  if (!sources.length) throw new AppError('NOT_FOUND', 'The app’s documentation was not found next to it.', { hint: 'Reinstall the app, or run it from its source folder.' });
  const kb = (await call('kb.list', {})).find((b) => b.name === GUIDE_KB) ?? (await call('kb.create', { name: GUIDE_KB, description: 'The documentation of Agent Factory itself.' }));
  await call('kb.ingest', { kbId: kb.id, paths: sources, tags: ['guide'] });
  const agents = await call('agents.list', {});
  const model = agents.find((a) => a.name !== GUIDE_AGENT)?.model ?? { provider: 'ollama' as const, model: 'llama3.2' };
  const agent =
    agents.find((a) => a.name === GUIDE_AGENT) ??
    (await call('agents.create', {
      name: GUIDE_AGENT,
      description: 'Answers questions about Agent Factory from its own guide.',
      systemPrompt: 'You answer questions about the Agent Factory app using the passages of its guide. Quote commands exactly.',
      model,
      knowledgeBaseIds: [kb.id],
      knowledge: { mode: 'auto' },
    }));
  const retrieval = stringify({ name: GUIDE_RETRIEVAL_SUITE, kind: 'retrieval', description: 'Does a search of the guide find the passage that answers each question?', kb: GUIDE_KB, k: 5, modes: ['hybrid', 'vector', 'keyword'], cases: GUIDE_QUESTIONS });
  const answers = stringify({
    name: GUIDE_AGENT_SUITE,
    description: 'Does the guide helper answer with the command or fact the guide gives?',
    targets: [{ agent: GUIDE_AGENT }],
    cases: [
      { id: 'start-headless', input: 'Which command starts Agent Factory headless?', assert: [{ type: 'contains', value: 'npm run serve' }] },
      { id: 'data-dir-env', input: 'Which environment variable moves the data folder?', assert: [{ type: 'contains', value: 'AGENT_FACTORY_DATA_DIR' }] },
      { id: 'no-made-up-flags', input: 'How do I start the desktop app?', assert: [{ type: 'contains', value: 'npm start' }, { type: 'not-contains', value: '--desktop' }] },
    ],
  });
  for (const content of [retrieval, answers]) await deps.evals.import(content, 'yaml', true);
  return { kbId: kb.id, suites: [GUIDE_RETRIEVAL_SUITE, GUIDE_AGENT_SUITE], agent: agent.name };
}
