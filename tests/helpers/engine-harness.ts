import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '@shared/api/index';
import type { AppError } from '@shared/errors';
import { unwrapResult } from '@shared/wire';
import { createEngine, type Engine, type EngineOptions } from '../../src-main/engine/engine';
import { createRouter, type Router } from '../../src-main/transport/router';
import { startFakeOllama, type FakeLlm, type FakeLlmOptions } from '../fakes/index';

/** A method through the engine's router, as every transport calls it. */
export type EngineCall = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

export interface EngineHarnessOptions {
  /** Prefix of the temporary data folder (removed on close). */
  prefix?: string;
  /** How the fake Ollama answers once its script is empty (default: HTTP 500). */
  respond?: FakeLlmOptions['respond'];
  /** The origin the router sees for `call` (default 'internal'). */
  origin?: 'internal' | 'cli';
  /** More engine options (version, llmPolicy, …); the data folder, store and OLLAMA_HOST are the harness's. */
  engine?: Partial<Omit<EngineOptions, 'dataDir' | 'store'>>;
}

export interface EngineHarness {
  readonly engine: Engine;
  readonly router: Router;
  readonly fake: FakeLlm;
  readonly dataDir: string;
  readonly call: EngineCall;
  /** The error a call fails with (a call that succeeds fails the test). */
  failure(p: Promise<unknown>): Promise<AppError>;
  /** Writes these files (name → text) to a folder in the data folder, ingests it into a new knowledge base and waits for the job. */
  knowledgeBase(name: string, files: Record<string, string>): Promise<MethodOutput<'kb.create'>>;
  close(): Promise<void>;
}

async function ingestFolder(call: EngineCall, folder: string, name: string, files: Record<string, string>) {
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
  const kb = await call('kb.create', { name });
  const job = await call('kb.ingest', { kbId: kb.id, paths: [folder] });
  await expect
    .poll(async () => (await call('kb.job', { id: job.id })).job.status, { timeout: 90_000, interval: 250 })
    .toBe('done');
  return kb;
}

export const expectFailure = (p: Promise<unknown>): Promise<AppError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: AppError) => e,
  );

/** An engine on PGlite in memory in a fresh data folder, with a fake Ollama, and its router. */
export async function startEngineHarness(options: EngineHarnessOptions = {}): Promise<EngineHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), options.prefix ?? 'af-engine-'));
  const fake = await startFakeOllama(options.respond ? { respond: options.respond } : {});
  const engine = await createEngine({
    mode: 'headless',
    version: 'test',
    ...options.engine,
    dataDir,
    store: { kind: 'pglite-memory' },
    env: { ...options.engine?.env, OLLAMA_HOST: fake.url },
  }).catch(async (error: unknown) => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const router = createRouter(engine.handlers);
  const origin = options.origin ?? 'internal';
  const call: EngineCall = async (method, input) => unwrapResult(await router.dispatch(method, input, { origin }));
  let folders = 0;
  return {
    engine,
    router,
    fake,
    dataDir,
    call,
    failure: expectFailure,
    knowledgeBase: (name, files) => ingestFolder(call, join(dataDir, `kb-files-${++folders}`), name, files),
    async close() {
      await engine.close();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The harness started before the suite's tests (its beforeAll runs before those registered after
 * it) and closed after them. `call` and `failure` work once it has started; the other fields are
 * read when used.
 */
export function useEngineHarness(options: EngineHarnessOptions = {}): EngineHarness {
  let started: EngineHarness | undefined;
  const get = (): EngineHarness => {
    if (!started) throw new Error('The engine harness has not started: use it inside tests or hooks.');
    return started;
  };
  beforeAll(async () => {
    started = await startEngineHarness(options);
  }, 60_000);
  afterAll(async () => {
    await started?.close();
  });
  return {
    get engine() {
      return get().engine;
    },
    get router() {
      return get().router;
    },
    get fake() {
      return get().fake;
    },
    get dataDir() {
      return get().dataDir;
    },
    call: (method, input) => get().call(method, input),
    failure: expectFailure,
    knowledgeBase: (name, files) => get().knowledgeBase(name, files),
    close: () => get().close(),
  };
}
