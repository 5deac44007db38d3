import { methods, type MethodName, type MethodOutput, type ParsedInput } from '@shared/api/index';
import type { KnowledgeBase } from '@shared/api/knowledge';
import type { AgentRevision, AgentSnapshot } from '@shared/entities/agent';
import { AppError, parseOrThrow } from '@shared/errors';
import { McpMemoryApi } from '../../mcp/test-api';

type Extra = 'kb.list' | 'runs.builtinTools' | 'agents.revisions' | 'agents.revision' | 'agents.restore' | 'agents.problems';
type Handlers = { [M in Extra]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> };

/** A knowledge base as `kb.list` answers it. */
export function testKnowledgeBase(id: string, name: string, documents = 3): KnowledgeBase {
  return {
    id,
    name,
    description: '',
    storeKind: 'pgvector',
    embedder: { provider: 'local', model: 'all-MiniLM-L6-v2' },
    embedding: { embedderId: 'local:q4', model: 'all-MiniLM-L6-v2', dimensions: 384 },
    chunking: { maxTokens: 256, overlapTokens: 32 },
    counts: { documents, failed: 0, chunks: documents * 4 },
    revision: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  } as KnowledgeBase;
}

/**
 * The in-memory API with what the agent builder lists: MCP servers (McpMemoryApi), knowledge
 * bases, built-in tools, and every saved revision of each agent (recorded from `agents.changed`).
 */
export class BuilderTestApi extends McpMemoryApi {
  knowledgeBases: KnowledgeBase[] = [];
  builtinTools: MethodOutput<'runs.builtinTools'> = [
    { name: 'current_time', description: 'The current date and time.', approval: 'auto', inputSchema: { type: 'object' } },
    { name: 'knowledge_search', description: 'Search the knowledge bases.', approval: 'auto', inputSchema: { type: 'object' } },
  ] as MethodOutput<'runs.builtinTools'>;
  readonly revisions = new Map<string, AgentRevision[]>();
  /** What `agents.problems` answers. */
  problems: MethodOutput<'agents.problems'> = {};

  constructor() {
    super();
    this.subscribe('agents.changed', (change) => {
      if (change.kind !== 'upserted') return;
      const { id, revision, createdAt: _c, updatedAt, ...snapshot } = change.agent;
      const list = this.revisions.get(id) ?? [];
      if (!list.some((r) => r.revision === revision)) list.push({ agentId: id, revision, snapshot: snapshot as AgentSnapshot, createdAt: updatedAt });
      this.revisions.set(id, list);
    });
  }

  private readonly builder: Handlers = {
    'kb.list': async () => this.knowledgeBases,
    'runs.builtinTools': async () => this.builtinTools,
    'agents.problems': async () => this.problems,
    'agents.revisions': async ({ id }) =>
      [...(this.revisions.get(id) ?? [])].reverse().map((r) => ({ agentId: id, revision: r.revision, createdAt: r.createdAt, name: r.snapshot.name })),
    'agents.revision': async ({ id, revision }) => {
      const found = this.revisions.get(id)?.find((r) => r.revision === revision);
      if (!found) throw new AppError('NOT_FOUND', `No revision ${revision}.`);
      return found;
    },
    'agents.restore': async ({ id, revision }) => {
      const { snapshot } = await this.builder['agents.revision']({ id, revision });
      return this.call('agents.update', { id, patch: snapshot });
    },
  };

  override async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    const handler = (this.builder as Partial<Record<MethodName, (input: unknown) => Promise<unknown>>>)[method];
    if (!handler) return super.call(method, input);
    this.calls.push({ method, input });
    const parsed = parseOrThrow(methods[method].input, input);
    return methods[method].output.parse(structuredClone(await handler(parsed))) as MethodOutput<M>;
  }
}
