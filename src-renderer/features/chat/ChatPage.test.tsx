import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '@shared/entities/agent';
import type { Thread } from '@shared/entities/thread';
import { agentInput, renderWithApi } from '../../test/render';
import { ChatPage } from './ChatPage';
import { THREAD_PAGE } from './store';
import { ChatTestApi } from './test-api';

let api: ChatTestApi;
let agent: Agent;
let planning: Thread;

beforeEach(async () => {
  api = new ChatTestApi();
  agent = await api.call('agents.create', agentInput({ name: 'Researcher' }));
  planning = api.addThread({ agentId: agent.id, title: 'Plan the trip' });
  api.addTurn(planning.id, 'Plan a trip to Lisbon', 'Day one: **Alfama**.');
  api.addTurn(planning.id, 'And day two?', 'Day two: Belém.');
  const recipes = api.addThread({ agentId: agent.id, title: 'Lemon cake' });
  api.addTurn(recipes.id, 'A lemon cake recipe', 'Flour, lemons, sugar.');
});
afterEach(cleanup);

const threadList = () => screen.getByRole('list', { name: 'Threads of this agent' });
const titles = () =>
  within(threadList())
    .getAllByRole('link')
    .map((a) => a.textContent);
const turns = () =>
  within(screen.getByRole('list', { name: 'Conversation' })).getAllByTestId('run-turn');
const inputs = () => turns().map((t) => within(t).getByTestId('chat-input').textContent);
const outputs = () => turns().map((t) => within(t).getByTestId('chat-output').textContent ?? '');

async function send(text: string) {
  const box = await screen.findByLabelText('Message');
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
}

