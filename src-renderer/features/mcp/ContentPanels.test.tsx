import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBytes } from '../../api/upload-bytes';
import { renderWithApi } from '../../test/render';
import { takeChatDraft } from '../chat/draft';
import { McpPage } from './McpPage';
import { McpMemoryApi } from './test-api';
import { TINY_PNG } from './test-content-api';

let api: McpMemoryApi;
let id: string;

beforeEach(() => {
  api = new McpMemoryApi();
  id = api.addServer({ name: 'demo', transport: { type: 'stdio', command: 'node' } }, 'ready').server.id;
  takeChatDraft();
});
afterEach(cleanup);

const open = (tab: string) => {
  window.location.hash = `#/mcp/${id}/${tab}`;
  renderWithApi(<McpPage />, api);
};
const resource = async (name: string) =>
  fireEvent.click(within(await screen.findByRole('list', { name: 'Resources' })).getByRole('button', { name: new RegExp(name) }));

describe('Resources tab', () => {
  it('reads text, shows images, offers other binary as a download, and fills a template into the URI box', async () => {
    open('resources');
    await resource('notes.txt');
    expect((await screen.findByTestId('resource-text')).textContent).toBe('Notes, read 1 time');

    await resource('logo.png');
    const img = (await screen.findByTestId('resource-image')) as HTMLImageElement;
    expect(img.src).toBe(`data:image/png;base64,${TINY_PNG}`);

    await resource('data.bin');
    const link = (await screen.findByTestId('resource-download')) as HTMLAnchorElement;
    expect(link.getAttribute('download')).toBe('data.bin');
    expect(link.href).toBe('data:application/octet-stream;base64,AAECAw==');
    expect(screen.getByTestId('resource-content').textContent).toContain('4 bytes');

    fireEvent.click(screen.getByRole('button', { name: 'demo://item/{id}' }));
    expect((screen.getByLabelText('Resource URI') as HTMLInputElement).value).toBe('demo://item/{id}');
    fireEvent.click(screen.getByRole('button', { name: 'Read' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Unknown resource/);
  });

  it('subscribes with the live updates switch and reads the resource again on mcp.resource.updated', async () => {
    open('resources');
    await resource('notes.txt');
    await screen.findByText('Notes, read 1 time');
    fireEvent.click(screen.getByLabelText('Live updates'));
    await waitFor(() => expect([...api.content.subscriptions]).toEqual(['demo://notes.txt']));
    await waitFor(() => expect((screen.getByLabelText('Live updates') as HTMLInputElement).checked).toBe(true));

    act(() => api.emit('mcp.resource.updated', { serverId: id, uri: 'demo://notes.txt' }));
    expect((await screen.findByTestId('resource-text')).textContent).toBe('Notes, read 2 times');
    // Another resource's update does not read this one again.
    act(() => api.emit('mcp.resource.updated', { serverId: id, uri: 'demo://other' }));
    expect(api.content.reads.get('demo://notes.txt')).toBe(2);

    fireEvent.click(screen.getByLabelText('Live updates'));
    await waitFor(() => expect([...api.content.subscriptions]).toEqual([]));
  });

  it('"Use in chat" puts the resource into the next chat message and opens the chat', async () => {
    open('resources');
    await resource('notes.txt');
    await screen.findByText('Notes, read 1 time');
    fireEvent.click(screen.getByRole('button', { name: 'Use in chat' }));
    expect(window.location.hash).toBe('#/chat');
    expect(takeChatDraft()).toEqual({ text: 'Resource demo://notes.txt:\n\nNotes, read 1 time', files: [] });
  });

  it('"Attach to chat" attaches the resource as a file to the next chat message', async () => {
    open('resources');
    await resource('logo.png');
    await screen.findByTestId('resource-image');
    fireEvent.click(screen.getByRole('button', { name: 'Attach to chat' }));
    expect(window.location.hash).toBe('#/chat');
    const draft = takeChatDraft()!;
    expect(draft.text).toBe('');
    expect(draft.files.map((f) => [f.name, f.type, f.size])).toEqual([['logo.png', 'image/png', 70]]);

    cleanup();
    open('resources');
    await resource('notes.txt');
    await screen.findByText('Notes, read 1 time');
    fireEvent.click(screen.getByRole('button', { name: 'Attach to chat' }));
    const [file] = takeChatDraft()!.files;
    expect(file?.name).toBe('notes.txt');
    expect(new TextDecoder().decode(await readBytes(file!))).toBe('Notes, read 1 time');
  });

  it('asks to start a stopped server', async () => {
    api.setState(id, 'stopped');
    open('resources');
    expect(await screen.findByText('Start the server to browse its resources.')).toBeTruthy();
  });
});

describe('Prompts tab', () => {
  it('completes an argument as you type, gets the messages, and uses them in a chat', async () => {
    open('prompts');
    fireEvent.click(await screen.findByRole('button', { name: 'promote' }));
    const department = screen.getByLabelText('department (required)');
    fireEvent.change(department, { target: { value: 'S' } });
    await waitFor(() =>
      expect([...screen.getByTestId('suggestions-department').querySelectorAll('option')].map((o) => o.value)).toEqual([
        'Sales',
        'Support',
      ]),
    );
    const completion = api.calls.filter((c) => c.method === 'mcp.complete').at(-1)!.input;
    expect(completion).toMatchObject({ ref: { type: 'ref/prompt', name: 'promote' }, argument: { name: 'department', value: 'S' } });

    fireEvent.change(department, { target: { value: 'Sales' } });
    fireEvent.change(screen.getByLabelText('name (required)'), { target: { value: 'Eve' } });
    fireEvent.click(screen.getByRole('button', { name: 'Get messages' }));
    expect((await screen.findByTestId('prompt-messages')).textContent).toContain('Please promote Eve to the head of Sales.');

    fireEvent.click(screen.getByRole('button', { name: 'Use in chat' }));
    await waitFor(() => expect(window.location.hash).toBe('#/chat'));
    expect(takeChatDraft()?.text).toBe('Please promote Eve to the head of Sales.');
  });
});

describe('Logs tab', () => {
  it('sets the server’s log level', async () => {
    open('logs');
    fireEvent.change(await screen.findByLabelText('Server log level'), { target: { value: 'warning' } });
    await waitFor(() => expect(api.content.logLevels.get(id)).toBe('warning'));
    expect((screen.getByLabelText('Server log level') as HTMLSelectElement).value).toBe('warning');
  });
});
