import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@shared/errors';
import { defineWorkerScript, spawnWorker, type WorkerHandle } from '../../../workers/spawn';
import { launcherInput } from './launcher';

const chromaProcess = defineWorkerScript('chroma', import.meta.url, './chroma-process', () => import('./chroma-process?modulePath'));

export interface ChromaServerOptions {
  /** Where Chroma keeps its data (e.g. `<dataDir>/chroma`). */
  path: string;
  /** How long to wait for the first heartbeat (default 30 s). */
  startTimeoutMs?: number;
  onLog?: (line: string) => void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object'
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function heartbeat(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Runs a local Chroma server in its own process on 127.0.0.1 (a free port, data in `path`), started
 * like the worker processes (forked, or a utilityProcess in the desktop app). `start` is idempotent
 * and waits for the heartbeat; `stop` ends the process. The process also dies with the engine: on
 * `process.exit` it is killed, and if the engine is killed outright its IPC channel closes and it exits.
 */
export class ChromaServerManager {
  private child: WorkerHandle | undefined;
  private starting: Promise<string> | undefined;
  private currentUrl: string | undefined;
  private readonly killOnExit = () => {
    const pid = this.child?.pid;
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  };

  constructor(private readonly options: ChromaServerOptions) {}

  /** The server's URL once started. */
  get url(): string | undefined {
    return this.currentUrl;
  }

  /** The process id of the running server (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<string> {
    this.starting ??= this.launch().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.starting = undefined;
    this.currentUrl = undefined;
    this.child = undefined;
    process.off('exit', this.killOnExit);
    await child?.terminate();
  }

  private async launch(): Promise<string> {
    mkdirSync(this.options.path, { recursive: true });
    let lastError: AppError | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        return await this.launchOn(port);
      } catch (error) {
        lastError = error as AppError;
        // Ended before it answered: most likely another process took the port between choosing and
        // binding it. Try another; a server that ran but never answered is not tried again.
        if (!(error as { ended?: boolean }).ended) break;
      }
    }
    throw lastError ?? new AppError('UNAVAILABLE', 'The local Chroma server did not start.');
  }

  private async launchOn(port: number): Promise<string> {
    const url = `http://127.0.0.1:${port}`;
    const child = await spawnWorker(chromaProcess, { isolation: 'process', data: launcherInput(this.options.path, port) });
    this.child = child;
    process.on('exit', this.killOnExit);
    let exited: string | undefined;
    child.onEnd((end) => {
      exited = end.message;
      this.options.onLog?.(`chroma: ${end.message}`);
      if (this.child === child) {
        this.child = undefined;
        this.starting = undefined;
        this.currentUrl = undefined;
        process.off('exit', this.killOnExit);
      }
    });
    // The engine may exit without stopping it: the server must not keep it alive.
    child.ref(false);

    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    while (exited === undefined && Date.now() < deadline) {
      if (await heartbeat(url)) {
        this.currentUrl = url;
        return url;
      }
      await sleep(100);
    }
    if (exited === undefined) await this.stop();
    throw Object.assign(
      new AppError('UNAVAILABLE', `The local Chroma server did not start${exited ? ` (${exited})` : ' in time'}.`, {
        hint: `Check that ${this.options.path} is writable, or set a Chroma server URL in Settings.`,
      }),
      { ended: exited !== undefined },
    );
  }
}
