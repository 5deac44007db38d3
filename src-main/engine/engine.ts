import { join } from 'node:path';
import type { Logger } from 'pino';
import { createBus, type Bus } from './bus/bus';
import { AgentService } from './agents/service';
import { agentHandlers } from './agents/handlers';
import type { SecretCipher, SecretStore } from './config/secrets';
import type { SecretStorageFacts } from './config/secret-policy';
import { createSecretStorage } from './config/session-secrets';
import { chooseWorkerKind } from './workers/kind';
import { forkLauncher, useProcessLauncher, type ProcessLauncher } from './workers/spawn';
import { SettingsFile } from './config/settings';
import { SettingsService } from './config/settings-service';
import { silentLogger } from './config/logger';
import type { Handler, Handlers } from './handlers';
import { methods, type MethodInput, type MethodName, type MethodOutput, type ParsedInput } from '@shared/api/index';
import { parseOrThrow } from '@shared/errors';
import type { ModelRef } from '@shared/entities/model';
import { openStore } from './store/index';
import type { Store, StoreConfig } from './store/types';
import { runDoctor } from './system/doctor';
import { systemHandlers } from './system/handlers';
import { agentLibraryHandlers } from './agents/library-handlers';
import { guardDeletesInUse } from './agents/in-use';
import { createProvider, type RetryPolicy } from './llm/index';
import { ModelCatalog, llmModelHandlers, modelDoctorChecks } from './llm/models/index';
import { ConversationService, MemoryService, memoryHandlers, type EmbedderProvider } from './memory/index';
import { createLocalEmbedder } from './rag/embed/local';
import { createMcp, type McpCapability } from './mcp/index';
import { createRuntime, runHandlers, type BuiltinTools, type RunService, type RunServiceOptions } from './runtime/index';
import { createEmbedder } from './rag/embed/create';
import { KbEmbedders, KnowledgeBaseService, knowledgeHandlers } from './rag/kb/index';
import { KnowledgeGraphService, kbGraphHandlers } from './rag/graph/index';
import { createVectorStores } from './rag/store/index';
import { createKnowledgeIngestion, type KnowledgeIngestion } from './rag/ingest/index';
import { attachmentHandlers, createAttachments } from './attachments/index';
import { LocalModelRegistry, LocalModelService, modelHandlers } from './rag/models/index';
import { ThreadService, threadHandlers } from './threads/index';
import { AutomationService, automationHandlers } from './automations/index';
import { createEngineMetrics, type EngineMetrics } from './telemetry/metrics';
import { createRunTracing, type RunTracing } from './telemetry/otel';
import { KeyService, keyHandlers } from './keys/index';
import { EvalService, evalHandlers, createScorers, setupGuide } from './eval/index';

export interface EngineOptions {
  dataDir: string;
  mode: 'electron' | 'headless' | 'cli';
  version: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** The shell's encryption for stored secrets (Electron safeStorage). */
  secretCipher?: SecretCipher;
  /** What the shell learned of the OS keychain after `ready`; decides encrypt / session only / plain (secretPolicy). */
  secretFacts?: SecretStorageFacts;
  /** How worker processes start inside the desktop app (Electron's utilityProcess; see chooseWorkerKind). */
  workerProcesses?: { utilityProcess?: ProcessLauncher; runAsNodeFuse: boolean };
  /** Overrides the database chosen by settings (tests). */
  store?: StoreConfig;
  /** Run limits (steps, time, delegation depth). */
  runtime?: RunServiceOptions;
  /** Retry policy of the LLM providers (tests shorten it). */
  llmPolicy?: Partial<RetryPolicy>;
  /** The embedder of long-term memories (default: the local all-MiniLM-L6-v2). */
  memoryEmbedder?: EmbedderProvider;
  /** Automations: runs at once (default: the setting, 2) and how often other engines' changes are picked up (default 5 s). */
  automations?: { maxConcurrent?: number; syncIntervalMs?: number };
  /** Opens a link in the system browser (the desktop shell): MCP OAuth sign-in pages. */
  openUrl?: (url: string) => void | Promise<void>;
}

