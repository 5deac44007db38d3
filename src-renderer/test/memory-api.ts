import {
  events,
  methods,
  type ApiClient,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
} from '@shared/api/index';
import type { LocalModel } from '@shared/api/models';
import type { ProviderModels } from '@shared/api/llm-models';
import { ProviderKind } from '@shared/entities/model';
import type { Agent } from '@shared/entities/agent';
import type { ApiKey } from '@shared/entities/api-key';
import { Settings, type SettingsView } from '@shared/entities/settings';
import { AppError, parseOrThrow } from '@shared/errors';

/** Agents, settings and system; other features add theirs as they need them in tests. */
type Handlers = { [M in MethodName]?: (input: ParsedInput<M>) => MethodOutput<M> };

/**
 * An in-memory `ApiClient` for component and store tests. Like the real router it validates every
 * input with the contract's schemas (bad input → VALIDATION `AppError` with `issues`), checks every
 * output, and emits the contract's events to subscribers.
 */
export class MemoryApi implements ApiClient {
  readonly agents = new Map<string, Agent>();
  view: SettingsView = {
    settings: Settings.parse({ version: 1 }),
    secrets: {},
    unreadableSecrets: [],
    dataDir: '/tmp/agent-factory-test',
  };
  /** Local embedding models (`models.local.*`): the shipped one, plus those tests add. */
  readonly localModels: LocalModel[] = [
    {
      name: 'all-MiniLM-L6-v2',
      source: 'builtin',
      dir: '/app/resources/models/onnx-community/all-MiniLM-L6-v2-ONNX',
      dtype: 'q4',
      dimensions: 384,
      maxTokens: 256,
    },
  ];
  /** API keys of the engine (`keys.*`); `secret` is what `keys.create` answered. */
  readonly engineKeys: (ApiKey & { secret: string })[] = [];
  /** The providers' chat models (`models.list`); a provider not here lists no models. */
  llmModels: ProviderModels[] = [];
  readonly calls: { method: MethodName; input: unknown }[] = [];
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();
  private readonly failures = new Map<MethodName, AppError>();
  private nextId = 1;
  private clock = Date.UTC(2026, 0, 1);

  /** Makes the next call of `method` fail with `error` (after input validation). */
  failNext(method: MethodName, error: AppError): void {
    this.failures.set(method, error);
  }

