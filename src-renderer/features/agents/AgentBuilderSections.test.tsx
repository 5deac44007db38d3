import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { agentInput, renderWithApi } from '../../test/render';
import { testTool } from '../mcp/test-fixtures';
import { AgentsPage } from './AgentsPage';
import { BuilderTestApi, testKnowledgeBase } from './builder/builder-test-api';

let api: BuilderTestApi;
let files: string;

beforeEach(() => {
  api = new BuilderTestApi();
  files = api.addServer({ name: 'files', transport: { type: 'stdio', command: 'node' } }, 'ready').server.id;
  api.tools.set(files, [testTool(files, 'read_file', { type: 'object' }), testTool(files, 'write_file', { type: 'object' })]);
  api.addServer({ name: 'weather', transport: { type: 'stdio', command: 'node' } }, 'crashed');
  api.knowledgeBases = [testKnowledgeBase('kb-1', 'Handbook'), testKnowledgeBase('kb-2', 'Contracts')];
});
afterEach(cleanup);

async function openAgent(name: string) {
  window.location.hash = '#/agents';
  renderWithApi(<AgentsPage />, api);
  const item = await screen.findByRole('link', { name: new RegExp(name) });
  fireEvent.click(item);
  window.location.hash = item.getAttribute('href')!;
  return screen.findByRole('form', { name: `Edit ${name}` });
}

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save' }));
const lastPatch = () => (api.calls.filter((c) => c.method === 'agents.update').at(-1)!.input as { patch: Record<string, unknown> }).patch;
const radio = (group: string, name: string) => within(screen.getByRole('radiogroup', { name: group })).getByRole('radio', { name });

