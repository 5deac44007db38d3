import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { createWsClient, webSocketUrl, type WsClient } from '@shared/client/ws-client';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'out/main/cli.js');

export function requireBuild(): void {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'out/renderer/index.html'))) {
    throw new Error('These tests run the built app: run `npm run build` first (npm test does).');
  }
}

export function tempDataDir(prefix = 'af-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Served {
  url: string;
  baseUrl: string;
  port: number;
  token: string;
  proc: ChildProcess;
  stderr: () => string;
  /** Stops with the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `agent-factory serve` as its own process and waits for the URL line it prints. */
export async function startServe(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Served> {
  requireBuild();
  const proc = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'serve', '--port', '0'], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolveExit) => proc.once('exit', (code) => resolveExit(code)));
  const line = await new Promise<string>((resolveLine, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (l) => resolveLine(l));
    proc.once('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL:\n${err}`)));
  });
  const url = new URL(line.trim());
  return {
    url: line.trim(),
    baseUrl: url.origin,
    port: Number(url.port),
    token: url.searchParams.get('token') ?? '',
    proc,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** The app's own client, connected to a running `serve` (no reconnect: a drop fails the test). */
export async function connectClient(served: Pick<Served, 'baseUrl' | 'token'>): Promise<WsClient> {
  const client = createWsClient({ url: webSocketUrl(served.baseUrl, served.token), WebSocket, reconnect: false });
  await client.ready();
  return client;
}

/** Runs the CLI to completion. */
export function runCli(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  requireBuild();
  return new Promise((resolveRun) => {
    const proc = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}
