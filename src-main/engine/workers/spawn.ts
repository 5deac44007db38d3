import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type Transferable } from 'node:worker_threads';
import { processCpuMs } from './cpu-time';
import type { WorkerKind } from './kind';

/**
 * Where a worker's code lives. Running from TypeScript sources (vitest, tsx) the worker is the `.ts`
 * file beside the caller, loaded through tsx; in the electron-vite bundle it is the separate chunk
 * that a `?modulePath` import names.
 */
export interface WorkerScript {
  readonly name: string;
  /** Resolves the file to start, and whether it is TypeScript source. */
  resolve(): Promise<{ path: string; fromSource: boolean }>;
}

/**
 * Declares a worker script. Call it from the module that sits beside the worker file:
 * `defineWorkerScript('parse', import.meta.url, './parse-worker', () => import('./parse-worker?modulePath'))`.
 * The dynamic `?modulePath` import only runs inside the bundle, where electron-vite has replaced it.
 */
export function defineWorkerScript(
  name: string,
  callerUrl: string,
  relativeSource: string,
  bundled: () => Promise<{ default: string }>,
): WorkerScript {
  const callerPath = fileURLToPath(callerUrl);
  const fromSource = callerPath.endsWith('.ts');
  return {
    name,
    async resolve() {
      if (fromSource) return { path: resolve(dirname(callerPath), `${relativeSource}.ts`), fromSource };
      return { path: (await bundled()).default, fromSource };
    },
  };
}

const here = dirname(fileURLToPath(import.meta.url));

/** The tsconfig that carries the `@shared/*` path alias, found by walking up from this file. */
function findTsconfig(): string | undefined {
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'tsconfig.node.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Environment variable that carries a child process worker's input (JSON). */
export const WORKER_DATA_ENV = 'AGENT_FACTORY_WORKER_DATA';

/** Why a worker ended on its own. */
export type WorkerEnd = { kind: 'out_of_memory' | 'crashed'; message: string };

/** A running worker (thread or child process), seen the same way by the pool. */
export interface WorkerHandle {
  post(message: unknown, transfer?: Transferable[]): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the worker ends by itself (crash, out of memory, exit). */
  onEnd(listener: (end: WorkerEnd) => void): void;
  /** Stops the worker; resolves when it is gone. */
  terminate(): Promise<void>;
  /** Whether the worker keeps the host process alive. */
  ref(keep: boolean): void;
  /** The worker's process id (processes only). */
  readonly pid?: number | undefined;
  /** CPU time the worker has used (ms), where it can be measured (a process on Linux). */
  cpuTimeMs?(): number | undefined;
}

export interface SpawnOptions {
  /** Passed to the worker; read it there with `workerInput()`. JSON-serialisable for processes. */
  data?: unknown;
  /** Heap cap (old generation), in MB. */
  memoryMb?: number;
  /**
   * `thread` (worker_threads) or `process` (a child Node process). A thread that runs out of heap
   * inside some V8 builtins (JSON.parse, for one) takes the whole process down with it; a child
   * process dies alone. Use `process` for untrusted input.
   */
  isolation: 'thread' | 'process';
}

function threadHandle(worker: Worker): WorkerHandle {
  let ended = false;
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener) => void worker.on('message', listener),
    onEnd(listener) {
      const end = (e: WorkerEnd) => {
        if (!ended) listener(e);
        ended = true;
      };
      worker.on('error', (error: Error & { code?: string }) =>
        end(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { kind: 'out_of_memory', message: 'The worker ran out of memory' }
            : { kind: 'crashed', message: `The worker crashed: ${error.message}` },
        ),
      );
      worker.on('exit', (code) => end({ kind: 'crashed', message: `The worker exited (code ${code})` }));
    },
    terminate: async () => {
      ended = true;
      // Keep the host alive until the worker is really gone.
      worker.ref();
      await worker.terminate();
    },
    ref: (keep) => (keep ? worker.ref() : worker.unref()),
  };
}

