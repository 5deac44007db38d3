import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, requireBuild, ROOT, runCli } from '../helpers/serve';
import { conformanceNode, packageBin, until } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'af-conformance-server-'));
const cli = packageBin('@modelcontextprotocol/conformance');

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

let mcp: ChildProcess;
let proxy: Server;
let proxyUrl: string;

/**
 * The suite sends no Authorization header: this proxy adds the bearer token and otherwise passes
 * everything through, streams included. Host and Origin that name the proxy are rewritten to name
 * the server (as if the client had spoken to it); any other Host or Origin passes unchanged, so the
 * server's own DNS-rebinding checks are what the suite tests.
 */
async function startProxy(target: URL, token: string): Promise<Server> {
  const server = createServer((req, res) => {
    const self = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const headers = { ...req.headers, authorization: `Bearer ${token}` };
    if (headers.host === self) headers.host = target.host;
    if (headers.origin === `http://${self}`) headers.origin = target.origin;
    const upstream = request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Runs one server scenario of the official conformance suite through the proxy; returns its checks. */
async function runScenario(scenario: string): Promise<Check[]> {
  const dir = join(root, 'results', scenario);
  await promisify(execFile)(
    conformanceNode(),
    [cli, 'server', '--url', proxyUrl, '--scenario', scenario, '-o', dir],
    { cwd: ROOT, timeout: 90_000 },
  ).catch((error: { stdout?: string }) => {
    // A failing scenario exits 1; its checks say why.
    if (!readdirSync(dir, { withFileTypes: true }).length) throw error;
  });
  const [run] = readdirSync(dir);
  return JSON.parse(readFileSync(join(dir, run!, 'checks.json'), 'utf8')) as Check[];
}

beforeAll(async () => {
  requireBuild();
  // An agent, so that prompts and resources have something to list.
  const created = await runCli(join(root, 'data'), [
    'agents',
    'create',
    '--name',
    'Helper',
    '--model',
    'ollama:test-model',
  ]);
  if (created.code !== 0) throw new Error(`agents create failed:\n${created.stderr}`);
  mcp = spawn(
    process.execPath,
    [CLI, '--data-dir', join(root, 'data'), 'mcp', '--http', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  mcp.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: mcp.stdout! }).on('line', (line) => (stdout += `${line}\n`));
  await until(
    () => /Bearer token: \S+\n/.test(stdout) || mcp.exitCode !== null,
    120_000,
    'the endpoint and token',
  );
  if (mcp.exitCode !== null) throw new Error(`agent-factory mcp --http exited:\n${stderr}`);
  const endpoint = new URL(/^MCP endpoint: (\S+)$/m.exec(stdout)![1]!);
  const token = /^Bearer token: (\S+)$/m.exec(stdout)![1]!;
  proxy = await startProxy(endpoint, token);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  if (mcp && mcp.exitCode === null) {
    const exited = new Promise((resolve) => mcp.once('exit', resolve));
    mcp.kill('SIGTERM');
    await exited;
  }
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  rmSync(root, { recursive: true, force: true });
});

describe('MCP conformance: server scenarios against agent-factory mcp --http', { timeout: 120_000 }, () => {
  test.each([
    'server-initialize',
    'ping',
    'tools-list',
    'logging-set-level',
    'completion-complete',
    'resources-list',
    'resources-subscribe',
    'resources-unsubscribe',
    'prompts-list',
    'server-sse-multiple-streams',
    'dns-rebinding-protection',
  ])('%s passes', async (scenario) => {
    const checks = await runScenario(scenario);
    expect(checks.length).toBeGreaterThan(0);
    const failed = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
    expect(failed).toEqual([]);
    expect(checks.some((c) => c.status === 'SUCCESS')).toBe(true);
  });
});