describe('Chat page', () => {
  it('lists the agent’s threads and shows the whole conversation of the one opened', async () => {
    window.location.hash = `#/chat/${agent.id}/${planning.id}`;
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(titles()).toHaveLength(2));
    expect(titles()[0]).toContain('Lemon cake');
    expect(
      within(threadList())
        .getByRole('link', { name: /Plan the trip/ })
        .getAttribute('aria-current'),
    ).toBe('true');
    await waitFor(() => expect(inputs()).toEqual(['Plan a trip to Lisbon', 'And day two?']));
    expect(outputs()[0]).toContain('Day one: Alfama.');
    // Answers are Markdown.
    expect(within(turns()[0]!).getByText('Alfama').tagName).toBe('STRONG');
    expect(outputs()[1]).toContain('Day two: Belém.');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Plan the trip');

    // Each turn's trace is one click away.
    fireEvent.click(within(turns()[0]!).getByRole('button', { name: 'Trace' }));
    expect(await screen.findByTestId('trace-panel')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close the trace' }));
    expect(screen.queryByTestId('trace-panel')).toBeNull();
  });

  it('continues a thread: the message goes into it and the answer streams in', async () => {
    window.location.hash = `#/chat/${agent.id}/${planning.id}`;
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(inputs()).toHaveLength(2));
    await send('And day three?');
    await waitFor(() =>
      expect(inputs()).toEqual(['Plan a trip to Lisbon', 'And day two?', 'And day three?']),
    );
    expect(api.calls.find((c) => c.method === 'runs.start')?.input).toEqual({
      agent: agent.id,
      input: 'And day three?',
      options: { threadId: planning.id },
    });
    const runId = api.runsOf(planning.id).at(-1)!.id;
    act(() => api.stream(runId, 1, 'Day three: Sintra.'));
    await waitFor(() => expect(outputs()[2]).toContain('Day three: Sintra.'));
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
    act(() => void api.finish(runId, 'succeeded', { output: 'Day three: Sintra.' }));
    expect(await screen.findByRole('button', { name: 'Send' })).toBeTruthy();
  });

  it('starts a new chat: the first message makes a thread, which opens', async () => {
    window.location.hash = `#/chat/${agent.id}`;
    renderWithApi(<ChatPage />, api);
    expect(await screen.findByText(/Your first message starts a new thread/)).toBeTruthy();
    await send('Where should I eat?');
    await waitFor(() =>
      expect(window.location.hash).toMatch(new RegExp(`^#/chat/${agent.id}/thread-\\d+$`)),
    );
    expect(api.calls.find((c) => c.method === 'runs.start')?.input).toMatchObject({
      options: { newThread: true },
    });
    await waitFor(() => expect(inputs()).toEqual(['Where should I eat?']));
    await waitFor(() => expect(titles()[0]).toContain('Where should I eat?'));
  });

  it('renames a thread inline (Enter saves, Escape cancels)', async () => {
    window.location.hash = `#/chat/${agent.id}/${planning.id}`;
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(titles()).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Rename “Plan the trip”' }));
    const box = screen.getByLabelText('Thread title');
    fireEvent.change(box, { target: { value: 'Lisbon weekend' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(titles().some((t) => t?.includes('Lisbon weekend'))).toBe(true));
    expect(api.calls.find((c) => c.method === 'threads.update')?.input).toEqual({
      threadId: planning.id,
      title: 'Lisbon weekend',
    });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Lisbon weekend');

    fireEvent.click(screen.getByRole('button', { name: 'Rename “Lemon cake”' }));
    fireEvent.change(screen.getByLabelText('Thread title'), { target: { value: 'Never saved' } });
    fireEvent.keyDown(screen.getByLabelText('Thread title'), { key: 'Escape' });
    expect(titles().some((t) => t?.includes('Lemon cake'))).toBe(true);
    expect(api.calls.filter((c) => c.method === 'threads.update')).toHaveLength(1);
  });

  it('regenerates the last answer, which replaces the old one', async () => {
    window.location.hash = `#/chat/${agent.id}/${planning.id}`;
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(inputs()).toHaveLength(2));
    // Only the last turn offers it.
    expect(within(turns()[0]!).queryByRole('button', { name: /Regenerate/ })).toBeNull();
    fireEvent.click(within(turns()[1]!).getByRole('button', { name: /Regenerate/ }));
    await waitFor(() =>
      expect(api.calls.some((c) => c.method === 'threads.regenerate')).toBe(true),
    );
    const run = api.runsOf(planning.id).at(-1)!;
    expect(run.replacesRunId).toBe(api.runsOf(planning.id)[1]!.id);
    act(() => api.stream(run.id, 1, 'Day two: Cascais.'));
    act(() => void api.finish(run.id, 'succeeded', { output: 'Day two: Cascais.' }));
    await waitFor(() => expect(outputs()[1]).toContain('Day two: Cascais.'));
    expect(inputs()).toEqual(['Plan a trip to Lisbon', 'And day two?']);
    expect(outputs().join(' ')).not.toContain('Belém');
    expect(within(turns()[1]!).getByText('Regenerated')).toBeTruthy();
  });

  it('edits and resends the last message', async () => {
    window.location.hash = `#/chat/${agent.id}/${planning.id}`;
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(inputs()).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Edit your last message' }));
    const box = screen.getByLabelText('Edit your message');
    expect((box as HTMLTextAreaElement).value).toBe('And day two?');
    fireEvent.change(box, { target: { value: 'And day two, by train?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save & resend' }));
    await waitFor(() =>
      expect(inputs()).toEqual(['Plan a trip to Lisbon', 'And day two, by train?']),
    );
    expect(api.calls.find((c) => c.method === 'threads.editLast')?.input).toEqual({
      threadId: planning.id,
      input: 'And day two, by train?',
    });
    expect(screen.queryByLabelText('Edit your message')).toBeNull();
  });

  it('searches, pins and deletes threads', async () => {
    window.location.hash = `#/chat/${agent.id}/${planning.id}`;
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(titles()).toHaveLength(2));

    fireEvent.click(screen.getByRole('button', { name: 'Pin “Plan the trip”' }));
    await waitFor(() => expect(titles()[0]).toContain('Plan the trip'));

    fireEvent.change(screen.getByLabelText('Search threads'), { target: { value: 'lemons' } });
    await waitFor(() => expect(titles()).toHaveLength(1));
    expect(titles()[0]).toContain('Lemon cake');
    expect(
      api.calls.find((c) => c.method === 'threads.list' && (c.input as { query?: string }).query)
        ?.input,
    ).toMatchObject({ query: 'lemons' });
    fireEvent.change(screen.getByLabelText('Search threads'), { target: { value: '' } });
    await waitFor(() => expect(titles()).toHaveLength(2));

    fireEvent.click(screen.getByRole('button', { name: 'Delete “Plan the trip”' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('“Plan the trip” and its 2 runs');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(titles()).toEqual([expect.stringContaining('Lemon cake')]));
    expect(api.threads.has(planning.id)).toBe(false);
    await waitFor(() => expect(window.location.hash).toBe(`#/chat/${agent.id}`));
  });

  it('archives the open thread (it stays open), shows archived threads on demand and unarchives', async () => {
    window.location.hash = `#/chat/${agent.id}/${planning.id}`;
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(titles()).toHaveLength(2));
    await waitFor(() => expect(inputs()).toHaveLength(2));

    fireEvent.click(screen.getByRole('button', { name: 'Archive “Plan the trip”' }));
    await waitFor(() => expect(titles()).toEqual([expect.stringContaining('Lemon cake')]));
    expect(api.thread(planning.id).archived).toBe(true);
    expect(api.calls.find((c) => c.method === 'threads.update')?.input).toEqual({
      threadId: planning.id,
      archived: true,
    });
    // Still open.
    expect(window.location.hash).toBe(`#/chat/${agent.id}/${planning.id}`);
    expect(inputs()).toEqual(['Plan a trip to Lisbon', 'And day two?']);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Plan the trip');

    fireEvent.click(screen.getByLabelText('Show archived'));
    await waitFor(() => expect(titles()).toHaveLength(2));
    expect(
      api.calls.find(
        (c) =>
          c.method === 'threads.list' && (c.input as { includeArchived?: boolean }).includeArchived,
      )?.input,
    ).toMatchObject({ agentId: agent.id, includeArchived: true });
    const archived = within(threadList()).getByRole('link', { name: /Plan the trip/ });
    expect(archived.textContent).toContain('Archived');
    expect(within(threadList()).getAllByTestId('thread-archived')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Unarchive “Plan the trip”' }));
    await waitFor(() =>
      expect(within(threadList()).queryAllByTestId('thread-archived')).toHaveLength(0),
    );
    expect(api.thread(planning.id).archived).toBe(false);
    // Back in the usual list too.
    fireEvent.click(screen.getByLabelText('Show archived'));
    await waitFor(() => expect(titles()).toHaveLength(2));
    expect(titles()[0]).toContain('Plan the trip');
  });

  it('loads the threads a page at a time', async () => {
    for (let i = 1; i <= THREAD_PAGE + 5; i++)
      api.addThread({ agentId: agent.id, title: `Topic ${i}` });
    window.location.hash = `#/chat/${agent.id}`;
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(titles()).toHaveLength(THREAD_PAGE));
    expect(titles()[0]).toContain(`Topic ${THREAD_PAGE + 5}`);
    expect(api.calls.find((c) => c.method === 'threads.list')?.input).toMatchObject({
      limit: THREAD_PAGE + 1,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(titles()).toHaveLength(THREAD_PAGE + 7));
    expect(titles().slice(-2)).toEqual([
      expect.stringContaining('Lemon cake'),
      expect.stringContaining('Plan the trip'),
    ]);
    expect(new Set(titles()).size).toBe(THREAD_PAGE + 7);
    expect(api.calls.filter((c) => c.method === 'threads.list').at(-1)?.input).toMatchObject({
      offset: THREAD_PAGE,
    });
    // Nothing more to load.
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });
});