export interface Engine {
  readonly bus: Bus;
  readonly store: Store;
  readonly settings: SettingsService;
  readonly secrets: SecretStore;
  readonly agents: AgentService;
  readonly runs: RunService;
  /** Built-in tools; capabilities register theirs here (e.g. knowledge_search). */
  readonly builtinTools: BuiltinTools;
  readonly memory: MemoryService;
  readonly mcp: McpCapability;
  /** Knowledge bases: settings, documents, chunks and search. */
  readonly knowledge: KnowledgeBaseService;
  /** Ingestion queue, uploads, watched folders, knowledge_search and kb.ask. */
  readonly ingestion: KnowledgeIngestion;
  /** Local embedding models: the shipped one and those the user added or downloaded. */
  readonly localModels: LocalModelService;
  /** Automations (background agents): schedules, triggers, the inbox and the tray's overview. */
  readonly automations: AutomationService;
  /** API keys of the engine as a service (scopes, hashed secrets) and the audit log of their calls. */
  readonly keys: KeyService;
  /** Evaluation suites, their runs against agents, results and comparisons. */
  readonly evals: EvalService;
  /** Prometheus metrics of this engine (`GET /metrics` of serve). */
  readonly metrics: EngineMetrics;
  /** OpenTelemetry export of runs as traces (off unless settings or OTEL_* variables turn it on). */
  readonly tracing: RunTracing;
  readonly handlers: Handlers;
  readonly logger: Logger;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The composition root: the one place that picks concrete adapters and wires capabilities. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger();
  const bus = createBus({ onListenerError: (event, error) => logger.error({ event, err: error }, 'event listener failed') });
  const metrics = createEngineMetrics({ bus, version: options.version });

  const settingsFile = new SettingsFile(options.dataDir);
  const loaded = settingsFile.load();
  if (loaded.problem) logger.warn(loaded.problem);
  const workerKind = chooseWorkerKind({
    isElectron: process.versions.electron !== undefined,
    // Outside the packaged app (Electron run as Node, development) the fuse is on.
    runAsNodeFuse: options.workerProcesses?.runAsNodeFuse ?? true,
    utilityProcessAvailable: options.workerProcesses?.utilityProcess !== undefined,
  });
  useProcessLauncher(workerKind === 'utility-process' && options.workerProcesses?.utilityProcess ? options.workerProcesses.utilityProcess : forkLauncher);
  const { store: secrets, control: secretStorage } = createSecretStorage({
    path: join(options.dataDir, 'secrets.json'),
    ...(options.secretCipher ? { cipher: options.secretCipher } : {}),
    ...(options.secretFacts ? { facts: options.secretFacts } : {}),
    env,
    allowPlainText: loaded.settings.secrets.allowPlainText,
  });
  const settings = new SettingsService(settingsFile, loaded, secrets, bus, options.dataDir, env, loaded.problem, secretStorage);

  const db = settings.effective.database;
  const storeConfig: StoreConfig =
    options.store ?? (db.kind === 'postgres' ? { kind: 'postgres', url: db.url } : { kind: 'pglite', dataDir: options.dataDir });
  const store = await openStore(storeConfig);
  logger.info({ database: store.description, mode: options.mode }, 'engine started');
  const tracing = await createRunTracing({
    bus,
    version: options.version,
    env,
    settings: () => settings.effective.telemetry.otlp,
    getSecret: (name) => secrets.get(name),
    onExportError: (error) => logger.warn({ err: error }, 'could not export traces (OpenTelemetry)'),
  });

