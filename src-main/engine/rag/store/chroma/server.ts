import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@shared/errors';
import { LAUNCHER_SOURCE, launcherInput } from './launcher';

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
 * Runs a local Chroma server as a child process on 127.0.0.1 (a free port, data in `path`).
 * `start` is idempotent and waits for the heartbeat; `stop` ends the process. The process also
 * dies with the engine: on `process.exit` it is killed, and if the engine is killed outright the
 * launcher notices its stdin closing and exits.
 */
export class ChromaServerManager {
  private child: ChildProcess | undefined;
  private starting: Promise<string> | undefined;
  private currentUrl: string | undefined;
  private output = '';
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

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
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
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
        // Another process took the port between choosing and binding it: try another.
        if (!/not available|in use/i.test(this.output)) break;
      }
    }
    throw lastError ?? new AppError('UNAVAILABLE', 'The local Chroma server did not start.');
  }

  private async launchOn(port: number): Promise<string> {
    const input = launcherInput(this.options.path, port);
    const url = `http://127.0.0.1:${port}`;
    this.output = '';
    const child = spawn(process.execPath, ['-e', LAUNCHER_SOURCE, JSON.stringify(input)], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    process.on('exit', this.killOnExit);
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output = (this.output + text).slice(-4096);
      for (const line of text.split('\n')) if (line.trim()) this.options.onLog?.(line);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited = false;
    child.once('exit', () => {
      exited = true;
      if (this.child === child) {
        this.child = undefined;
        this.starting = undefined;
        this.currentUrl = undefined;
        process.off('exit', this.killOnExit);
      }
    });
    child.once('error', () => (exited = true));
    // The engine may exit without stopping us; the pipes must not keep it alive.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr])
      (stream as unknown as { unref?: () => void } | null)?.unref?.();

    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    while (!exited && Date.now() < deadline) {
      if (await heartbeat(url)) {
        this.currentUrl = url;
        return url;
      }
      await sleep(100);
    }
    const detail = this.output
      .split('\n')
      .filter((l) => l.trim())
      .slice(-3)
      .join(' ');
    if (!exited) await this.stop();
    throw new AppError(
      'UNAVAILABLE',
      `The local Chroma server did not start${detail ? `: ${detail}` : '.'}`,
      {
        hint: `Check that ${this.options.path} is writable, or set a Chroma server URL in Settings.`,
      },
    );
  }
}
