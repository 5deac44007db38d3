import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { renderWithApi } from '../../test/render';
import { McpPage } from './McpPage';
import { McpMemoryApi } from './test-api';
import { McpApprovals } from './ApprovalDialog';

/** The shell mounts the approval dialogs on every page; these tests render the page with them. */
function McpPageWithApprovals() {
  return (
    <>
      <McpPage />
      <McpApprovals />
    </>
  );
}

let api: McpMemoryApi;

beforeEach(() => {
  api = new McpMemoryApi();
  window.location.hash = '#/mcp';
});
afterEach(cleanup);

const items = () => screen.queryAllByTestId('mcp-server-item');
const stateOf = (name: string) =>
  items()
    .find((item) => item.textContent?.includes(name))
    ?.getAttribute('data-state');
const field = (label: string) =>
  screen.getByLabelText(label, { selector: 'input, textarea, select' });
const errorOf = (label: string) => {
  const id = field(label).getAttribute('aria-describedby') ?? '';
  return id.endsWith('-error') ? document.getElementById(id)?.textContent : undefined;
};
const type = (label: string, value: string) =>
  fireEvent.change(field(label), { target: { value } });
const go = (hash: string) => act(() => void (window.location.hash = hash));
const stdio = (name: string) => ({
  name,
  transport: { type: 'stdio' as const, command: 'node', args: ['server.js'] },
});