  const agents = new AgentService(store.db, bus);
  const memory = new MemoryService(store.db, bus, options.memoryEmbedder ?? (async () => createLocalEmbedder()));
  const conversations = new ConversationService(store.db);
  const threads = new ThreadService(store.db, bus, agents);
  // Deleting an agent deletes its conversation threads (its runs stay).
  bus.subscribe('agents.changed', (change) => {
    if (change.kind === 'deleted') void threads.deleteForAgent(change.id).catch((error: unknown) => logger.error({ err: error }, 'could not delete the threads of a deleted agent'));
  });
  const providerFor = (model: ModelRef) =>
    createProvider(model.provider, settings.effective.providers, {
      getSecret: (name) => secrets.get(name),
      ...(options.llmPolicy ? { policy: options.llmPolicy } : {}),
    });
  const runtime = createRuntime({
    db: store.db,
    bus,
    agents,
    memory,
    conversations,
    threads,
    logger,
    ...(options.runtime ? { options: options.runtime } : {}),
    providerFor,
  });
  // Also stops the MCP server processes an engine that crashed on this data folder left running.
  // A one-shot command gives a server that does not exit when its stdin closes 0.5 s (not 2 s)
  // before SIGTERM: the command is done and should exit.
  const mcp = await createMcp({
    db: store.db,
    bus,
    secrets,
    dataDir: options.dataDir,
    ...(options.mode === 'cli' ? { options: { graceMs: 500 } } : {}),
    // Servers' forms and sampling approvals need a person: one-shot commands decline / follow the policy.
    attended: () => options.mode !== 'cli',
    openUrl: options.openUrl,
    sampling: { providerFor, models: async () => [...new Map((await agents.list()).map((a) => [`${a.model.provider}:${a.model.model}`, a.model])).values()] },
  });
  runtime.runs.addToolSource(mcp.tools);
  metrics.useMcpStatuses(() => mcp.manager.views().map((v) => v.status));
  // Knowledge bases (RAG): vector stores, one embedder per embedder config, ingestion and watching.
  const vectorStores = createVectorStores({
    db: store.db,
    dataDir: options.dataDir,
    chromaUrl: () => settings.effective.chroma.url,
    onChromaLog: (line) => logger.debug({ chroma: line }),
  });
  const modelRegistry = new LocalModelRegistry(options.dataDir);
  if (modelRegistry.problem) logger.warn(modelRegistry.problem);
  const kbEmbedders = new KbEmbedders(async (config) => {
    const keyName = config.provider === 'openai' ? 'openai.apiKey' : config.provider === 'openai-compatible' ? 'openaiCompatible.apiKey' : undefined;
    const apiKey = keyName ? await secrets.get(keyName) : undefined;
    return createEmbedder(config, { providers: settings.effective.providers, apiKey: () => apiKey, localModels: modelRegistry.lookup });
  }, modelRegistry.lookup);
  const knowledge = new KnowledgeBaseService({
    db: store.db,
    bus,
    stores: vectorStores,
    embedders: kbEmbedders,
    onWarning: (message, error) => logger.warn({ err: error }, message),
    onSearch: (result) => metrics.observeSearch(result),
  });
  const ingestion = createKnowledgeIngestion({
    db: store.db,
    bus,
    kb: knowledge,
    stores: vectorStores,
    embedders: kbEmbedders,
    builtins: runtime.builtins,
    providerFor,
    uploadsDir: join(options.dataDir, 'uploads'),
    onError: (message, error) => logger.error({ err: error }, message),
  });
  runtime.runs.useKnowledge(knowledge);
  // What agents may refer to: every save is checked against it.
  agents.useReferences({
    mcpServers: async () =>
      mcp.manager.runtimesFor().map((rt) => ({ id: rt.server.id, name: rt.server.name, tools: rt.tools.size ? [...rt.tools.keys()] : undefined })),
    knowledgeBases: () => knowledge.list(),
    builtinTools: () => runtime.builtins.list().map((t) => t.name),
  });
  const localModels = new LocalModelService({
    registry: modelRegistry,
    bus,
    dataDir: options.dataDir,
    usersOf: async (model) =>
      (await knowledge.list()).filter((kb) => kb.embedder.provider === 'local' && kb.embedder.model === model).map((kb) => kb.name),
    release: (model) => kbEmbedders.releaseLocal(model),
    endpoint: () => env.HF_ENDPOINT ?? 'https://huggingface.co',
  });
  // A one-shot CLI command neither resumes ingestion nor watches folders (it starts working when it queues work).
  if (options.mode !== 'cli') await ingestion.start();
  const interrupted = await runtime.runs.recoverInterrupted();
  if (interrupted.length) logger.warn({ runs: interrupted.map((r) => r.id) }, 'marked runs left going on as interrupted');
  // The chat models of each provider, cached; a change of settings or keys forgets the lists.
  const modelSource = { providers: () => settings.effective.providers, getSecret: (name: string) => secrets.get(name) };
  const modelCatalog = new ModelCatalog({ ...modelSource, ...(options.llmPolicy ? { policy: options.llmPolicy } : {}) });
  bus.subscribe('settings.changed', () => modelCatalog.clear());
  // Files attached to chat messages: parsed like documents, long ones kept in a knowledge base per
  // thread (deleted with the thread).
  const attachments = createAttachments({
    uploads: ingestion.uploads,
    parser: ingestion.ingest.parser,
    kb: knowledge,
    ingest: ingestion.ingest,
    models: (provider) => modelCatalog.list({ provider }),
    threadTitle: async (id) => (await threads.get(id).catch(() => undefined))?.title,
  });
  runtime.runs.useAttachments(attachments);
  bus.subscribe('threads.changed', (change) => {
    if (change.kind === 'deleted')
      void attachments.forgetThread(change.id).catch((error: unknown) => logger.error({ err: error }, 'could not delete the attachments of a deleted thread'));
  });
  // Automations: scheduled in the app and in `serve`; a one-shot command only reads and edits them.
  const automations = new AutomationService({
    db: store.db,
    bus,
    agents,
    runs: runtime.runs,
    logger,
    mode: options.mode,
    shared: store.kind === 'postgres',
    maxConcurrent: () => options.automations?.maxConcurrent ?? settings.effective.automations.maxConcurrent,
    ...(options.automations?.syncIntervalMs ? { syncIntervalMs: options.automations.syncIntervalMs } : {}),
  });
  // Evaluation: suites run against agents unattended; answers cached by everything that shapes them.
  const evals = new EvalService({
    db: store.db,
    bus,
    agents,
    runs: runtime.runs,
    logger,
    scorers: createScorers({ embedder: options.memoryEmbedder ?? (async () => createLocalEmbedder()), providerFor, agents }),
    retrieval: { knowledgeBases: () => knowledge.list(), search: (request, signal) => knowledge.search(request, signal) },
    answerContext: async (agent) => ({
      tools: runtime.builtins
        .list()
        .map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }))
        .sort((x, y) => x.name.localeCompare(y.name)),
      mcpServers: mcp.manager
        .runtimesFor()
        .map((rt) => ({ server: { ...rt.server, updatedAt: undefined, createdAt: undefined }, tools: [...rt.tools.values()].map((e) => e.hash).sort() }))
        .sort((x, y) => x.server.id.localeCompare(y.server.id)),
      kbVersions: Object.fromEntries(
        (await knowledge.list()).filter((kb) => agent.knowledgeBaseIds.includes(kb.id)).map((kb) => [kb.id, `${kb.revision}:${kb.counts.documents}:${kb.counts.chunks}:${kb.updatedAt}`]),
      ),
    }),
  });
  await evals.start();
  const keys = new KeyService(store.db, { onError: (message, error) => logger.error({ err: error }, message) });
  const doctor = () =>
    runDoctor({
      store,
      settings: settings.effective,
      secrets,
      ...(settings.problem ? { settingsProblem: settings.problem } : {}),
      extraChecks: [() => modelDoctorChecks(modelCatalog, modelSource)],
    });

  // The guide calls other capabilities through the handlers (validated), as a client would.
  const callHandler = <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    (handlers[method] as Handler<M>)(parseOrThrow(methods[method].input, input, method) as ParsedInput<M>, { origin: 'internal' }) as Promise<MethodOutput<M>>;
  const handlers: Handlers = {
    ...systemHandlers({
      version: options.version,
      mode: options.mode,
      dataDir: options.dataDir,
      databaseDescription: store.description,
      settings,
      doctor,
    }),
    ...agentHandlers(agents),
    ...agentLibraryHandlers(agents),
    ...runHandlers(runtime),
    ...memoryHandlers({ memory, conversations, agents, threads }),
    ...threadHandlers({ threads, runs: runtime.runs }),
    ...mcp.handlers,
    ...knowledgeHandlers(knowledge),
    ...kbGraphHandlers(new KnowledgeGraphService({ db: store.db, kb: knowledge })),
    ...ingestion.handlers,
    ...attachmentHandlers(ingestion.uploads),
    ...modelHandlers(localModels),
    ...llmModelHandlers(modelCatalog),
    ...automationHandlers(automations),
    ...keyHandlers(keys),
    ...evalHandlers({ evals, runs: runtime.runs, setupGuide: () => setupGuide({ call: callHandler, evals }) }),
  };

  guardDeletesInUse(agents, handlers, automations);
  // Servers marked auto-start come up in the background; their state arrives as events. A one-shot
  // CLI command starts only the servers it uses.
  if (options.mode !== 'cli') void mcp.manager.autoStart().catch((error: unknown) => logger.error({ err: error }, 'MCP auto-start failed'));
  await automations.start();
  await keys.start();

  let closing: Promise<void> | undefined;
  return {
    bus,
    store,
    settings,
    secrets,
    agents,
    runs: runtime.runs,
    builtinTools: runtime.builtins,
    memory,
    mcp,
    knowledge,
    ingestion,
    localModels,
    automations,
    evals,
    keys,
    metrics,
    tracing,
    handlers,
    logger,
    dataDir: options.dataDir,
    close() {
      closing ??= (async () => {
        localModels.close();
        // Nothing fires any more; runs going on end `interrupted` with the runtime, and their records with them.
        automations.stopScheduling();
        await runtime.runs.close();
        // After the runs: those interrupted are exported as such.
        await tracing.close().catch((error: unknown) => logger.warn({ err: error }, 'could not flush traces'));
        await automations.close();
        await evals.close();
        await mcp.manager.closeAll();
        await ingestion.close();
        await kbEmbedders.close();
        await vectorStores.close();
        await memory.close();
        await store.close();
        metrics.close();
        logger.info('engine stopped');
      })();
      return closing;
    },
  };
}
