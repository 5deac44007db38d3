import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, trackPageErrors } from '../helpers/browser';
import { connectClient, ROOT, runCli, startServe, tempDataDir, type Served } from '../helpers/serve';

/** The README's screenshot is refreshed from this test when UPDATE_SCREENSHOT=1. */
const updateReadmeShot = process.env.UPDATE_SCREENSHOT === '1';

describe('agents in the web UI (Chromium against npm run serve)', () => {
  const dataDir = tempDataDir();
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    served = await startServe(dataDir);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = trackPageErrors(page);
    await page.goto(served.url);
    await page.getByTestId('connection-status').and(page.locator('[data-status="connected"]')).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const items = () => page.getByTestId('agent-item');

  it('creates an agent and lists it', async () => {
    expect(await items().count()).toBe(0);
    await page.getByRole('button', { name: 'Create your first agent' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Research Assistant');
    await page.getByLabel('Description').fill('Finds and summarises sources.');
    await page.getByLabel('System prompt').fill('You are a careful research assistant. Cite sources.');
    await page.getByLabel('Model', { exact: true }).fill('llama3.2');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await expect.poll(() => items().allTextContents()).toEqual([expect.stringContaining('Research Assistant')]);
    await screenshot(page, 'agents-created');
  });

  it('edits it, and the change is stored', async () => {
    await items().first().click();
    await page.getByLabel('Description').fill('Finds, reads and summarises sources.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const client = await connectClient(served);
    await expect
      .poll(async () => (await client.call('agents.list', {}))[0]?.description)
      .toBe('Finds, reads and summarises sources.');
    client.close();
  });

  it('shows a validation error beside the field and saves nothing', async () => {
    const client = await connectClient(served);
    const before = await client.call('agents.list', {});
    await page.getByLabel('Name', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const nameError = page.locator('#' + (await page.getByLabel('Name', { exact: true }).getAttribute('id')) + '-error');
    await expect.poll(() => nameError.textContent()).toMatch(/required/i);
    await screenshot(page, 'agents-validation-error');
    expect(await client.call('agents.list', {})).toEqual(before);
    client.close();
  });

  it('shows the server’s error beside the field when the name is taken', async () => {
    await page.getByRole('button', { name: 'New agent' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('research assistant');
    await page.getByLabel('Model', { exact: true }).fill('llama3.2');
    await page.getByRole('button', { name: 'Create agent' }).click();
    const nameError = page.locator('#' + (await page.getByLabel('Name', { exact: true }).getAttribute('id')) + '-error');
    await expect.poll(() => nameError.textContent()).toMatch(/already used/);
    expect(await items().count()).toBe(1);
  });

  it('shows an agent created from the CLI live, without a reload', async () => {
    const result = await runCli(dataDir, ['agents', 'create', '--name', 'Planner', '--model', 'ollama:qwen3', '--tag', 'planning']);
    expect(result.code).toBe(0);
    await expect.poll(() => items().allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Planner'), expect.stringContaining('Research Assistant')]),
    );
    const shot = await screenshot(page, 'agents-list');
    if (updateReadmeShot) {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      copyFileSync(shot, join(ROOT, 'docs/screenshot.png'));
    }
  });

  it('deletes an agent after confirmation', async () => {
    await items().filter({ hasText: 'Planner' }).click();
    await page.getByRole('button', { name: 'Delete' }).first().click();
    await page.getByRole('button', { name: 'Delete agent' }).click();
    await expect.poll(() => items().allTextContents()).toEqual([expect.stringContaining('Research Assistant')]);
    const client = await connectClient(served);
    expect((await client.call('agents.list', {})).map((a) => a.name)).toEqual(['Research Assistant']);
    client.close();
  });

  it('ran without uncaught page errors', () => {
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