  async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    this.calls.push({ method, input });
    const parsed = parseOrThrow(methods[method].input, input) as ParsedInput<M>;
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      throw failure;
    }
    const handler = this.handlers[method] as
      ((input: ParsedInput<M>) => MethodOutput<M>) | undefined;
    if (!handler)
      throw new AppError('UNKNOWN_METHOD', `The in-memory test API does not implement ${method}.`);
    const result = handler(parsed);
    return methods[method].output.parse(structuredClone(result)) as MethodOutput<M>;
  }

  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].parse(structuredClone(payload)) as never;
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(checked);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  private now(): string {
    return new Date((this.clock += 1000)).toISOString();
  }

  private find(id: string): Agent {
    const agent = this.agents.get(id);
    if (!agent)
      throw new AppError('NOT_FOUND', `No agent with id "${id}".`, { hint: 'Reload the list.' });
    return agent;
  }

  private save(agent: Agent): Agent {
    this.agents.set(agent.id, agent);
    this.emit('agents.changed', { kind: 'upserted', agent });
    return agent;
  }

  private addLocalModel(model: LocalModel): LocalModel {
    if (this.localModels.some((m) => m.name === model.name))
      throw new AppError('CONFLICT', `A local model named "${model.name}" already exists.`);
    this.localModels.push(model);
    return model;
  }

  private readonly handlers: Handlers = {
    'keys.list': () => this.engineKeys.map(({ secret: _secret, ...key }) => key),
    'keys.create': ({ name, scope, expiresInDays }) => {
      if (this.engineKeys.some((k) => k.name.toLowerCase() === name.toLowerCase()))
        throw new AppError('CONFLICT', `A key named "${name}" exists already.`);
      const n = this.nextId++;
      const prefix = `af_${String(n).padStart(8, '0')}`;
      const key: ApiKey = {
        id: `key-${n}`,
        name,
        scope,
        prefix,
        createdAt: this.now(),
        expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000).toISOString() : null,
        revokedAt: null,
        lastUsedAt: null,
      };
      const secret = `${prefix}_${'s'.repeat(43)}`;
      this.engineKeys.push({ ...key, secret });
      return { key, secret };
    },
    'keys.revoke': ({ key: ref }) => {
      const key = this.engineKeys.find((k) => k.id === ref || k.name === ref);
      if (!key) throw new AppError('NOT_FOUND', `No API key "${ref}".`);
      key.revokedAt ??= this.now();
      const { secret: _secret, ...view } = key;
      return view;
    },
    'models.list': ({ provider }) =>
      (provider ? [provider] : ProviderKind.options).map(
        (kind) =>
          this.llmModels.find((l) => l.provider === kind) ?? {
            provider: kind,
            ok: true,
            models: [],
            fetchedAt: new Date(this.clock).toISOString(),
          },
      ),
    'models.local.list': () => this.localModels,
    'models.local.addFolder': ({ path, name, dtype }) =>
      this.addLocalModel({
        name: name ?? path.split('/').filter(Boolean).at(-1) ?? 'model',
        source: 'folder',
        dir: path,
        dtype: dtype ?? 'q8',
        dimensions: 384,
        maxTokens: 512,
      }),
    'models.local.download': ({ repo, name, dtype }) =>
      this.addLocalModel({
        name: name ?? repo.split('/')[1]!,
        source: 'download',
        dir: `${this.view.dataDir}/models/${repo}`,
        repo,
        dtype: dtype ?? 'q8',
        dimensions: 384,
        maxTokens: 512,
      }),
    'models.download.cancel': () => ({ cancelled: false }),
    'models.local.remove': ({ name }) => {
      const index = this.localModels.findIndex((m) => m.name === name && m.source !== 'builtin');
      if (index >= 0) this.localModels.splice(index, 1);
      return { removed: index >= 0 };
    },
    'system.info': () => ({
      version: '0.0.0-test',
      database: 'pglite',
      dataDir: this.view.dataDir,
      mode: 'headless',
    }),
    'system.doctor': () => [],
    'settings.get': () => this.view,
    'settings.update': ({ patch }) => {
      this.view = { ...this.view, settings: { ...this.view.settings, ...patch } };
      this.emit('settings.changed', this.view);
      return this.view;
    },
    'secrets.set': ({ name, value }) => {
      const set = !!value;
      this.view = { ...this.view, secrets: { ...this.view.secrets, [name]: set } };
      return { name, set };
    },
    'agents.list': ({ tag }) =>
      [...this.agents.values()].filter((a) => !tag || a.tags.includes(tag)),
    'agents.get': ({ id }) => this.find(id),
    'agents.create': (input) => {
      const now = this.now();
      return this.save({
        ...input,
        id: `agent-${this.nextId++}`,
        revision: 1,
        createdAt: now,
        updatedAt: now,
      });
    },
    'agents.update': ({ id, patch, expectedRevision }) => {
      const current = this.find(id);
      if (expectedRevision !== undefined && expectedRevision !== current.revision) {
        throw new AppError(
          'CONFLICT',
          `Agent "${current.name}" was changed since revision ${expectedRevision}.`,
        );
      }
      return this.save({
        ...current,
        ...patch,
        revision: current.revision + 1,
        updatedAt: this.now(),
      });
    },
    'agents.duplicate': ({ id }) => {
      const source = this.find(id);
      const now = this.now();
      return this.save({
        ...source,
        id: `agent-${this.nextId++}`,
        name: `${source.name} (copy)`,
        revision: 1,
        createdAt: now,
        updatedAt: now,
      });
    },
    'agents.delete': ({ id }) => {
      const deleted = this.agents.delete(id);
      if (deleted) this.emit('agents.changed', { kind: 'deleted', id });
      return { deleted };
    },
  };
}
