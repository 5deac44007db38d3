import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultResponder, startFakeOllama, type FakeLlm } from '../fakes/index';
import { TINY_PNG, TINY_PNG_BASE64 } from '../fixtures/images';
import { launchBrowser, screenshot, trackPageErrors } from '../helpers/browser';
import { connectClient, startServe, tempDataDir, type Served } from '../helpers/serve';

/** Attaching files in the chat composer of the web UI: a browser uploads their bytes through `attachments.upload.*`. */
describe('attachments in the web UI (Chromium against serve with a fake Ollama)', () => {
  const dataDir = tempDataDir('af-attach-e2e-');
  let fake: FakeLlm;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const agents: Record<string, string> = {};

  beforeAll(async () => {
    fake = await startFakeOllama({ respond: defaultResponder });
    served = await startServe(dataDir, { OLLAMA_HOST: fake.url });
    const client = await connectClient(served);
    for (const [name, model] of [['Looker', 'llava'], ['Reader', 'llama3.2']] as const)
      agents[name] = (await client.call('agents.create', { name, model: { provider: 'ollama', model } })).id;
    client.close();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    errors = trackPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const open = async (agent: string) => {
    await page.goto(`${served.url}#/chat/${agents[agent]}`);
    await page.getByTestId('connection-status').and(page.locator('[data-status="connected"]')).waitFor();
  };
  const attach = async (...files: Array<{ name: string; mimeType: string; buffer: Buffer }>) => {
    await page.getByRole('button', { name: 'Attach files' }).click();
    await page.getByLabel('Choose files').setInputFiles(files);
  };
  const chips = () => page.getByRole('list', { name: 'Attached files' }).getByRole('listitem');

  it('uploads a text and an image, and the vision model gets both with the message', async () => {
    await open('Looker');
    await attach(
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Pick up the parcel at noon.\n') },
      { name: 'dot.png', mimeType: 'image/png', buffer: TINY_PNG },
    );
    await expect.poll(() => chips().count()).toBe(2);
    await expect.poll(() => page.getByRole('progressbar').count()).toBe(0);
    await screenshot(page, 'chat-attachments');
    const box = page.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill('What do these say?');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('chat-output').last().textContent(), { timeout: 20_000 }).toContain('You said: What do these say?');
    const user = fake.chats.at(-1)!.messages.at(-1)!;
    expect(user.content).toContain('Attached file notes.txt:\n```\nPick up the parcel at noon.');
    expect(user.images).toEqual([{ data: TINY_PNG_BASE64 }]);
    expect(await chips().count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('warns before sending an image to a model that cannot see, and says why the run was refused', async () => {
    await open('Reader');
    await attach({ name: 'dot.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.getByText('llama3.2 cannot see images: the message will be refused.').waitFor();
    const chats = fake.chats.length;
    const box = page.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill('Describe it');
    await box.press('Enter');
    await page.getByText(/llama3\.2 cannot see images \(dot\.png\)\..*Pick a vision model/).waitFor();
    expect(fake.chats.length).toBe(chats);
    // Removing the image lets the message go.
    await page.getByRole('button', { name: 'Remove dot.png' }).click();
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('chat-output').last().textContent(), { timeout: 20_000 }).toContain('You said: Describe it');
  });
});
