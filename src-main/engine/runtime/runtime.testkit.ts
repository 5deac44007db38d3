/**
 * Test-only: a real runtime (PGlite or pg store, bus, agents, providers through their real client
 * libraries) pointed at the protocol fakes, recording every live event. Not imported by app code.
 */
import type { EventPayload } from '@shared/api/index';
import type { AgentInput, ToolRef } from '@shared/entities/agent';
import type { ProviderKind } from '@shared/entities/model';
import type { Run, TraceEvent } from '@shared/entities/run';
import { isFinalRunStatus } from '@shared/entities/run';
import { startFakeAnthropic, startFakeOllama, startFakeOpenAI, type FakeLlm, type FakeLlmOptions } from '../../../tests/fakes/index';
import { AgentService } from '../agents/service';
import { createBus, type Bus } from '../bus/bus';
import { providerAt } from '../llm/provider-contract.testkit';
import type { ConversationService } from '../memory/conversation';
import type { MemoryService } from '../memory/service';
import { openStore } from '../store/index';
import type { Store } from '../store/types';
import { ThreadService } from '../threads/service';
import { createRuntime, type Runtime, type RunServiceOptions } from './index';

export const FAKES: Record<Exclude<ProviderKind, 'openai-compatible'>, (o?: FakeLlmOptions) => Promise<FakeLlm>> = {
  ollama: startFakeOllama,
  openai: startFakeOpenAI,
  anthropic: startFakeAnthropic,
};

const SECRETS = { 'openai.apiKey': 'sk-test-key-123456', 'anthropic.apiKey': 'sk-ant-test-123456' };

export interface Harness extends Runtime {
  store: Store;
  bus: Bus;
  agents: AgentService;
  memory: MemoryService | undefined;
  conversations: ConversationService | undefined;
  threads: ThreadService;
  fake: FakeLlm;
  kind: ProviderKind;
  /** Every `run.event` and `run.status` published, in order. */
  live: TraceEvent[];
  statuses: Run[];
  agent(name: string, tools?: ToolRef[], extra?: Partial<AgentInput>): Promise<string>;
  /** Starts a run and waits for its end. */
  run(agentId: string, input: string, options?: Parameters<Runtime['runs']['start']>[2]): Promise<Run>;
  liveOf(runId: string): TraceEvent[];
  /** Resolves with the first live event that matches. */
  nextEvent<T extends TraceEvent['type']>(type: T, runId?: string): Promise<Extract<TraceEvent, { type: T }>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  kind?: Exclude<ProviderKind, 'openai-compatible'>;
  store?: Store;
  runtime?: RunServiceOptions;
  memory?: (store: Store, bus: Bus) => MemoryService;
  conversations?: (store: Store) => ConversationService;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const kind = options.kind ?? 'openai';
  const fake = await FAKES[kind]({ ...(kind !== 'ollama' ? { apiKey: SECRETS[kind === 'openai' ? 'openai.apiKey' : 'anthropic.apiKey'] } : {}) });
  const ownStore = !options.store;
  const store = options.store ?? (await openStore({ kind: 'pglite-memory' }));
  const bus = createBus();
  const agents = new AgentService(store.db, bus);
  const memory = options.memory?.(store, bus);
  const conversations = options.conversations?.(store);
  const threads = new ThreadService(store.db, bus, agents);
  const runtime = createRuntime({
    threads,
    db: store.db,
    bus,
    agents,
    providerFor: (model) => providerAt(model.provider, fake.url, SECRETS),
    ...(memory ? { memory } : {}),
    ...(conversations ? { conversations } : {}),
    ...(options.runtime ? { options: options.runtime } : {}),
  });
  const live: TraceEvent[] = [];
  const statuses: Run[] = [];
  const waiters = new Set<(e: TraceEvent) => boolean>();
  bus.subscribe('run.event', (e: EventPayload<'run.event'>) => {
    live.push(e);
    for (const w of waiters) if (w(e)) waiters.delete(w);
  });
  bus.subscribe('run.status', (r) => statuses.push(r));
  let names = 0;

  return {
    ...runtime,
    store,
    bus,
    agents,
    memory,
    conversations,
    threads,
    fake,
    kind,
    live,
    statuses,
    async agent(name, tools = [], extra = {}) {
      const agent = await agents.create({ name: `${name} ${kind} ${++names}`, model: { provider: kind, model: 'test-model' }, tools, ...extra });
      return agent.id;
    },
    async run(agentId, input, opts) {
      const run = await runtime.runs.start(agentId, input, opts);
      const done = await runtime.runs.waitFor(run.id);
      if (!isFinalRunStatus(done.status)) throw new Error(`run ended as ${done.status}`);
      return done;
    },
    liveOf: (runId) => live.filter((e) => e.runId === runId),
    nextEvent(type, runId) {
      const found = live.find((e) => e.type === type && (!runId || e.runId === runId));
      if (found) return Promise.resolve(found as never);
      return new Promise((resolve) =>
        waiters.add((e) => {
          if (e.type !== type || (runId && e.runId !== runId)) return false;
          resolve(e as never);
          return true;
        }),
      );
    },
    async close() {
      await runtime.runs.close();
      await memory?.close();
      await fake.close();
      if (ownStore) await store.close();
    },
  };
}

export function ofType<T extends TraceEvent['type']>(events: TraceEvent[], type: T): Extract<TraceEvent, { type: T }>[] {
  return events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
}