describe('agent builder sections', () => {
  it('chooses chosen tools of a server with per-tool policies, built-ins, and shows server state', async () => {
    await api.call('agents.create', agentInput({ name: 'Toolsmith' }));
    await openAgent('Toolsmith');
    const servers = await screen.findAllByTestId('agent-server');
    expect(servers.map((s) => s.textContent)).toEqual([expect.stringContaining('Ready'), expect.stringContaining('Failed')]);

    fireEvent.click(radio('Tools of files', 'Chosen tools'));
    fireEvent.click(await screen.findByLabelText('read_file'));
    fireEvent.click(radio('Approval for read_file', 'Allow'));
    fireEvent.click(screen.getByLabelText('current_time'));
    fireEvent.click(radio('Approval for current_time', 'Deny'));
    // knowledge_search comes with the Knowledge section, so it is not offered here.
    expect(screen.queryByLabelText('knowledge_search')).toBeNull();
    save();

    await waitFor(() =>
      expect(lastPatch()).toMatchObject({
        tools: [
          { kind: 'mcp-tool', serverId: files, tool: 'read_file' },
          { kind: 'builtin', name: 'current_time' },
        ],
        toolPolicies: { [`${files}:read_file`]: 'allow', 'builtin:current_time': 'deny' },
      }),
    );

    // A whole server: every tool listed, each with its policy.
    fireEvent.click(radio('Tools of files', 'All tools'));
    expect(screen.getByRole('radiogroup', { name: 'Approval for write_file' })).toBeTruthy();
    save();
    await waitFor(() => expect(lastPatch().tools).toEqual([{ kind: 'builtin', name: 'current_time' }, { kind: 'mcp-server', serverId: files }]));
  });

  it('attaches knowledge bases with a retrieval mode, k and minimum score; picks delegates and memory', async () => {
    await api.call('agents.create', agentInput({ name: 'Helper' }));
    await api.call('agents.create', agentInput({ name: 'Reader' }));
    await openAgent('Reader');
    fireEvent.click(await screen.findByLabelText('Handbook'));
    fireEvent.click(radio('Retrieval mode', 'Automatic'));
    fireEvent.change(screen.getByLabelText('Passages per message'), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Minimum score'), { target: { value: '0.4' } });
    fireEvent.click(within(screen.getByRole('group', { name: 'Delegates' })).getByLabelText('Helper'));
    expect(within(screen.getByRole('group', { name: 'Delegates' })).queryByLabelText('Reader')).toBeNull();
    fireEvent.change(screen.getByLabelText('History budget (tokens)'), { target: { value: '6000' } });
    save();
    const helper = [...api.agents.values()].find((a) => a.name === 'Helper')!;
    await waitFor(() =>
      expect(lastPatch()).toMatchObject({
        knowledgeBaseIds: ['kb-1'],
        knowledge: { mode: 'auto', k: 3, minScore: 0.4 },
        delegateIds: [helper.id],
        memory: { enabled: true, budgetTokens: 6000 },
      }),
    );
    fireEvent.click(screen.getByLabelText('Remember'));
    expect(screen.queryByLabelText('History budget (tokens)')).toBeNull();
  });

  it('shows server reference errors beside the field, and missing references as warnings', async () => {
    const dangling = await api.call('agents.create', agentInput({ name: 'Dangling', knowledgeBaseIds: ['kb-gone'], tools: [{ kind: 'mcp-server', serverId: 'srv-gone' }] }));
    api.problems = {
      [dangling.id]: [
        { field: 'tools', ref: 'srv-gone:*', message: 'The MCP server srv-gone does not exist (any more).' },
        { field: 'knowledgeBaseIds', ref: 'kb-gone', message: 'The knowledge base kb-gone does not exist (any more).' },
      ],
    };
    await openAgent('Dangling');
    expect((await screen.findByTestId('agent-problems')).textContent).toBe('⚠ 2 missing');
    expect(await screen.findByText('Knowledge base kb-gone no longer exists.')).toBeTruthy();
    expect(screen.getByText('MCP server srv-gone (deleted)')).toBeTruthy();

    api.failNext(
      'agents.update',
      new AppError('VALIDATION', 'Delegation would go in a circle', {
        issues: [
          { path: ['patch', 'delegateIds', 0], message: 'Delegation would go in a circle: Dangling → Helper → Dangling' },
          { path: ['patch', 'tools', 1], message: 'The MCP server "files" has no tool "nope".' },
        ],
      }),
    );
    save();
    await waitFor(() => expect(document.getElementById('agent-delegateIds-error')?.textContent).toBe('Delegation would go in a circle: Dangling → Helper → Dangling'));
    expect(document.getElementById('agent-tools-error')?.textContent).toBe('The MCP server "files" has no tool "nope".');

    // Removing the missing knowledge base.
    fireEvent.click(within(screen.getByText('Knowledge base kb-gone no longer exists.')).getByRole('button', { name: 'Remove' }));
    save();
    await waitFor(() => expect(lastPatch().knowledgeBaseIds).toEqual([]));
  });

  it('lists revisions, shows what changed between two, and restores one', async () => {
    const agent = await api.call('agents.create', agentInput({ name: 'Versioned', systemPrompt: 'First' }));
    await api.call('agents.update', { id: agent.id, patch: { systemPrompt: 'Second', temperature: 0.2 } });
    await openAgent('Versioned');
    await waitFor(() => expect(screen.getAllByTestId('agent-revision')).toHaveLength(2));
    const diff = await screen.findByLabelText('Changes between the revisions');
    await waitFor(() => expect(diff.querySelectorAll('[data-kind="removed"]').length).toBeGreaterThan(0));
    const removed = [...diff.querySelectorAll('[data-kind="removed"]')].map((l) => l.textContent);
    const added = [...diff.querySelectorAll('[data-kind="added"]')].map((l) => l.textContent);
    expect(removed).toEqual(expect.arrayContaining([expect.stringContaining('"systemPrompt": "First"'), expect.stringContaining('"temperature": 0.7')]));
    expect(added).toEqual(expect.arrayContaining([expect.stringContaining('"systemPrompt": "Second"')]));

    fireEvent.click(screen.getByRole('button', { name: 'Restore revision 1' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(api.agents.get(agent.id)).toMatchObject({ revision: 3, systemPrompt: 'First' }));
    await waitFor(() => expect((screen.getByLabelText('System prompt') as HTMLTextAreaElement).value).toBe('First'));
    await waitFor(() => expect(screen.getAllByTestId('agent-revision')).toHaveLength(3));
  });
});
