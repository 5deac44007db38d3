import type { ChildProcess } from 'node:child_process';
import spawn from 'cross-spawn';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '@shared/errors';
import { LineReader, sniffJsonRpcId } from './line-reader';
import { bootId, processStartTime } from '../system/proc';
import type { SpawnRecorder } from './process-record';
import { isGroupAlive, registerTree, releaseTree, signalTree } from './process-tree';
import {
  findMarked,
  killMarkedSync,
  MARK_VAR,
  markValue,
  newMark,
  signalMarked,
} from './process-sweep';
import type { LogInput } from './ring-log';

/** JSON-RPC error code (implementation-defined range) for a response dropped for its size. */
export const MESSAGE_TOO_LARGE = -32099;

export interface StdioLaunch {
  /** Absolute path of the executable (see resolveCommand). */
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string | undefined;
}

export interface StdioTransportOptions {
  /** Largest message accepted from the server; larger ones are dropped and fail their request. */
  maxMessageBytes: number;
  /** After closing stdin, how long the server may take to exit before SIGTERM. */
  graceMs: number;
  /** After SIGTERM, how long before SIGKILL. */
  termMs: number;
  /** Where spawned processes are recorded (a crashed engine's are stopped at the next start). */
  record?: { recorder: SpawnRecorder; serverId: string } | undefined;
  onLog(entry: LogInput): void;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The stdio transport the manager uses instead of the SDK's: no shell, the server in its own
 * process group (so forks die with it), stdout read with a size limit and garbage logged instead
 * of thrown, stderr captured line by line, and the shutdown sequence of the spec
 * (close stdin, SIGTERM, SIGKILL) applied to the whole tree.
 */
export class ManagedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private exited: Promise<ExitInfo> | undefined;
  private exitInfo: ExitInfo | undefined;
  private closing = false;
  /** Unique to this spawn, in the server's environment: every descendant inherits it. */
  private readonly mark = newMark();
  /** Settles once the leader exited and its leftovers (group and marked processes) are gone. */
  private reaped: Promise<void> | undefined;

  constructor(
    private readonly launch: StdioLaunch,
    private readonly options: StdioTransportOptions,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How the process ended, once it has. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('The server process was already started.');
    const child = spawn(this.launch.command, this.launch.args, {
      env: { ...this.launch.env, [MARK_VAR]: markValue(this.mark) },
      cwd: this.launch.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
      detached: process.platform !== 'win32',
    });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
      child.once('error', () => {
        if (child.pid === undefined) resolve((this.exitInfo ??= { code: null, signal: null }));
      });
    });
    this.wireOutput(child);
    return new Promise((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          new AppError(
            'UNAVAILABLE',
            `Could not start \`${this.launch.command}\`: ${error.code ?? error.message}.`,
            {
              hint: 'Check the command and its working folder in the server settings.',
              cause: error,
            },
          ),
        );
      });
      child.once('spawn', () => {
        const pid = child.pid;
        if (pid) {
          registerTree(pid, this.mark);
          this.options.record?.recorder.spawned({
            pid,
            startTime: processStartTime(pid),
            bootId: bootId(),
            mark: this.mark,
            serverId: this.options.record.serverId,
          });
        }
        this.reaped = this.exited!.then(() => (pid ? this.reap(pid) : undefined));
        void this.reaped.then(() => this.onclose?.());
        resolve();
      });
    });
  }

  private wireOutput(child: ChildProcess): void {
    const { onLog, maxMessageBytes } = this.options;
    const stdout = new LineReader(maxMessageBytes, {
      onLine: (line) => {
        if (!line.trim()) return;
        let message: JSONRPCMessage;
        try {
          message = JSONRPCMessageSchema.parse(JSON.parse(line));
        } catch {
          onLog({
            stream: 'stdout',
            level: 'warn',
            text: `Ignored output that is not JSON-RPC: ${line.slice(0, 500)}`,
          });
          return;
        }
        // The SDK handles notifications one microtask late but responses at once, so a progress
        // notification read together with the response would be dropped: hand responses over a
        // microtask later, keeping the server's order.
        if ('id' in message && !('method' in message))
          queueMicrotask(() => this.onmessage?.(message));
        else this.onmessage?.(message);
      },
      onOversize: (info) => {
        const id = sniffJsonRpcId(info);
        const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
        const text = `Message of ${mb(info.bytes)} exceeds the ${mb(maxMessageBytes)} limit and was dropped.`;
        onLog({ stream: 'system', level: 'error', text });
        if (id !== undefined) {
          this.onmessage?.({
            jsonrpc: '2.0',
            id,
            error: { code: MESSAGE_TOO_LARGE, message: text },
          });
        }
      },
    });
    const stderr = new LineReader(64 * 1024, {
      onLine: (line) => onLog({ stream: 'stderr', level: 'info', text: line }),
      onOversize: (info) =>
        onLog({ stream: 'stderr', level: 'warn', text: `[a ${info.bytes}-byte line was skipped]` }),
    });
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const ignore = (error: Error) =>
      onLog({ stream: 'system', level: 'warn', text: `Pipe error: ${error.message}` });
    child.stdin?.on('error', ignore);
    child.stdout?.on('error', ignore);
    child.stderr?.on('error', ignore);
  }

  /**
   * The leader exited: end what it left behind, its process group and every process carrying its
   * mark (a setsid or double-forked descendant is in neither its group nor its tree), then forget it.
   */
  private async reap(pid: number): Promise<void> {
    const marked = { marks: new Set([this.mark]) };
    const group = () => process.platform !== 'win32' && isGroupAlive(pid);
    const leftovers = () => group() || findMarked(marked).length > 0;
    try {
      if (!leftovers()) return;
      if (group()) signalTree(pid, 'SIGTERM');
      signalMarked(marked, 'SIGTERM');
      for (let waited = 0; waited < this.options.termMs && leftovers(); waited += 25)
        await wait(25);
      if (group()) signalTree(pid, 'SIGKILL');
      killMarkedSync(marked);
    } finally {
      releaseTree(pid);
      this.options.record?.recorder.ended(this.mark);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || !stdin.writable || this.exitInfo)
      return Promise.reject(new Error('Not connected'));
    return new Promise((resolve, reject) => {
      const ok = stdin.write(`${JSON.stringify(message)}\n`, (error) => {
        if (error) reject(error);
      });
      if (ok) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Close stdin, wait, SIGTERM the tree, wait, SIGKILL the tree. Resolves when the process is gone. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || !this.exited || this.closing) return this.exited?.then(() => undefined);
    this.closing = true;
    // The timer is cleared as soon as the process exits: a pending one would keep a finished
    // command (`servers call`) alive for the rest of the grace period.
    const exitedWithin = (ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(this.exitInfo !== undefined), ms);
      });
      return Promise.race([this.exited!.then(() => true), timedOut]).finally(() => clearTimeout(timer));
    };
    if (!this.exitInfo) {
      child.stdin?.end();
      if (!(await exitedWithin(this.options.graceMs)) && child.pid) {
        signalTree(child.pid, 'SIGTERM');
        if (!(await exitedWithin(this.options.termMs))) {
          signalTree(child.pid, 'SIGKILL');
          await exitedWithin(2000);
        }
      }
    }
    await this.reaped;
  }
}
