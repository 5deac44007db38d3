import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { PromptListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, connectClient, requireBuild, runCli, startServe } from '../helpers/serve';
import { until } from '../mcp/helpers';
import { processesWith } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'af-mcp-shared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface HttpMcp {
  proc: ChildProcess;
  endpoint: string;
  token: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `agent-factory mcp --http` on the folder, once it printed its endpoint and token. */
async function startMcpHttp(dataDir: string): Promise<HttpMcp> {
  requireBuild();
  const proc = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'mcp', '--http'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: proc.stdout }).on('line', (line) => (stdout += `${line}\n`));
  await until(() => /Bearer token: \S+\n/.test(stdout) || proc.exitCode !== null, 120_000, 'the endpoint');
  if (proc.exitCode !== null) throw new Error(`mcp --http exited ${proc.exitCode}:\n${stderr}`);
  return {
    proc,
    endpoint: /^MCP endpoint: (\S+)$/m.exec(stdout)![1]!,
    token: /^Bearer token: (\S+)$/m.exec(stdout)![1]!,
    stderr: () => stderr,
    exited,
  };
}

/** An MCP client over HTTP that counts `prompts/list_changed` (agents are prompts). */
async function httpClient(mcp: HttpMcp): Promise<{ client: Client; promptChanges: () => number }> {
  let changes = 0;
  const client = new Client({ name: 'shared-engine-test', version: '1.0.0' });
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => void changes++);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcp.endpoint), {
      requestInit: { headers: { Authorization: `Bearer ${mcp.token}` } },
    }),
  );
  return { client, promptChanges: () => changes };
}

describe('agent-factory mcp shares one engine per data folder', { timeout: 300_000 }, () => {
  it('attaches to a running serve, sees its changes live, and stops with it', async () => {
    const dataDir = join(root, 'beside-serve');
    const served = await startServe(dataDir);
    const mcp = await startMcpHttp(dataDir);
    expect(mcp.stderr()).toContain(`attached to the running Agent Factory of ${dataDir}`);
    const { client, promptChanges } = await httpClient(mcp);
    expect((await client.listPrompts()).prompts).toEqual([]);

    const api = await connectClient(served);
    await api.call('agents.create', { name: 'Planner', model: { provider: 'ollama', model: 'test-model' } });
    api.close();
    await until(() => promptChanges() > 0, 15_000, 'prompts/list_changed from the app');
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['planner']);
    await client.close();

    expect(await served.stop()).toBe(0);
    expect(await mcp.exited).toBe(0);
    expect(mcp.stderr()).toContain('stopped; stopping');
  });

  it('shares the engine it opened: CLI commands and a second mcp attach to it', async () => {
    const dataDir = join(root, 'owner');
    const mcp = await startMcpHttp(dataDir);
    expect(mcp.stderr()).toContain(`opened ${dataDir}`);
    const { client, promptChanges } = await httpClient(mcp);

    const created = await runCli(dataDir, ['agents', 'create', '--name', 'Scribe', '--model', 'ollama:test-model']);
    expect(created.stderr).not.toContain('CONFLICT');
    expect(created.code).toBe(0);
    await until(() => promptChanges() > 0, 15_000, 'prompts/list_changed from the CLI');

    const second = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, '--data-dir', dataDir, 'mcp'],
      stderr: 'pipe',
    });
    let secondErr = '';
    second.stderr?.on('data', (d: Buffer) => (secondErr += d.toString()));
    const stdio = new Client({ name: 'second', version: '1.0.0' });
    await stdio.connect(second);
    const listed = await stdio.callTool({ name: 'list_agents', arguments: {} });
    expect((listed.structuredContent as { agents: Array<{ name: string }> }).agents.map((a) => a.name)).toEqual(['Scribe']);
    expect(secondErr).toContain('attached to the running Agent Factory');
    await stdio.close();
    await client.close();

    mcp.proc.kill('SIGTERM');
    expect(await mcp.exited).toBe(0);
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    await until(() => processesWith(dataDir).length === 0, 30_000, 'every mcp process to exit');
  });
});
