import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@shared/entities/agent';
import { defaultResponder, reply, startFakeOllama, type ChatView, type FakeLlm } from '../fakes/index';
import { TINY_PNG, TINY_PNG_BASE64 } from '../fixtures/images';
import { launchBrowser, screenshot, trackPageErrors } from '../helpers/browser';
import { connectClient, startServe, tempDataDir, type Served } from '../helpers/serve';
import { packageBin } from '../mcp/helpers';

const ANSWER_WITH_TABLE = [
  'Here are the depots [1]:',
  '',
  '| depot | spare key |',
  '| --- | --- |',
  '| North | under the blue flowerpot |',
  '',
  '```ts',
  "const where = 'flowerpot';",
  '```',
].join('\n');

/** Answers a request for "a table" with a Markdown table and a code block; otherwise the default conversation. */
const respond = (view: ChatView) => {
  const said = [...view.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return /\btable\b/i.test(said) ? reply.text(ANSWER_WITH_TABLE) : defaultResponder(view);
};

/**
 * A new user's whole path through the product, in Chromium against `serve` and a fake Ollama: build
 * an agent with a filesystem tool and a knowledge base in automatic mode, pick its model from the
 * list, chat in a thread and a new one, read a rendered Markdown answer with a citation, attach a text
 * and a picture, and restore an older revision of the agent.
 */
describe('an agent that joins everything (Chromium, serve, fake Ollama)', () => {
  const dataDir = tempDataDir('af-journey-');
  const files = join(dataDir, '..', `${dataDir.split('/').at(-1)}-files`);
  let fake: FakeLlm;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let agent: Agent;

  const userMessages = (view: ChatView | undefined) => (view?.messages ?? []).filter((m) => m.role === 'user').map((m) => m.content);
  const client = () => connectClient(served);

  beforeAll(async () => {
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'depots.md'), '# Depots\n\nThe spare key of the North depot is kept under the blue flowerpot by the door.\n');
    fake = await startFakeOllama({
      respond,
      models: ['llama3.2', { id: 'llava', capabilities: ['completion', 'tools', 'vision'], contextLength: 32768 }],
    });
    served = await startServe(dataDir, { OLLAMA_HOST: fake.url });
    const c = await client();
    await c.call('mcp.servers.create', {
      name: 'files',
      transport: { type: 'stdio', command: process.execPath, args: [packageBin('@modelcontextprotocol/server-filesystem'), files] },
    });
    const kb = await c.call('kb.create', { name: 'Depot notes' });
    const job = await c.call('kb.ingest', { kbId: kb.id, paths: [join(files, 'depots.md')] });
    for (let i = 0; i < 600 && (await c.call('kb.job', { id: job.id })).job.status !== 'done'; i++) await new Promise((r) => setTimeout(r, 100));
    c.close();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 960 } })).newPage();
    errors = trackPageErrors(page);
    await page.goto(`${served.url}#/agents`);
    await page.getByTestId('connection-status').and(page.locator('[data-status="connected"]')).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it('builds the agent: model from the list, a filesystem tool, a knowledge base in automatic mode', async () => {
    await page.getByRole('button', { name: 'Create your first agent' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Depot keeper');
    const model = page.getByRole('combobox', { name: 'Model' });
    await model.click();
    await model.fill('lla');
    await page.getByRole('option', { name: /llava/ }).click();
    await expect.poll(() => model.inputValue()).toBe('llava');

    await page.getByRole('radiogroup', { name: 'Tools of files' }).getByRole('radio', { name: 'All tools' }).click();
    await page.getByRole('group', { name: 'Knowledge bases' }).getByLabel('Depot notes').check();
    await page.getByRole('radiogroup', { name: 'Retrieval mode' }).getByRole('radio', { name: 'Automatic' }).click();
    await screenshot(page, 'journey-builder');
    await page.getByRole('button', { name: 'Create agent' }).click();

    const c = await client();
    await expect.poll(async () => (await c.call('agents.list', {})).length, { timeout: 15_000 }).toBe(1);
    agent = (await c.call('agents.list', {}))[0]!;
    c.close();
    expect(agent).toMatchObject({
      model: { provider: 'ollama', model: 'llava' },
      tools: [{ kind: 'mcp-server', serverId: expect.any(String) }],
      knowledgeBaseIds: [expect.any(String)],
      knowledge: { mode: 'auto' },
    });
  });

  it('saves a second revision', async () => {
    await page.getByLabel('System prompt').fill('Answer in one short paragraph.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('agent-revision').count(), { timeout: 15_000 }).toBe(2);
  });

  const send = async (text: string) => {
    const box = page.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill(text);
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('chat-input').last().textContent()).toBe(text);
  };
  const lastOutput = () => page.getByTestId('chat-output').last();

  it('chats two turns in one thread: the second view shows both, and the model received both', async () => {
    await page.goto(`${served.url}#/chat/${agent.id}`);
    await send('Hello depot keeper');
    // The first run starts the filesystem server: its command needs the user's approval once.
    const dialog = page.getByRole('dialog', { name: 'Start files?' });
    await dialog.waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Always allow' }).click();
    await expect.poll(() => lastOutput().textContent(), { timeout: 60_000 }).toContain('You said: Hello depot keeper');
    const first = fake.chats.at(-1)!;
    expect(first.tools.some((t) => t.startsWith('files__'))).toBe(true);
    // Automatic retrieval: the passage is in the context, numbered.
    expect(first.messages.find((m) => m.role === 'system')?.content).toContain('[1] ');
    expect(first.messages.find((m) => m.role === 'system')?.content).toContain('blue flowerpot');

    await send('Show me a table of the depots');
    await expect.poll(() => lastOutput().locator('table').count(), { timeout: 30_000 }).toBe(1);
    expect(userMessages(fake.chats.at(-1))).toEqual(['Hello depot keeper', 'Show me a table of the depots']);
    expect(await page.getByTestId('chat-input').allTextContents()).toEqual(['Hello depot keeper', 'Show me a table of the depots']);
    // Markdown: a table, a highlighted code block with a copy button, and [1] as a chip to the chunk.
    expect(await lastOutput().locator('td').allTextContents()).toEqual(['North', 'under the blue flowerpot']);
    expect(await lastOutput().locator('pre code').textContent()).toContain("const where = 'flowerpot';");
    await lastOutput().getByRole('button', { name: /copy/i }).first().waitFor();
    await screenshot(page, 'journey-chat');
    await lastOutput().getByRole('button', { name: 'Open source 1' }).click();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/knowledge\/[\w-]+\/documents\/[\w-]+\/0$/);
    await page.goBack();
  });

  it('attaches a text file and a picture, which the vision model receives with the message', async () => {
    await page.getByTestId('chat-output').first().waitFor();
    await page.getByRole('button', { name: 'Attach files' }).click();
    await page.getByLabel('Choose files').setInputFiles([
      { name: 'route.txt', mimeType: 'text/plain', buffer: Buffer.from('Take the coast road, then the second left.\n') },
      { name: 'map.png', mimeType: 'image/png', buffer: TINY_PNG },
    ]);
    await expect.poll(() => page.getByRole('list', { name: 'Attached files' }).getByRole('listitem').count()).toBe(2);
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 20_000 }).toBe(0);
    await send('How do I get there?');
    await expect.poll(() => lastOutput().textContent(), { timeout: 60_000 }).toContain('You said: How do I get there?');
    const user = fake.chats.at(-1)!.messages.at(-1)!;
    expect(user.content).toContain('Take the coast road, then the second left.');
    expect(user.images).toEqual([{ data: TINY_PNG_BASE64 }]);
  });

  it('starts a new thread whose request holds only its own message', async () => {
    await page.getByRole('button', { name: 'New chat' }).click();
    await send('A fresh start');
    await expect.poll(() => lastOutput().textContent(), { timeout: 60_000 }).toContain('You said: A fresh start');
    expect(userMessages(fake.chats.at(-1))).toEqual(['A fresh start']);
    await expect.poll(() => page.getByRole('list', { name: 'Threads of this agent' }).getByRole('link').count()).toBe(2);
    await screenshot(page, 'journey-new-thread');
  });

  it('restores the first revision of the agent', async () => {
    const first = agent.revision;
    await page.goto(`${served.url}#/agents/${agent.id}`);
    await page.getByRole('button', { name: `Restore revision ${first}` }).click();
    await page.getByRole('dialog', { name: `Restore revision ${first}?` }).getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => page.getByTestId('agent-revision').count(), { timeout: 15_000 }).toBe(3);
    const c = await client();
    const restored = await c.call('agents.get', { id: agent.id });
    c.close();
    expect(restored).toMatchObject({ revision: first + 2, systemPrompt: '', model: { model: 'llava' }, knowledge: { mode: 'auto' } });
    await expect.poll(() => page.getByLabel('System prompt').inputValue()).toBe('');
    await screenshot(page, 'journey-restored');
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
