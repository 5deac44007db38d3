import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/api/index';
import { currentTurns } from '@shared/entities/thread';
import { reply } from '../../../tests/fakes/index';
import { describeStores } from '../../../tests/helpers/stores';
import { ConversationService } from '../memory/conversation';
import { RunRepository } from '../runtime/repository';
import { startHarness, type Harness } from '../runtime/runtime.testkit';
import { replayLastTurn } from './replay';
import { titleFrom } from './service';

type Message = { role: string; content: unknown };
/** The chat messages of the fake's request number `index` (OpenAI wire format). */
const messagesOf = (h: Harness, index: number) => (h.fake.requests[index]!.body as { messages: Message[] }).messages;
const text = (messages: Message[]) => JSON.stringify(messages);
const userMessages = (messages: Message[]) => messages.filter((m) => m.role === 'user');

describe('threads', () => {
  let h: Harness;
  const changes: EventPayload<'threads.changed'>[] = [];
  beforeAll(async () => {
    h = await startHarness({ kind: 'openai', conversations: (s) => new ConversationService(s.db) });
    h.bus.subscribe('threads.changed', (c) => changes.push(c));
  });
  afterAll(() => h.close());

  it('keeps each thread’s history to itself; a new thread sends only its one message', async () => {
    const agentId = await h.agent('Chatty');
    h.fake.script(reply.text('Hello Ada'), reply.text('Hello Bob'), reply.text('You are Ada'));
    const ada = await h.run(agentId, 'My name is Ada');
    const from = h.fake.requests.length;
    const bob = await h.run(agentId, 'My name is Bob');
    expect(bob.threadId).not.toBe(ada.threadId);
    // The new thread's request: the one user message, nothing of the other thread.
    expect(userMessages(messagesOf(h, from)).map((m) => m.content)).toEqual(['My name is Bob']);
    expect(text(messagesOf(h, from))).not.toContain('Ada');

    const again = await h.run(agentId, 'What is my name?', { threadId: ada.threadId! });
    expect(again.threadId).toBe(ada.threadId);
    const sent = messagesOf(h, from + 1);
    expect(userMessages(sent).map((m) => m.content)).toEqual(['My name is Ada', 'What is my name?']);
    expect(text(sent)).toContain('Hello Ada');
    expect(text(sent)).not.toContain('Bob');

    const detail = await h.threads.detail(ada.threadId!);
    expect(detail.thread).toMatchObject({ agentId, title: 'My name is Ada', titleEdited: false });
    expect(detail.runs.map((r) => r.input)).toEqual(['My name is Ada', 'What is my name?']);
    const listed = await h.threads.list({ agentId });
    expect(listed.map((t) => [t.id, t.runCount])).toEqual([
      [ada.threadId, 2],
      [bob.threadId, 1],
    ]);
    expect(changes.some((c) => c.kind === 'upserted' && c.thread.id === bob.threadId)).toBe(true);
  });

  it('refuses to continue another agent’s thread, and names an empty thread by its first message', async () => {
    const a = await h.agent('First');
    const b = await h.agent('Second');
    h.fake.script(reply.text('ok'), reply.text('ok'));
    const run = await h.run(a, 'Hi there');
    await expect(h.runs.start(b, 'Hijack', { threadId: run.threadId! })).rejects.toMatchObject({ code: 'CONFLICT' });
    const empty = await h.threads.create(b);
    expect(empty.title).toBe('New chat');
    await h.run(b, 'Plan the garden party', { threadId: empty.id });
    expect((await h.threads.get(empty.id)).title).toBe('Plan the garden party');
    const named = await h.threads.create(b, 'My title');
    await h.run(b, 'Something else', { threadId: named.id });
    expect((await h.threads.get(named.id)).title).toBe('My title');
  });

  it('renames, pins (pinned first) and archives (hidden unless asked) threads', async () => {
    const agentId = await h.agent('Organised');
    h.fake.script(reply.text('one'), reply.text('two'));
    const older = await h.run(agentId, 'Older question');
    const newer = await h.run(agentId, 'Newer question');
    expect((await h.threads.list({ agentId })).map((t) => t.id)).toEqual([newer.threadId, older.threadId]);
    await h.threads.update(older.threadId!, { pinned: true, title: 'Renamed' });
    expect((await h.threads.list({ agentId })).map((t) => [t.id, t.title])).toEqual([
      [older.threadId, 'Renamed'],
      [newer.threadId, 'Newer question'],
    ]);
    await h.threads.update(newer.threadId!, { archived: true });
    expect((await h.threads.list({ agentId })).map((t) => t.id)).toEqual([older.threadId]);
    expect(await h.threads.list({ agentId, includeArchived: true })).toHaveLength(2);
  });

  it('lists threads a page at a time (limit from offset), in the same order as all at once', async () => {
    const agentId = await h.agent('Paged');
    for (const title of ['One', 'Two', 'Three', 'Four', 'Five']) await h.threads.create(agentId, title);
    const [, second] = await h.threads.list({ agentId });
    await h.threads.update(second!.id, { pinned: true });
    const all = (await h.threads.list({ agentId })).map((t) => t.title);
    expect(all).toEqual(['Four', 'Five', 'Three', 'Two', 'One']);
    const pages = [];
    for (let offset = 0; offset < 6; offset += 2) pages.push((await h.threads.list({ agentId, limit: 2, offset })).map((t) => t.title));
    expect(pages).toEqual([['Four', 'Five'], ['Three', 'Two'], ['One']]);
    expect(await h.threads.list({ agentId, limit: 2, offset: 5 })).toEqual([]);
    // Archived ones join the pages when asked for; searches page too.
    await h.threads.update(second!.id, { archived: true });
    expect((await h.threads.list({ agentId, limit: 2, offset: 0 })).map((t) => t.title)).toEqual(['Five', 'Three']);
    expect((await h.threads.list({ agentId, includeArchived: true, limit: 2, offset: 0 })).map((t) => t.title)).toEqual(['Four', 'Five']);
    const titled = await h.threads.list({ agentId, query: 'Three or Five or One', limit: 10 });
    const paged = [...(await h.threads.list({ agentId, query: 'Three or Five or One', limit: 2 })), ...(await h.threads.list({ agentId, query: 'Three or Five or One', limit: 2, offset: 2 }))];
    expect(titled).toHaveLength(3);
    expect(paged.map((t) => t.id)).toEqual(titled.map((t) => t.id));
  });

  it('inherits the thread in delegated runs, which add nothing to its history', async () => {
    const helper = await h.agent('Helper');
    const boss = await h.agent('Boss', [{ kind: 'builtin', name: 'delegate_to_agent' }]);
    const helperName = (await h.agents.get(helper)).name;
    h.fake.script(reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: helperName, task: 'Find it' } }]), reply.text('Found'), reply.text('Done'));
    const run = await h.run(boss, 'Ask the helper');
    const trace = await h.runs.trace(run.id);
    expect(trace.runs.map((r) => r.threadId)).toEqual([run.threadId, run.threadId]);
    const conversation = await h.conversations!.get({ threadId: run.threadId!, agentId: boss });
    expect(conversation.turns.map((t) => t.content)).toEqual(['Ask the helper', 'Done']);
    expect((await h.threads.detail(run.threadId!)).runs.map((r) => r.id)).toEqual([run.id]);
  });

  it('regenerates the last answer: the old one leaves the history, the new run replaces it', async () => {
    const agentId = await h.agent('Regenerator');
    h.fake.script(reply.text('First answer'), reply.text('Bad answer'), reply.text('Better answer'));
    const first = await h.run(agentId, 'Question one');
    const threadId = first.threadId!;
    const second = await h.run(agentId, 'Question two', { threadId });
    const from = h.fake.requests.length;
    const started = await replayLastTurn(h, threadId.slice(0, 8), undefined);
    const regenerated = await h.runs.waitFor(started.id);
    expect(regenerated).toMatchObject({ status: 'succeeded', input: 'Question two', output: 'Better answer', threadId, replacesRunId: second.id });
    const sent = messagesOf(h, from);
    expect(userMessages(sent).map((m) => m.content)).toEqual(['Question one', 'Question two']);
    expect(text(sent)).not.toContain('Bad answer');
    const turns = (await h.conversations!.get({ threadId, agentId })).turns.map((t) => t.content);
    expect(turns).toEqual(['Question one', 'First answer', 'Question two', 'Better answer']);
    const detail = await h.threads.detail(threadId);
    expect(detail.runs.map((r) => r.id)).toEqual([first.id, second.id, regenerated.id]);
    expect(currentTurns(detail.runs).map((r) => r.id)).toEqual([first.id, regenerated.id]);
  });

  it('edits and resends the last message, replacing it and its answer', async () => {
    const agentId = await h.agent('Editor');
    h.fake.script(reply.text('Paris'), reply.text('Typo answer'), reply.text('Rome'));
    const first = await h.run(agentId, 'Capital of France?');
    const threadId = first.threadId!;
    const typo = await h.run(agentId, 'Capitl of Italy?', { threadId });
    const from = h.fake.requests.length;
    const edited = await h.runs.waitFor((await replayLastTurn(h, threadId, 'Capital of Italy?')).id);
    expect(edited).toMatchObject({ input: 'Capital of Italy?', output: 'Rome', replacesRunId: typo.id });
    expect(text(messagesOf(h, from))).not.toContain('Capitl');
    const turns = (await h.conversations!.get({ threadId, agentId })).turns.map((t) => t.content);
    expect(turns).toEqual(['Capital of France?', 'Paris', 'Capital of Italy?', 'Rome']);
    // Editing again replaces the edited turn, not the one before it.
    h.fake.script(reply.text('Madrid'));
    const again = await h.runs.waitFor((await replayLastTurn(h, threadId, 'Capital of Spain?')).id);
    expect(again.replacesRunId).toBe(edited.id);
    expect(currentTurns((await h.threads.detail(threadId)).runs).map((r) => r.input)).toEqual(['Capital of France?', 'Capital of Spain?']);
  });

  it('names the thread again when its only message is edited (unless the user named it)', async () => {
    const agentId = await h.agent('Retitled');
    h.fake.script(reply.text('?'), reply.text('ok'), reply.text('ok'), reply.text('ok'));
    const { threadId } = await h.run(agentId, 'Helo wrld');
    await h.runs.waitFor((await replayLastTurn(h, threadId!, 'Hello world')).id);
    expect((await h.threads.get(threadId!)).title).toBe('Hello world');
    await h.threads.update(threadId!, { title: 'Greetings' });
    await h.runs.waitFor((await replayLastTurn(h, threadId!, 'Hello again')).id);
    expect((await h.threads.get(threadId!)).title).toBe('Greetings');
  });

  it('refuses to regenerate an empty thread', async () => {
    const thread = await h.threads.create(await h.agent('Empty'));
    await expect(replayLastTurn(h, thread.id, undefined)).rejects.toMatchObject({ code: 'CONFLICT', hint: 'Send a message first.' });
  });

  it('deletes a thread with its runs, their traces and its history', async () => {
    const agentId = await h.agent('Deleter');
    h.fake.script(reply.text('a'), reply.text('b'));
    const run = await h.run(agentId, 'Keep me?');
    const other = await h.run(agentId, 'Other thread');
    const threadId = run.threadId!;
    expect(await h.threads.delete(threadId)).toEqual({ deleted: true, runs: 1 });
    await expect(h.runs.get(run.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await h.conversations!.get({ threadId, agentId })).turns).toEqual([]);
    await expect(h.threads.get(threadId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(changes.at(-1)).toEqual({ kind: 'deleted', id: threadId, agentId });
    // Deleting the agent's threads (as the engine does when the agent is deleted) keeps their runs.
    await h.threads.deleteForAgent(agentId);
    expect(await h.threads.list({ agentId })).toEqual([]);
    expect((await h.runs.get(other.id)).threadId).toBe(other.threadId);
  });

  it('accepts any unique prefix of run and thread ids, and lists the candidates of an ambiguous one', async () => {
    const agentId = await h.agent('Prefixed');
    const repo = new RunRepository(h.store.db);
    const base = { agentId, agentName: 'Prefixed', model: { provider: 'openai' as const, model: 'm' }, parentRunId: null, depth: 0, threadId: null, replacesRunId: null, agentRevision: null };
    const times = { status: 'succeeded' as const, input: 'x', output: 'y', error: null, usage: { inputTokens: 0, outputTokens: 0 }, steps: 1, pendingApprovals: [] };
    const now = new Date().toISOString();
    for (const id of ['pfx-run-aa1', 'pfx-run-aa2', 'pfx-run-b_1']) {
      await repo.insert({ ...base, ...times, id, rootRunId: id, createdAt: now, updatedAt: now, finishedAt: now });
    }
    expect((await h.runs.get('pfx-run-b')).id).toBe('pfx-run-b_1');
    expect((await h.runs.trace('pfx-run-aa2')).runs[0]!.id).toBe('pfx-run-aa2');
    await expect(h.runs.get('pfx-run-aa')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: '"pfx-run-aa" is the start of several runs\' ids: pfx-run-aa1, pfx-run-aa2.',
      hint: 'Give more characters of the id.',
    });
    // LIKE's wildcards in a prefix are taken literally.
    await expect(h.runs.get('pfx-run-_')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.runs.get('nothing-like-it')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No run with an id starting with "nothing-like-it".' });

    for (const id of ['pfx-thread-1', 'pfx-thread-2']) await h.threads.repo.insert({ id, agentId, title: id });
    expect((await h.threads.get('pfx-thread-2')).id).toBe('pfx-thread-2');
    await expect(h.threads.get('pfx-thread')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('pfx-thread-1, pfx-thread-2') });
    await expect(h.threads.get('pfx-none')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('titles threads by their first message, on one line and cut at a word', () => {
    expect(titleFrom('  Hello\n\nworld  ')).toBe('Hello world');
    const long = titleFrom('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/word…$/);
  });
});

describeStores('thread search', ({ store }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: 'openai', store: store(), conversations: (s) => new ConversationService(s.db) });
  });
  afterAll(() => h.close());

  it('finds threads by title and by what was said in them, best match first', async () => {
    const agentId = await h.agent('Searcher');
    const other = await h.agent('Other');
    h.fake.script(reply.text('Use a torque wrench on the bolts.'), reply.text('Bake at 180 degrees.'), reply.text('Tighten the bolts again.'), reply.text('bolts'));
    const bike = await h.run(agentId, 'How do I fix my bicycle?');
    const cake = await h.run(agentId, 'Recipe for a lemon cake');
    await h.run(agentId, 'And the wheel bolts?', { threadId: bike.threadId! });
    await h.run(other, 'bolts bolts bolts');

    const bolts = await h.threads.list({ agentId, query: 'bolt' });
    expect(bolts.map((t) => t.id)).toEqual([bike.threadId]);
    expect(bolts[0]!.match).toContain('«bolts»');
    expect(bolts[0]!.runCount).toBe(2);
    // Stemming (baking → bake), the title, phrases and exclusions.
    expect((await h.threads.list({ agentId, query: 'baking' })).map((t) => t.id)).toEqual([cake.threadId]);
    expect((await h.threads.list({ agentId, query: '"lemon cake"' })).map((t) => t.id)).toEqual([cake.threadId]);
    expect(await h.threads.list({ agentId, query: 'bicycle -wheel' })).toEqual([]);
    expect(await h.threads.list({ agentId, query: 'submarine' })).toEqual([]);
    // Every agent's threads, best first: the thread that says "bolts" most ranks highest.
    const all = await h.threads.list({ query: 'bolts' });
    expect(all).toHaveLength(2);
    expect(all[0]!.agentId).toBe(other);
    // A renamed title is searched too, and weighs most.
    await h.threads.update(cake.threadId!, { title: 'Bolts and nuts of baking' });
    expect((await h.threads.list({ agentId, query: 'bolts' }))[0]!.id).toBe(cake.threadId);
  });
});