describe('MCP servers page', () => {
  it('adds the filesystem server from the catalog, asks before launching it, and shows it ready', async () => {
    renderWithApi(<McpPageWithApprovals />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Add your first server' }));
    await go('#/mcp/new');
    const entry = (await screen.findAllByTestId('catalog-entry')).find(
      (e) => e.dataset.entry === 'filesystem',
    )!;
    expect(entry.textContent).toContain('Needs: Folders');
    fireEvent.click(within(entry).getByRole('button', { name: 'Set up Filesystem' }));

    await screen.findByRole('form', { name: 'Set up Filesystem' });
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));
    await waitFor(() => expect(errorOf('Folders')).toBe('Choose at least one folder'));
    type('Folders', '/home/me/My Notes');
    fireEvent.keyDown(field('Folders'), { key: 'Enter' });
    expect(screen.getByTestId('catalog-command').textContent).toBe(
      "npx -y @modelcontextprotocol/server-filesystem '/home/me/My Notes'",
    );
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));

    const dialog = await screen.findByRole('dialog', { name: 'Start filesystem?' });
    expect(within(dialog).getByTestId('approval-command-line').textContent).toBe(
      "/usr/bin/npx -y @modelcontextprotocol/server-filesystem '/home/me/My Notes'",
    );
    expect(stateOf('filesystem')).toBe('starting');
    const created = [...api.servers.values()][0]!;
    expect(created).toMatchObject({ roots: ['/home/me/My Notes'], approval: { default: 'ask' } });
    await waitFor(() => expect(window.location.hash).toBe(`#/mcp/${created.id}`));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Allow once' }));
    await waitFor(() => expect(stateOf('filesystem')).toBe('ready'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('stores a catalog server’s key in the secret store and refers to it by name', async () => {
    window.location.hash = '#/mcp/new/catalog';
    renderWithApi(<McpPageWithApprovals />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Set up GitHub' }));
    await screen.findByRole('form', { name: 'Set up GitHub' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Start it now' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));
    await waitFor(() =>
      expect(errorOf('Personal access token')).toBe('Personal access token is required'),
    );
    const key = field('Personal access token') as HTMLInputElement;
    expect(key.type).toBe('password');
    type('Personal access token', 'ghp_test_value');
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));

    await waitFor(() => expect(items()).toHaveLength(1));
    expect(api.calls.find((c) => c.method === 'secrets.set')?.input).toEqual({
      name: 'github.token',
      value: 'ghp_test_value',
    });
    const created = [...api.servers.values()][0]!;
    expect(created.secretEnv).toEqual({ GITHUB_TOKEN: 'github.token' });
    expect(JSON.stringify(created)).not.toContain('ghp_test_value');
    expect(api.calls.some((c) => c.method === 'mcp.servers.start')).toBe(false);
  });

  it('shows a start the user denied, and follows state events live', async () => {
    const view = api.addServer(stdio('local'));
    window.location.hash = `#/mcp/${view.server.id}`;
    renderWithApi(<McpPageWithApprovals />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Start' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await screen.findByText('The user did not allow starting "local".');
    expect(stateOf('local')).toBe('stopped');

    act(
      () =>
        void api.setState(view.server.id, 'crashed', {
          error: { code: 'UNAVAILABLE', message: 'exited with code 1' },
          nextRestartAt: new Date().toISOString(),
        }),
    );
    await waitFor(() => expect(stateOf('local')).toBe('crashed'));
    expect(screen.getByTestId('mcp-status-error').textContent).toBe('exited with code 1');
    expect(screen.getByText(/Restarting automatically at/)).toBeTruthy();
    act(() => void api.setState(view.server.id, 'ready', { toolCount: 2 }));
    await waitFor(() => expect(stateOf('local')).toBe('ready'));
    expect(items()[0]!.textContent).toContain('2 tools');
  });

  it('disables, enables, stops and deletes a server', async () => {
    const view = api.addServer(
      { ...stdio('tools'), approval: { default: 'allow', tools: {} } },
      'ready',
    );
    window.location.hash = `#/mcp/${view.server.id}`;
    renderWithApi(<McpPageWithApprovals />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(stateOf('tools')).toBe('stopped'));

    const enabled = screen.getByRole('switch', { name: 'Enabled' });
    fireEvent.click(enabled);
    await waitFor(() => expect(stateOf('tools')).toBe('disabled'));
    expect(enabled.getAttribute('aria-checked')).toBe('false');
    expect((screen.getByRole('button', { name: 'Start' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    // The state event can arrive before the disable call returns; the switch takes clicks again after.
    await waitFor(() => expect((enabled as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(enabled);
    await waitFor(() => expect(stateOf('tools')).toBe('stopped'));

    // The page shows the new state from the event before the enable call has returned.
    const remove = screen.getByRole('button', { name: 'Delete' }) as HTMLButtonElement;
    await waitFor(() => expect(remove.disabled).toBe(false));
    fireEvent.click(remove);
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete server' }),
    );
    await screen.findByText('No MCP servers yet');
    expect(api.servers.size).toBe(0);
  });

  it('imports Claude Desktop JSON: syntax errors with line and column, then a report', async () => {
    api.addServer(stdio('existing'));
    window.location.hash = '#/mcp/new/import';
    renderWithApi(<McpPageWithApprovals />, api);
    const box = await screen.findByLabelText('Claude Desktop config (mcpServers JSON)');
    type(
      'Claude Desktop config (mcpServers JSON)',
      '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() =>
      expect(errorOf('Claude Desktop config (mcpServers JSON)')).toBe(
        "Not valid JSON at line 4, column 5: Expected ',' or '}' after a property value",
      ),
    );
    expect((box as HTMLTextAreaElement).selectionStart).toBe(52);
    expect(api.calls.some((c) => c.method === 'mcp.servers.import')).toBe(false);

    type(
      'Claude Desktop config (mcpServers JSON)',
      '{ "mcpServers": { "bad": { "command": "" }, "worse": { "url": "ftp://x" } } }',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const problems = await screen.findByRole('list', { name: 'Problems' });
    expect(problems.textContent).toContain('mcpServers.bad.transport.command: Command is required');
    expect(problems.textContent).toContain('mcpServers.worse.transport.url');

    const json = {
      mcpServers: {
        git: { command: 'uvx', args: ['mcp-server-git'] },
        existing: { command: 'node', args: ['v2.js'] },
      },
    };
    type('Claude Desktop config (mcpServers JSON)', JSON.stringify(json));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const report = await screen.findByTestId('import-report');
    expect(report.textContent).toContain('Added (1)git');
    expect(report.textContent).toContain('Updated (1)existing');
    await waitFor(() => expect(items()).toHaveLength(2));
  });

  it('adds a stdio server by hand, with arguments as a list and environment variables', async () => {
    window.location.hash = '#/mcp/new/manual';
    renderWithApi(<McpPageWithApprovals />, api);
    await screen.findByRole('form', { name: 'Add a server by hand' });
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));
    await waitFor(() => expect(errorOf('Name')).toBe('Name is required'));
    expect(errorOf('Command')).toBe('Command is required');

    type('Name', 'Local tools');
    type('Command', 'node');
    for (const arg of ['/srv/my server.js', '--flag,with,commas']) {
      type('Arguments', arg);
      fireEvent.keyDown(field('Arguments'), { key: 'Enter' });
    }
    fireEvent.click(screen.getByRole('button', { name: /Add variable/ }));
    type('Name of variable 1', 'LOG_LEVEL');
    type('Value of variable 1', 'debug');
    type('Working folder', 'relative');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Start it now' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));
    await waitFor(() => expect(errorOf('Working folder')).toBe('Use an absolute path'));
    type('Working folder', '/srv');
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));

    await waitFor(() => expect(items()).toHaveLength(1));
    expect([...api.servers.values()][0]).toMatchObject({
      name: 'Local tools',
      transport: {
        type: 'stdio',
        command: 'node',
        args: ['/srv/my server.js', '--flag,with,commas'],
        env: { LOG_LEVEL: 'debug' },
        cwd: '/srv',
      },
    });
    expect(api.calls.some((c) => c.method === 'mcp.servers.start')).toBe(false);
  });

  it('adds a remote server with headers', async () => {
    window.location.hash = '#/mcp/new/manual';
    renderWithApi(<McpPageWithApprovals />, api);
    await screen.findByRole('form', { name: 'Add a server by hand' });
    type('Name', 'remote');
    fireEvent.change(field('Transport'), { target: { value: 'http' } });
    type('URL', 'https://mcp.example.com/mcp');
    fireEvent.click(screen.getByRole('button', { name: /Add header/ }));
    type('Name of header 1', 'X-Team');
    type('Value of header 1', 'blue');
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));
    await waitFor(() => expect(items()).toHaveLength(1));
    expect([...api.servers.values()][0]!.transport).toEqual({
      type: 'http',
      url: 'https://mcp.example.com/mcp',
      headers: { 'X-Team': 'blue' },
      fallbackToSse: true,
    });
  });

  it('edits a server and shows the server’s error beside the field', async () => {
    api.addServer(stdio('taken'));
    const view = api.addServer(stdio('mine'));
    window.location.hash = `#/mcp/${view.server.id}/settings`;
    renderWithApi(<McpPageWithApprovals />, api);
    await screen.findByRole('form', { name: 'Settings of mine' });
    type('Name', 'taken');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(errorOf('Name')).toBe('Already used by another server'));

    type('Name', 'renamed');
    type('Argument 1', 'other.js');
    type('Tool timeout (seconds)', '30');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved.');
    expect(api.servers.get(view.server.id)).toMatchObject({
      name: 'renamed',
      transport: { args: ['other.js'] },
      toolTimeoutMs: 30_000,
    });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('renamed');
  });

  it('says so when the list cannot load, and retries', async () => {
    api.failNext(
      'mcp.servers.list',
      new AppError('UNKNOWN_METHOD', 'Unknown method mcp.servers.list'),
    );
    renderWithApi(<McpPageWithApprovals />, api);
    await screen.findByText(/Could not load the MCP servers/);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByText('No MCP servers yet');
  });
});
