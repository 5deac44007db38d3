import { methods, type MethodName, type MethodOutput, type ParsedInput } from '@shared/api/index';
import type { AgentTemplate } from '@shared/api/agent-templates';
import type { DoctorCheck } from '@shared/api/system';
import { AgentInput } from '@shared/entities/agent';
import { AppError, parseOrThrow } from '@shared/errors';
import { MemoryApi } from '../../test/memory-api';

type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type ExtraHandlers = { [M in MethodName]?: Handler<M> };

export const testTemplates: AgentTemplate[] = [
  {
    id: 'memory-keeper',
    name: 'Memory Keeper',
    description: 'Remembers what you tell it across conversations.',
    requires: [],
    agent: AgentInput.parse({
      name: 'Memory Keeper',
      description: 'Keeps facts in long-term memory.',
      systemPrompt: 'You keep a long-term memory for the user.',
      model: { provider: 'ollama', model: 'llama3.2' },
      temperature: 0.3,
      tags: ['memory'],
      tools: [
        { kind: 'builtin', name: 'remember' },
        { kind: 'builtin', name: 'current_time' },
      ],
      knowledgeBaseIds: [],
    }),
  },
  {
    id: 'file-assistant',
    name: 'File Assistant',
    description: 'Works with files through the filesystem MCP server.',
    requires: ['MCP server: filesystem (with the folders it may use)'],
    agent: AgentInput.parse({
      name: 'File Assistant',
      description: '',
      systemPrompt: 'You help with files.',
      model: { provider: 'ollama', model: 'llama3.2' },
      temperature: 0.2,
      tags: ['files'],
      tools: [{ kind: 'mcp-server', serverId: 'filesystem' }],
      knowledgeBaseIds: [],
    }),
  },
];

/**
 * The in-memory API plus more methods (`extend`): like MemoryApi, each input is validated and
 * each output checked with the contract, and `failNext` works for the added methods too.
 */
export class ExtendedMemoryApi extends MemoryApi {
  private readonly extra: ExtraHandlers = {};
  private readonly extraFailures = new Map<MethodName, AppError>();

  protected extend(handlers: ExtraHandlers): void {
    Object.assign(this.extra, handlers);
  }

  override failNext(method: MethodName, error: AppError): void {
    if (method in this.extra) this.extraFailures.set(method, error);
    else super.failNext(method, error);
  }

  override async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    const handler = this.extra[method] as Handler<M> | undefined;
    if (!handler) return super.call(method, input);
    this.calls.push({ method, input });
    const parsed = parseOrThrow(methods[method].input, input) as ParsedInput<M>;
    const failure = this.extraFailures.get(method);
    if (failure) {
      this.extraFailures.delete(method);
      throw failure;
    }
    return methods[method].output.parse(structuredClone(await handler(parsed))) as MethodOutput<M>;
  }
}

/** Templates, export and import of agent definitions, and a settable `system.doctor`. */
export class LibraryTestApi extends ExtendedMemoryApi {
  templates: AgentTemplate[] = structuredClone(testTemplates);
  doctor: DoctorCheck[] = [];

  constructor() {
    super();
    this.extend({
      'system.doctor': () => this.doctor,
      'agents.templates': () => this.templates,
      'agents.createFromTemplate': async ({ templateId, name, model, serverIds }) => {
        const template = this.templates.find((t) => t.id === templateId);
        if (!template) throw new AppError('NOT_FOUND', `No template "${templateId}".`);
        const tools = (template.agent.tools ?? []).map((t) =>
          t.kind === 'builtin' ? t : { ...t, serverId: serverIds[t.serverId] ?? t.serverId },
        );
        return this.call('agents.create', {
          ...template.agent,
          name: name ?? template.agent.name,
          ...(model ? { model } : {}),
          tools,
        });
      },
      'agents.export': async ({ id }) => {
        const agent = await this.call('agents.get', { id });
        const { id: _id, revision: _r, createdAt: _c, updatedAt: _u, ...definition } = agent;
        return {
          fileName: `${agent.name}.agent.json`,
          json: JSON.stringify(
            { format: 'agent-factory/agent', version: 1, agent: definition },
            null,
            2,
          ),
        };
      },
      'agents.import': async ({ json, name }) => {
        let file: unknown;
        try {
          file = JSON.parse(json);
        } catch {
          throw new AppError('VALIDATION', 'The file is not JSON.', {
            hint: 'Choose a file exported by Agent Factory.',
          });
        }
        const agent = parseOrThrow(AgentInput, (file as { agent?: unknown }).agent, 'agent file');
        return this.call('agents.create', { ...agent, ...(name ? { name } : {}) });
      },
    });
  }
}
