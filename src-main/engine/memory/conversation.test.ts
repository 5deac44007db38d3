import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../../../tests/fakes/index';
import { ofType, startHarness, type Harness } from '../runtime/runtime.testkit';
import { ConversationService } from './conversation';

/** Bodies of the chat requests the fake received since `from`, as text. */
const bodies = (h: Harness, from: number) => h.fake.requests.slice(from).map((r) => JSON.stringify(r.body));

describe('conversation history', () => {
  let h: Harness;
  let conversations: ConversationService;
  beforeAll(async () => {
    // 40 tokens ≈ 160 characters: a few turns fit, then the oldest are summarised.
    h = await startHarness({ kind: 'anthropic', conversations: (s) => new ConversationService(s.db, { budgetTokens: 40 }) });
    conversations = h.conversations!;
  });
  afterAll(() => h.close());

  it('continues a thread’s conversation across runs, but not in runs started without history', async () => {
    const agentId = await h.agent('Chatty');
    h.fake.script(reply.text('Hello Ada'), reply.text('You are Ada'), reply.text('No idea'));
    const first = await h.run(agentId, 'My name is Ada');
    const threadId = first.threadId!;
    const from = h.fake.requests.length;
    await h.run(agentId, 'What is my name?', { threadId });
    expect(bodies(h, from)[0]).toContain('My name is Ada');
    expect(bodies(h, from)[0]).toContain('Hello Ada');
    await h.run(agentId, 'Who am I?', { threadId, history: false });
    expect(bodies(h, from + 1)[0]).not.toContain('My name is Ada');
    const conversation = await conversations.get({ threadId, agentId });
    expect(conversation.turns.map((t) => t.content)).toEqual(['My name is Ada', 'Hello Ada', 'What is my name?', 'You are Ada']);
    expect(conversation.summary).toBeNull();
    expect(await conversations.clear(threadId)).toBe(4);
    expect((await conversations.get({ threadId, agentId })).turns).toEqual([]);
  });

  it('summarises the oldest turns with the model when the history outgrows its budget', async () => {
    const agentId = await h.agent('Long talker');
    const long = (n: number) => `Fact number ${n}: the meeting room on floor ${n} has ${n * 3} chairs and a whiteboard.`;
    h.fake.script(reply.text('Noted one'), reply.text('Noted two'), reply.text('SUMMARY floors one and two'), reply.text('Noted three'));
    const { threadId } = await h.run(agentId, long(1));
    await h.run(agentId, long(2), { threadId: threadId! });
    const from = h.fake.requests.length;
    const third = await h.run(agentId, long(3), { threadId: threadId! });
    expect(third.output).toBe('Noted three');

    const summarised = ofType(h.liveOf(third.id), 'memory.summarised')[0]!;
    expect(summarised.tokensBefore).toBeGreaterThan(40);
    expect(summarised.tokensAfter).toBeLessThan(summarised.tokensBefore);
    expect(summarised.turns).toBeGreaterThan(0);
    const [summaryRequest, answerRequest] = bodies(h, from);
    expect(summaryRequest).toContain('Summarise the conversation');
    expect(summaryRequest).toContain('floor 1');
    expect(answerRequest).toContain('SUMMARY floors one and two');
    // The summary call's tokens count in the run's totals.
    const responses = ofType(h.liveOf(third.id), 'model.response');
    expect(third.usage.inputTokens).toBeGreaterThan(responses.reduce((n, r) => n + r.inputTokens, 0));

    const conversation = await conversations.get({ threadId: threadId!, agentId });
    expect(conversation.summary).toBe('SUMMARY floors one and two');
    expect(conversation.turns.at(-1)?.content).toBe('Noted three');
    expect(conversation.turns.some((t) => t.content === long(1))).toBe(false);
  });

  it('goes on without the history when the summary cannot be made, and says so in the trace', async () => {
    const agentId = await h.agent('Unsummarised');
    const long = 'A sentence long enough to fill most of the small history budget of this test on its own.';
    h.fake.script(reply.text('Ok one'), reply.text('Ok two'), reply.error(400, { message: 'context too long' }), reply.text('Still here'));
    const { threadId } = await h.run(agentId, long);
    await h.run(agentId, long, { threadId: threadId! });
    const run = await h.run(agentId, 'And now?', { threadId: threadId! });
    expect(run).toMatchObject({ status: 'succeeded', output: 'Still here' });
    expect(ofType(h.liveOf(run.id), 'error')[0]?.error.message).toMatch(/^Could not load the earlier conversation: .*context too long/);
    expect((await conversations.get({ threadId: threadId!, agentId })).summary).toBeNull();
  });
});
