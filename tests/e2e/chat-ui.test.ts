import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultResponder, type FakeLlm } from '../fakes/index';
import { screenshot } from '../helpers/browser';
import { PARROT, startUiSession, type UiSession } from '../helpers/ui-session';

type Message = { role: string; content: string };
/** The fake's chat requests (the app also asks it for its models). */
const chats = (fake: FakeLlm) =>
  fake.requests.flatMap((r) => {
    const messages = (r.body as { messages?: Message[] } | undefined)?.messages;
    return Array.isArray(messages) ? [messages] : [];
  });
const said = (fake: FakeLlm, role: 'user' | 'assistant') =>
  chats(fake)
    .at(-1)!
    .filter((m) => m.role === role)
    .map((m) => m.content);

describe('chat in the web UI (Chromium against serve with a fake Ollama)', () => {
  let session: UiSession;
  let fake: FakeLlm;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await startUiSession({
      prefix: 'af-chat-e2e-',
      respond: defaultResponder,
      agent: PARROT,
      route: (agent) => `#/chat/${agent}`,
    });
    ({ page, errors } = session);
    fake = session.fake!;
  });
  afterAll(() => session?.close());

  const threadIdOf = () => new URL(page.url()).hash.split('/')[3] ?? '';
  const outputs = () => page.getByTestId('chat-output');
  const threadLinks = () =>
    page.getByRole('list', { name: 'Threads of this agent' }).getByRole('link');

  async function send(text: string) {
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill(text);
    await page.getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
    await expect.poll(() => page.getByTestId('chat-input').last().textContent()).toBe(text);
    await expect
      .poll(() => outputs().last().textContent(), { timeout: 15_000 })
      .toContain(`You said: ${text}`);
    await page.getByRole('button', { name: 'Send' }).waitFor();
  }

  it('starts a thread with the first message, continues it, and streams each answer', async () => {
    await send('Hello chat');
    const threadId = threadIdOf();
    expect(threadId).not.toBe('');
    await expect.poll(() => threadLinks().first().textContent()).toContain('Hello chat');
    await send('Second message');
    expect(threadIdOf()).toBe(threadId);
    expect(said(fake, 'user')).toEqual(['Hello chat', 'Second message']);
    expect(await page.getByTestId('chat-input').allTextContents()).toEqual([
      'Hello chat',
      'Second message',
    ]);
    await screenshot(page, 'chat-thread');
  });

  it('regenerates the last answer without the old one in the history', async () => {
    const before = chats(fake).length;
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => chats(fake).length).toBe(before + 1);
    await page.getByText('Regenerated').waitFor();
    expect(said(fake, 'user')).toEqual(['Hello chat', 'Second message']);
    expect(said(fake, 'assistant')).toEqual(['You said: Hello chat']);
    expect(await page.getByTestId('run-turn').count()).toBe(2);
  });

  it('opens a new chat whose request holds only its message, and finds threads by what was said', async () => {
    await page.getByRole('button', { name: 'New chat' }).click();
    await expect.poll(threadIdOf).toBe('');
    await send('A different topic');
    expect(said(fake, 'user')).toEqual(['A different topic']);
    await expect.poll(() => threadLinks().count()).toBe(2);

    await page.getByLabel('Search threads').fill('second');
    await expect.poll(() => threadLinks().count()).toBe(1);
    expect(await threadLinks().first().textContent()).toContain('Hello chat');
    await threadLinks().first().click();
    await expect
      .poll(() => page.getByTestId('chat-input').allTextContents())
      .toEqual(['Hello chat', 'Second message']);
    expect(errors).toEqual([]);
  });
});
