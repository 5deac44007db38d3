import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsClient } from '@shared/client/ws-client';
import { reply } from '../fakes/index';
import { screenshot } from '../helpers/browser';
import { connectClient } from '../helpers/serve';
import { PARROT, startUiSession, type UiSession } from '../helpers/ui-session';
import { packageBin } from '../mcp/helpers';

/**
 * A server's elicitation and sampling requests answered in the web UI (Chromium against `serve`),
 * with the real server-everything: its tools ask for a form and for a model call; the model is the
 * fake Ollama.
 */
describe('MCP server requests in the web UI', () => {
  let session: UiSession;
  let page: Page;
  let client: WsClient;
  let serverId = '';

  beforeAll(async () => {
    session = await startUiSession({
      route: '#/mcp',
      respond: () => reply.text('Teal, said the model'),
      agent: PARROT,
      prepare: async (c) => {
        c.subscribe('mcp.approval.requested', (r) => void c.call('approvals.respond', { id: r.id, decision: 'allow-always' }));
        const view = await c.call('mcp.servers.create', {
          name: 'everything',
          transport: { type: 'stdio', command: process.execPath, args: [packageBin('@modelcontextprotocol/server-everything')] },
          approval: { default: 'allow', tools: {} },
          autoStart: false,
        });
        serverId = view.server.id;
        await c.call('mcp.servers.start', { id: serverId });
      },
    });
    page = session.page;
    client = await connectClient(session.served);
  }, 120_000);
  afterAll(async () => {
    client?.close();
    await session?.close();
  });

  const callTool = (tool: string, args: Record<string, unknown> = {}) =>
    client.call('mcp.servers.callTool', { id: serverId, tool, arguments: args });
  const text = (result: { content: Array<Record<string, unknown>> }) => result.content.map((c) => String(c.text ?? '')).join('\n');

  it('elicitation: the form opens on any page, with the defaults filled in; Send returns what was typed', async () => {
    const pending = callTool('trigger-elicitation-request');
    const dialog = page.getByTestId('elicitation-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('String with default').inputValue()).toBe('It was a dark and stormy night.');
    await page.getByLabel('String *').fill('Ada Lovelace');
    await screenshot(page, 'mcp-elicitation');
    await page.getByRole('button', { name: 'Send' }).click();
    const result = text(await pending);
    expect(result).toContain('User provided the requested information');
    expect(result).toContain('Ada Lovelace');
    await dialog.waitFor({ state: 'detached' });
  });

  it('sampling: the request shows its messages; approved with a chosen model, the model answers the server', async () => {
    const pending = callTool('trigger-sampling-request', { prompt: 'Name a colour' });
    const dialog = page.getByTestId('sampling-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Message 1 (user)').inputValue()).toContain('Name a colour');
    await page.getByLabel('Model (provider:model)').fill('ollama:llama3.2');
    await screenshot(page, 'mcp-sampling');
    await page.getByRole('button', { name: 'Send to the model' }).click();
    const result = text(await pending);
    expect(result).toContain('Teal, said the model');
    expect(result).toContain('ollama:llama3.2');
  });

  it('sampling: Deny refuses it; the server gets an error', async () => {
    const pending = callTool('trigger-sampling-request', { prompt: 'Again' }).then(text, (e: Error) => e.message);
    await page.getByTestId('sampling-dialog').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Deny' }).click();
    expect(await pending).toMatch(/denied by the user/);
  });
});
