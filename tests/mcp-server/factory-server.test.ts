import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@shared/entities/agent';
import { isAlive } from '../../src-main/engine/mcp/process-tree';
import {
  defaultResponder,
  reply,
  startFakeOllama,
  type ChatView,
  type FakeLlm,
} from '../fakes/index';
import {
  CLI,
  connectClient,
  requireBuild,
  runCli,
  startServe,
  type Served,
} from '../helpers/serve';
import { packageBin, until } from '../mcp/helpers';
import { processesWith } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'af-factory-mcp-'));
const files = join(root, 'files');
const forbidden = join(files, 'denied.txt');
let fake: FakeLlm;

/** Writes with the filesystem tool when offered it; otherwise the default conversation. */
const respond = (view: ChatView) =>
  view.messages.at(-1)?.role === 'user' && view.tools.includes('files__write_file')
    ? reply.toolCalls([
        {
          name: 'files__write_file',
          arguments: { path: forbidden, content: 'must not be written' },
        },
      ])
    : defaultResponder(view);

interface Connected {
  client: Client;
  transport: StdioClientTransport;
  /** Protocol errors the client saw (a stray line on stdout would be one). */
  errors: Error[];
  stderr: () => string;
}

/** `agent-factory mcp` as Claude Desktop starts it: a child process spoken to over stdio. */
async function connectStdio(dataDir: string): Promise<Connected> {
  requireBuild();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, '--data-dir', dataDir, 'mcp'],
    env: { ...process.env, OLLAMA_HOST: fake.url } as Record<string, string>,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const errors: Error[] = [];
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  return { client, transport, errors, stderr: () => stderr };
}

/** Closes the client (stdin ends) and waits until the server process has exited. */
async function disconnect(c: Connected): Promise<void> {
  const pid = c.transport.pid!;
  await c.client.close();
  await until(() => !isAlive(pid), 30_000, 'agent-factory mcp to exit');
}

const text = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;

beforeAll(async () => {
  mkdirSync(files);
  fake = await startFakeOllama({ respond });
});
afterAll(async () => {
  await fake.close();
  rmSync(root, { recursive: true, force: true });
});

