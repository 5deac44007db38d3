import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '@shared/api/index';
import type { Agent } from '@shared/entities/agent';
import { createFactoryMcpServer } from '../../src-main/transport/mcp-server/index';
import { AGENT_URI } from '../../src-main/transport/mcp-server/resources';
import { defaultResponder } from '../fakes/index';
import { useEngineHarness } from '../helpers/engine-harness';
import { until } from '../mcp/helpers';

/** The factory's MCP server over the real engine, spoken to by the SDK's client in this process. */
describe('the factory MCP server: prompts, completion, logging, subscriptions', () => {
  const harness = useEngineHarness({ prefix: 'af-mcp-features-', respond: defaultResponder, origin: 'cli' });
  let api: ApiClient;
  let server: McpServer;
  let client: Client;
  const logs: LoggingMessageNotification['params'][] = [];
  const updated: string[] = [];
  const listChanged = { resources: 0, prompts: 0 };
  let reviewer: Agent;

  beforeAll(async () => {
    api = {
      call: harness.call,
      subscribe: (event, listener) => harness.engine.bus.subscribe(event, listener),
    };
    reviewer = await api.call('agents.create', {
      name: 'Code Reviewer',
      description: 'Reviews code',
      model: { provider: 'ollama', model: 'test-model' },
    });
    server = createFactoryMcpServer(api, { version: 'test' });
    client = new Client({ name: 'features-test', version: '1.0.0' });
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged.resources++);
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => void listChanged.prompts++);
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(a), client.connect(b)]);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('declares what it offers', () => {
    expect(client.getServerCapabilities()).toMatchObject({
      tools: {},
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      logging: {},
      completions: {},
    });
  });

  it('offers each agent as a prompt that asks to run it', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts).toEqual([
      {
        name: 'code-reviewer',
        title: 'Code Reviewer',
        description: 'Reviews code',
        arguments: [{ name: 'task', description: 'What the agent should do', required: true }],
      },
    ]);
    const got = await client.getPrompt({ name: 'code-reviewer', arguments: { task: 'Review main.ts' } });
    const text = (got.messages[0]!.content as { text: string }).text;
    expect(got.messages[0]!.role).toBe('user');
    expect(text).toContain(`run_agent tool of Agent Factory to give this task to the agent "Code Reviewer" (agent: "${reviewer.id}")`);
    expect(text).toContain('Task:\nReview main.ts');
    await expect(client.getPrompt({ name: 'nobody', arguments: { task: 'x' } })).rejects.toThrow(/Prompt nobody not found/);
    await expect(client.getPrompt({ name: 'code-reviewer', arguments: {} })).rejects.toThrow(/"task" is required/);
  });

  it('sends log messages of a run at or above the level the client set', async () => {
    await client.setLoggingLevel('debug');
    const ran = await client.callTool({ name: 'run_agent', arguments: { agent: 'Code Reviewer', input: 'Review the README' } });
    expect(ran.isError).toBeFalsy();
    expect(logs.map((l) => l.level)).toEqual(['info', 'debug', 'info']);
    expect(logs[0]).toEqual({ level: 'info', logger: 'agent-factory', data: 'run_agent: running "Code Reviewer"' });
    expect(logs[1]!.data).toMatch(/^run_agent: step 1: asking /);
    expect(logs[2]!.data).toMatchObject({ status: 'succeeded', message: 'run_agent: the run of "Code Reviewer" ended succeeded' });

    logs.length = 0;
    await client.setLoggingLevel('warning');
    await client.callTool({ name: 'run_agent', arguments: { agent: 'Code Reviewer', input: 'Review the docs' } });
    const failed = await client.callTool({ name: 'run_agent', arguments: { agent: 'nobody', input: 'hi' } });
    expect(failed.isError).toBe(true);
    expect(logs.map((l) => l.level)).toEqual(['error']);
    expect(logs[0]!.data).toContain('run_agent: "nobody" did not run: No agent "nobody".');
  });

  it('completes a prompt’s task from the agent’s recent tasks, and template variables', async () => {
    const task = await client.complete({
      ref: { type: 'ref/prompt', name: 'code-reviewer' },
      argument: { name: 'task', value: 'review the r' },
    });
    expect(task.completion).toEqual({ values: ['Review the README'], total: 1, hasMore: false });
    const ids = await client.complete({
      ref: { type: 'ref/resource', uri: AGENT_URI },
      argument: { name: 'id', value: 'code' },
    });
    expect(ids.completion.values).toEqual([reviewer.id]);
    // Nothing to complete is an empty list, not an error.
    const unknown = await client.complete({
      ref: { type: 'ref/prompt', name: 'nobody' },
      argument: { name: 'task', value: '' },
    });
    expect(unknown.completion.values).toEqual([]);
  });

  it('notifies subscribers of a changed agent, and everyone of changed lists', async () => {
    const uri = `agent-factory://agents/${reviewer.id}`;
    await client.subscribeResource({ uri });
    const before = { ...listChanged };
    await api.call('agents.update', { id: reviewer.id, patch: { description: 'Reviews code closely' } });
    await until(() => updated.includes(uri), 5000, 'resources/updated');
    await until(() => listChanged.prompts > before.prompts && listChanged.resources > before.resources, 5000, 'list_changed');
    expect((await client.listPrompts()).prompts[0]!.description).toBe('Reviews code closely');

    await client.unsubscribeResource({ uri });
    updated.length = 0;
    const other = await api.call('agents.create', { name: 'Writer', model: { provider: 'ollama', model: 'test-model' } });
    await api.call('agents.update', { id: reviewer.id, patch: { description: 'Reviews code' } });
    await until(() => listChanged.prompts > before.prompts + 1, 5000, 'list_changed after a new agent');
    expect(updated).toEqual([]);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['code-reviewer', 'writer']));
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain(`agent-factory://agents/${other.id}`);
  });
});