/** Why a worker process ended: out of memory when its last words say so, crashed otherwise. */
export function workerProcessEnd(stderr: string, how: string): WorkerEnd {
  return /heap out of memory|Reached heap limit|out of memory|\bOOM\b/i.test(stderr)
    ? { kind: 'out_of_memory', message: 'The worker process ran out of memory' }
    : { kind: 'crashed', message: `The worker process exited (${how})` };
}

/** Starts a worker process: a child Node process, or (in the desktop app) Electron's utilityProcess. */
export interface ProcessLauncher {
  readonly kind: WorkerKind;
  /** `path` is the module to run; `env` carries the worker's input (WORKER_DATA_ENV). */
  launch(path: string, options: { execArgv: string[]; env: NodeJS.ProcessEnv }): WorkerHandle;
}

/** Node's `child_process.fork`. Inside Electron it needs the RunAsNode fuse (see chooseWorkerKind). */
export const forkLauncher: ProcessLauncher = {
  kind: 'child-process',
  // Inside Electron, process.execPath is the Electron binary: make the child a plain Node.
  launch: (path, { execArgv, env }) => processHandle(path, execArgv, { ...env, ELECTRON_RUN_AS_NODE: '1' }),
};

let processLauncher: ProcessLauncher = forkLauncher;

/**
 * Sets how worker processes start, for the whole process (the pools that use them are created deep
 * inside capabilities). The composition root calls it once, from what the shell injected.
 */
export function useProcessLauncher(launcher: ProcessLauncher): void {
  processLauncher = launcher;
}

function processHandle(path: string, execArgv: string[], env: NodeJS.ProcessEnv): WorkerHandle {
  const child = fork(path, [], { execArgv, env, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  let ended = false;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    post: (message) => {
      if (child.connected) child.send(message as never);
    },
    onMessage: (listener) => void child.on('message', listener),
    onEnd(listener) {
      child.once('exit', (code, signal) => {
        if (ended) return;
        ended = true;
        listener(workerProcessEnd(stderr, signal ?? `code ${code}`));
      });
      child.on('error', () => child.kill('SIGKILL'));
    },
    pid: child.pid,
    cpuTimeMs: () => (child.pid === undefined ? undefined : processCpuMs(child.pid)),
    terminate: async () => {
      ended = true;
      if (child.exitCode === null && child.signalCode === null) {
        // Keep the host alive until the child has really exited.
        child.ref();
        child.kill('SIGKILL');
      }
      await exited;
    },
    ref(keep) {
      const target = child as unknown as { ref(): void; unref(): void; channel?: { ref(): void; unref(): void } };
      if (keep) {
        target.ref();
        target.channel?.ref();
      } else {
        target.unref();
        target.channel?.unref();
      }
    },
  };
}

/** Starts one worker (thread or child process) for a script, from sources or from the bundle. */
export async function spawnWorker(script: WorkerScript, options: SpawnOptions): Promise<WorkerHandle> {
  const { path, fromSource } = await script.resolve();
  const tsconfig = fromSource ? findTsconfig() : undefined;
  const memory = options.memoryMb ? [`--max-old-space-size=${options.memoryMb}`] : [];

  if (options.isolation === 'process') {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      [WORKER_DATA_ENV]: JSON.stringify(options.data ?? null),
      ...(tsconfig ? { TSX_TSCONFIG_PATH: tsconfig } : {}),
    };
    return processLauncher.launch(path, { execArgv: [...(fromSource ? ['--import', 'tsx'] : []), ...memory], env });
  }

  const common = {
    name: `agent-factory:${script.name}`,
    ...(options.memoryMb ? { resourceLimits: { maxOldGenerationSizeMb: options.memoryMb } } : {}),
  };
  const worker = fromSource
    ? new Worker(join(here, 'bootstrap-tsx.mjs'), {
        ...common,
        workerData: { data: options.data, __entry: pathToFileURL(path).href, __tsconfig: tsconfig },
      })
    : new Worker(path, { ...common, workerData: { data: options.data } });
  return threadHandle(worker);
}
