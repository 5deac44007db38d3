import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import { connectClient, type Served } from '../helpers/serve';
import { startUiSession, type UiSession } from '../helpers/ui-session';

/**
 * The MCP page against the real engine: the catalog's filesystem server (the installed
 * @modelcontextprotocol/server-filesystem, found by npx in this project) runs as a real child process.
 */
describe('MCP servers in the web UI (Chromium against npm run serve)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'af-mcp-files-'));
  writeFileSync(join(folder, 'notes.txt'), 'hello from the MCP e2e test\n');
  let session: UiSession;
  let served: Served;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await startUiSession({ route: '#/mcp', viewport: { width: 1280, height: 800 } });
    ({ served, page, errors } = session);
  });
  afterAll(async () => {
    await session?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const server = () => page.getByTestId('mcp-server-item').filter({ hasText: 'filesystem' });
  const tool = (name: string) => page.locator(`[data-testid="mcp-tool"][data-tool="${name}"]`);
  const run = async (row: Locator, args: Record<string, string>) => {
    await row.getByRole('button').first().click();
    for (const [label, value] of Object.entries(args))
      await row.getByLabel(label, { exact: true }).fill(value);
    await row.getByRole('button', { name: 'Run tool' }).click();
    return row.getByTestId('tool-result');
  };

  it('adds the filesystem server from the catalog and shows the exact command before it runs', async () => {
    await page.getByRole('button', { name: 'Add your first server' }).click();
    await page.getByRole('button', { name: 'Set up Filesystem' }).click();
    const folders = page.getByLabel('Folders', { exact: true });
    await folders.fill(folder);
    await folders.press('Enter');
    await page.getByRole('button', { name: 'Add server' }).click();

    const dialog = page.getByRole('dialog', { name: 'Start filesystem?' });
    await dialog.waitFor({ timeout: 30_000 });
    const commandLine = (await dialog.getByTestId('approval-command-line').textContent()) ?? '';
    expect(commandLine).toMatch(/npx -y @modelcontextprotocol\/server-filesystem /);
    expect(commandLine.endsWith(` ${folder}`)).toBe(true);
    expect(await server().getAttribute('data-state')).toBe('starting');
    await screenshot(page, 'mcp-launch-approval');

    await dialog.getByRole('button', { name: 'Allow once' }).click();
    await expect.poll(() => server().getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
  });

  it('lists its tools and runs two of them from the generated form', async () => {
    await page.getByRole('tab', { name: /^Tools/ }).click();
    await tool('list_directory').waitFor();
    const listing = await run(tool('list_directory'), { path: folder });
    await expect.poll(() => listing.textContent()).toContain('[FILE] notes.txt');

    const read = await run(tool('read_text_file'), { path: join(folder, 'notes.txt') });
    await expect.poll(() => read.textContent()).toContain('hello from the MCP e2e test');
    await screenshot(page, 'mcp-tool-result');
  });

  it('shows a tool error with its code, and counts every call in the metrics', async () => {
    const outside = await run(tool('get_file_info'), { path: '/etc/hostname' });
    const error = tool('get_file_info').getByTestId('tool-error');
    await error.waitFor();
    expect(await outside.count()).toBe(0);
    expect(await error.getAttribute('data-code')).toBe('TOOL_ERROR');

    await page.getByRole('tab', { name: 'Metrics' }).click();
    await expect.poll(() => page.getByTestId('metric-calls').textContent()).toBe('3');
    expect(await page.getByTestId('metric-errors').textContent()).toBe('1');
    const perTool = page.getByTestId('tool-metrics');
    const counted = await Promise.all(
      (await perTool.all()).map((row) => row.getAttribute('data-tool')),
    );
    expect(counted).toEqual(['get_file_info', 'list_directory', 'read_text_file']);
    await screenshot(page, 'mcp-metrics');

    const client = await connectClient(served);
    const [metrics] = await client.call('mcp.servers.metrics', {});
    expect(metrics).toMatchObject({ calls: 3, errors: 1 });
    client.close();
  });

  it('shows the server’s stderr in the log', async () => {
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect
      .poll(() => page.getByTestId('mcp-log').textContent())
      .toContain('Secure MCP Filesystem Server running on stdio');
  });

  it('stops the server', async () => {
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect
      .poll(() => server().getAttribute('data-state'), { timeout: 30_000 })
      .toBe('stopped');
  });

  it('ran without uncaught page errors', () => {
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