// Each step opens the engine in a new process: generous timeouts for a loaded 2-core machine.
describe('agent-factory mcp, in-process', { timeout: 300_000 }, () => {
  const dataDir = join(root, 'local');
  let helper: Agent;

  beforeAll(async () => {
    const created = await runCli(dataDir, [
      'agents',
      'create',
      '--name',
      'Helper',
      '--model',
      'ollama:test-model',
      '--description',
      'Repeats you',
      '--json',
    ]);
    helper = JSON.parse(created.stdout) as Agent;
  });

  it('serves tools and agent resources over stdio, and runs an agent to its answer', async () => {
    const c = await connectStdio(dataDir);
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'knowledge_search',
      'list_agents',
      'run_agent',
    ]);
    expect(tools.find((t) => t.name === 'run_agent')?.inputSchema).toMatchObject({
      required: ['agent', 'input'],
    });

    const listed = await c.client.callTool({ name: 'list_agents', arguments: {} });
    expect(listed.structuredContent).toEqual({
      agents: [
        {
          id: helper.id,
          name: 'Helper',
          description: 'Repeats you',
          model: 'ollama:test-model',
          tags: [],
        },
      ],
    });

    const { resources } = await c.client.listResources();
    expect(resources).toContainEqual(
      expect.objectContaining({
        uri: `agent-factory://agents/${helper.id}`,
        name: 'Helper',
        mimeType: 'application/json',
      }),
    );
    const read = await c.client.readResource({ uri: `agent-factory://agents/${helper.id}` });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual(helper);
    await expect(
      c.client.readResource({ uri: 'agent-factory://agents/no-such-agent' }),
    ).rejects.toThrow(/Resource not found/);

    const ran = await c.client.callTool({
      name: 'run_agent',
      arguments: { agent: 'helper', input: 'Say hi' },
    });
    expect(ran.isError).toBeFalsy();
    expect(text(ran)).toBe('You said: Say hi');
    expect(ran.structuredContent).toMatchObject({
      agent: 'Helper',
      status: 'succeeded',
      output: 'You said: Say hi',
    });

    const unknown = await c.client.callTool({
      name: 'run_agent',
      arguments: { agent: 'nobody', input: 'hi' },
    });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain('Error (NOT_FOUND): No agent "nobody".');

    // Either the knowledge methods answer (no knowledge base yet) or the tool says they are missing.
    const searched = await c.client.callTool({
      name: 'knowledge_search',
      arguments: { query: 'anything' },
    });
    expect(searched.isError).toBe(true);
    expect(text(searched)).toMatch(
      /^(Knowledge search is not available|Error \(NOT_FOUND\): There are no knowledge bases yet)/,
    );

    expect(c.errors).toEqual([]);
    expect(c.stderr()).toContain('agent-factory mcp: serving over stdio');
    await disconnect(c);
    expect(processesWith(root)).toEqual([]);
  });

  it('serves Streamable HTTP on 127.0.0.1 only with the bearer token it printed once', async () => {
    const proc = spawn(
      process.execPath,
      [CLI, '--data-dir', dataDir, 'mcp', '--http', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) =>
      proc.once('exit', (code) => resolve(code)),
    );
    let stdout = '';
    const lines = createInterface({ input: proc.stdout });
    lines.on('line', (line) => (stdout += `${line}\n`));
    await until(
      () => /Bearer token: \S+\n/.test(stdout) || proc.exitCode !== null,
      120_000,
      'the endpoint and token',
    );
    const endpoint = /^MCP endpoint: (http:\/\/127\.0\.0\.1:\d+\/mcp)$/m.exec(stdout)![1]!;
    const token = /^Bearer token: (\S+)$/m.exec(stdout)![1]!;

    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          endpoint,
          {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Accept: 'application/json, text/event-stream',
              ...headers,
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }));
      });
    expect(await post({})).toBe(401);
    expect(await post({ Authorization: 'Bearer not-the-token' })).toBe(401);
    expect(await post({ Authorization: `Bearer ${token}`, Host: 'evil.example:80' })).toBe(421);
    expect(await post({ Authorization: `Bearer ${token}`, Origin: 'https://evil.example' })).toBe(
      403,
    );

    const client = new Client({ name: 'http-test-client', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(endpoint), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    const listed = await client.callTool({ name: 'list_agents', arguments: {} });
    expect(
      (listed.structuredContent as { agents: Array<{ name: string }> }).agents.map((a) => a.name),
    ).toEqual(['Helper']);
    await client.close();

    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout.split(token).length - 1).toBe(1);
    expect(processesWith(root)).toEqual([]);
  });
});

describe('agent-factory mcp, through a running app', { timeout: 300_000 }, () => {
  const dataDir = join(root, 'served');
  let served: Served;

  beforeAll(async () => {
    served = await startServe(dataDir, { OLLAMA_HOST: fake.url });
    const api = await connectClient(served);
    // The user approves the filesystem server's command once, in the app; its tools stay on "ask".
    api.subscribe(
      'mcp.approval.requested',
      (r) => void api.call('approvals.respond', { id: r.id, decision: 'allow-always' }),
    );
    const { server } = await api.call('mcp.servers.create', {
      name: 'files',
      transport: {
        type: 'stdio',
        command: process.execPath,
        args: [packageBin('@modelcontextprotocol/server-filesystem'), files],
      },
    });
    await api.call('mcp.servers.start', { id: server.id });
    await api.call('agents.create', {
      name: 'Writer',
      model: { provider: 'ollama', model: 'test-model' },
      tools: [{ kind: 'mcp-tool', serverId: server.id, tool: 'write_file' }],
    });
    api.close();
  });
  afterAll(async () => {
    await served?.stop();
  });

  it('denies the tool calls of a run that would need approval, and the run goes on', async () => {
    const c = await connectStdio(dataDir);
    const listed = await c.client.callTool({ name: 'list_agents', arguments: {} });
    expect(text(listed)).toContain('Writer');

    const ran = await c.client.callTool({
      name: 'run_agent',
      arguments: { agent: 'Writer', input: 'Write the file' },
    });
    expect(ran.isError).toBeFalsy();
    expect(text(ran)).toBe(
      'The tool returned: The user denied this tool call. Do not try it again; continue without it.',
    );
    expect(existsSync(forbidden)).toBe(false);
    expect(c.stderr()).toContain('run_agent: denied files__write_file');

    const api = await connectClient(served);
    const runId = (ran.structuredContent as { runId: string }).runId;
    const trace = await api.call('runs.trace', { runId });
    expect(trace.events.map((e) => e.type)).toContain('tool.call.denied');
    api.close();
    await disconnect(c);
  });
});
