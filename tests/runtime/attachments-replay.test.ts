import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_PNG, TINY_PNG_BASE64 } from '../fixtures/images';
import { longReport, useAttachmentsEngine } from './attachments-harness';

/** Regenerate and edit-and-resend send the replaced message's files again (PGlite, real parser and embedder, fake Ollama). */
describe('attachments of a replayed message', () => {
  const h = useAttachmentsEngine('af-replay-');
  const { call, failure, upload, files } = h;
  const finished = async (run: { id: string }) => {
    const done = await h.engine.runs.waitFor(run.id);
    expect(done.status).toBe('succeeded');
    return done;
  };
  const lastUser = () => h.fake.chats.at(-1)!.messages.at(-1)!;
  const added = async (runId: string) => (await call('runs.trace', { runId })).events.filter((e) => e.type === 'attachments.added');

  it('regenerate sends the image and the inline text again; editLast keeps them, or takes new ones', async () => {
    const agent = await call('agents.create', { name: 'Looker', model: { provider: 'ollama', model: 'llava' } });
    const [pic, note] = await upload({ 'dot.png': TINY_PNG, 'note.md': 'The dot is the colour of the sea.\n' });
    const first = await finished(
      await call('runs.start', { agent: agent.id, input: 'What is in the picture?', attachments: [{ attachmentId: pic!.attachmentId }, { attachmentId: note!.attachmentId }] }),
    );
    expect(lastUser().images).toEqual([{ data: TINY_PNG_BASE64 }]);
    expect(await added(first.id)).toEqual([
      expect.objectContaining({ name: 'dot.png', kind: 'image', ref: { attachmentId: pic!.attachmentId } }),
      expect.objectContaining({ name: 'note.md', kind: 'inline', ref: { attachmentId: note!.attachmentId } }),
    ]);

    const chats = h.fake.chats.length;
    const again = await finished(await call('threads.regenerate', { threadId: first.threadId! }));
    expect(again.replacesRunId).toBe(first.id);
    expect(h.fake.chats.length).toBeGreaterThan(chats);
    let user = lastUser();
    expect(user.images).toEqual([{ data: TINY_PNG_BASE64 }]);
    expect(user.content).toContain('What is in the picture?\n\n[image: dot.png]');
    expect(user.content).toContain('Attached file note.md:\n```\nThe dot is the colour of the sea.');
    // The replaced exchange is not in the history: one user message.
    expect(h.fake.chats.at(-1)!.messages.filter((m) => m.role === 'user')).toHaveLength(1);
    // Its trace names them again, so a later replay finds them too.
    expect((await added(again.id)).map((e) => e.name)).toEqual(['dot.png', 'note.md']);

    const edited = await finished(await call('threads.editLast', { threadId: first.threadId!, input: 'Which colour is the dot?' }));
    expect(edited.replacesRunId).toBe(again.id);
    user = lastUser();
    expect(user.images).toEqual([{ data: TINY_PNG_BASE64 }]);
    expect(user.content).toContain('Which colour is the dot?\n\n[image: dot.png]');
    expect(user.content).toContain('The dot is the colour of the sea.');
    expect(user.content).not.toContain('What is in the picture?');

    // New files replace them; none leaves the message without any.
    const [other] = await upload({ 'other.txt': 'Only this one now.' });
    await finished(await call('threads.editLast', { threadId: first.threadId!, input: 'And this?', attachments: [{ attachmentId: other!.attachmentId }] }));
    user = lastUser();
    expect(user.images).toBeUndefined();
    expect(user.content).toContain('Attached file other.txt:');
    expect(user.content).not.toContain('dot.png');
    await finished(await call('threads.editLast', { threadId: first.threadId!, input: 'Plain words.', attachments: [] }));
    expect(lastUser()).toEqual({ role: 'user', content: 'Plain words.' });
    const plainAgain = await finished(await call('threads.regenerate', { threadId: first.threadId! }));
    expect(await added(plainAgain.id)).toEqual([]);
    expect(lastUser()).toEqual({ role: 'user', content: 'Plain words.' });
  }, 60_000);

  it('does not ingest a knowledge-base file again, and the regenerated turn gets the same passages', async () => {
    const agent = await call('agents.create', { name: 'Archivist', model: { provider: 'ollama', model: 'llava' } });
    const report = join(files, 'report.txt');
    writeFileSync(report, longReport());
    const small = join(files, 'small.txt');
    writeFileSync(small, 'A small note given by its path.');
    const first = await finished(await call('runs.start', { agent: agent.id, input: 'Where is the spare key of the lighthouse kept?', attachments: [{ path: report }, { path: small }] }));
    const [kbEvent] = await added(first.id);
    expect(kbEvent).toMatchObject({ name: 'report.txt', kind: 'knowledge', kbId: expect.any(String), ref: { path: report } });
    const kbId = (kbEvent as { kbId: string }).kbId;
    const documents = async () => (await call('kb.documents', { kbId, limit: 200, offset: 0 })).total;
    const jobs = async () => (await call('kb.jobs', { kbId, limit: 50 })).length;
    expect(await documents()).toBe(1);
    expect(await jobs()).toBe(1);

    const again = await finished(await call('threads.regenerate', { threadId: first.threadId! }));
    expect(await documents()).toBe(1);
    expect(await jobs()).toBe(1);
    expect(await added(again.id)).toEqual([
      expect.objectContaining({ name: 'report.txt', kind: 'knowledge', kbId, ref: { path: report } }),
      expect.objectContaining({ name: 'small.txt', kind: 'inline', ref: { path: small } }),
    ]);
    const messages = h.fake.chats.at(-1)!.messages;
    expect(messages.find((m) => m.role === 'system')?.content).toContain('under the blue flowerpot');
    expect(messages.at(-1)!.content).toContain('[file: report.txt');
    expect(messages.at(-1)!.content).toContain('A small note given by its path.');

    // A file given by its path that is gone since: the replay says which, and starts nothing.
    rmSync(small);
    const runs = (await call('runs.list', {})).length;
    expect(await failure(call('threads.regenerate', { threadId: first.threadId! }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('small.txt') });
    expect((await call('runs.list', {})).length).toBe(runs);
  }, 120_000);
});
