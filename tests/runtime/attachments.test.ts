import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_PNG, TINY_PNG_BASE64 } from '../fixtures/images';
import { longReport, useAttachmentsEngine } from './attachments-harness';

/** Files attached to chat messages, through the engine's router as every transport calls it (PGlite, real parser and local embedder, fake Ollama). */
describe('attachments in chat', () => {
  const h = useAttachmentsEngine('af-attach-');
  const { call, failure, upload, files } = h;
  const finished = (runId: string) => h.engine.runs.waitFor(runId);
  const agentWith = (name: string, model: string) => call('agents.create', { name, model: { provider: 'ollama', model } });
  const lastChat = () => h.fake.chats.at(-1)!;

  it('puts a small text into the message as a fenced block with its name', async () => {
    const agent = await agentWith('Reader', 'llama3.2');
    const [note] = await upload({ 'notes/todo.md': '# Todo\n\n- buy ```odd``` fences\n- water the plants\n' });
    expect(note).toMatchObject({ name: 'notes/todo.md', bytes: expect.any(Number) });
    expect(readdirSync(join(h.engine.dataDir, 'uploads', 'attachments'))).toContain(note!.attachmentId);
    // Clearing old uploads at start (files of deleted knowledge bases) leaves attachments alone.
    await h.engine.ingestion.uploads.start();
    expect(readdirSync(join(h.engine.dataDir, 'uploads', 'attachments'))).toContain(note!.attachmentId);
    const run = await call('runs.start', { agent: agent.id, input: 'What is on my list?', attachments: [{ attachmentId: note!.attachmentId }] });
    expect((await finished(run.id)).status).toBe('succeeded');
    const user = lastChat().messages.at(-1)!;
    expect(user.role).toBe('user');
    expect(user.content).toContain('What is on my list?\n\nAttached file notes/todo.md:\n````\n# Todo');
    expect(user.content).toContain('- water the plants');
    const events = (await call('runs.trace', { runId: run.id })).events.filter((e) => e.type === 'attachments.added');
    expect(events).toEqual([expect.objectContaining({ name: 'notes/todo.md', kind: 'inline', bytes: note!.bytes })]);
  });

  it('keeps a large file in the thread’s knowledge base, and a later turn of the thread gets passages from it', async () => {
    const agent = await agentWith('Archivist', 'llama3.2');
    const path = join(files, 'report.txt');
    writeFileSync(path, longReport());
    const first = await call('runs.start', { agent: agent.id, input: 'Here is the depot report.', attachments: [{ path }] });
    const firstDone = await finished(first.id);
    expect(firstDone).toMatchObject({ status: 'succeeded', threadId: expect.any(String) });
    const added = (await call('runs.trace', { runId: first.id })).events.find((e) => e.type === 'attachments.added');
    expect(added).toMatchObject({ name: 'report.txt', kind: 'knowledge', kbId: expect.any(String) });
    expect(lastChat().messages.at(-1)!.content).toContain('[file: report.txt');
    expect(lastChat().messages.at(-1)!.content).not.toContain('Section 7.');
    const kb = (await h.engine.knowledge.list()).find((k) => k.id === (added as { kbId: string }).kbId)!;
    expect(kb.name).toMatch(/^Thread .* attachments/);
    expect(kb.embedder).toMatchObject({ provider: 'local' });
    // It is the engine's, not the user's: not listed, unless asked for.
    expect((await call('kb.list', {})).some((k) => k.id === kb.id)).toBe(false);
    expect((await call('kb.list', { includeThreads: true })).some((k) => k.id === kb.id)).toBe(true);

    const second = await call('runs.start', { agent: agent.id, input: 'Where is the spare key of the lighthouse kept?', options: { threadId: firstDone.threadId! } });
    expect((await finished(second.id))).toMatchObject({ status: 'succeeded', threadId: firstDone.threadId });
    const system = lastChat().messages.find((m) => m.role === 'system')!;
    expect(system.content).toContain('under the blue flowerpot');
    // Another thread of the same agent does not see them.
    const other = await call('runs.start', { agent: agent.id, input: 'Where is the spare key of the lighthouse kept?', options: { newThread: true } });
    await finished(other.id);
    expect(lastChat().messages.find((m) => m.role === 'system')?.content ?? '').not.toContain('blue flowerpot');
    // Deleting the thread deletes its knowledge base of attachments.
    await call('threads.delete', { threadId: firstDone.threadId! });
    await expect.poll(async () => (await h.engine.knowledge.list()).some((k) => k.id === kb.id)).toBe(false);
  }, 120_000);

  it('sends an image to a vision model, and keeps only its name in the stored messages and the history', async () => {
    const agent = await agentWith('Looker', 'llava');
    const [pic] = await upload({ 'dot.png': TINY_PNG });
    expect(pic).toMatchObject({ name: 'dot.png', mediaType: 'image/png', bytes: TINY_PNG.length });
    const run = await call('runs.start', { agent: agent.id, input: 'What is in the picture?', attachments: [{ attachmentId: pic!.attachmentId }] });
    const done = await finished(run.id);
    expect(done.status).toBe('succeeded');
    const user = lastChat().messages.at(-1)!;
    expect(user.images).toEqual([{ data: TINY_PNG_BASE64 }]);
    expect(user.content).toContain('[image: dot.png]');
    const stored = (await call('runs.messages', { runId: run.id })).find((m) => m.message.role === 'user')!;
    expect(stored.message).toEqual({ role: 'user', content: expect.stringContaining('[image: dot.png]') });
    // The next turn carries the picture's name, not its bytes.
    const next = await call('runs.start', { agent: agent.id, input: 'And now?', options: { threadId: done.threadId! } });
    await finished(next.id);
    const earlier = lastChat().messages.filter((m) => m.role === 'user');
    expect(earlier.map((m) => m.images)).toEqual([undefined, undefined]);
    expect(earlier[0]!.content).toContain('[image: dot.png]');
  });

  it('refuses an image for a model that cannot see, before calling the model or creating anything', async () => {
    const agent = await agentWith('Blind', 'llama3.2');
    const [pic] = await upload({ 'dot.png': TINY_PNG });
    const chats = h.fake.chats.length;
    const runs = (await call('runs.list', {})).length;
    const error = await failure(call('runs.start', { agent: agent.id, input: 'Describe it', attachments: [{ attachmentId: pic!.attachmentId }] }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('llama3.2 cannot see images') });
    expect(error.hint).toMatch(/vision model such as llava, gpt-4o or claude/);
    expect(h.fake.chats.length).toBe(chats);
    expect((await call('runs.list', {})).length).toBe(runs);
  });

  it('lets an image through to a model nobody knows about, with a warning in the trace', async () => {
    const agent = await agentWith('Mystery', 'house-special');
    const path = join(files, 'dot.png');
    writeFileSync(path, TINY_PNG);
    const run = await call('runs.start', { agent: agent.id, input: 'See?', attachments: [{ path }] });
    expect((await finished(run.id)).status).toBe('succeeded');
    expect(lastChat().messages.at(-1)!.images).toHaveLength(1);
    const added = (await call('runs.trace', { runId: run.id })).events.find((e) => e.type === 'attachments.added');
    expect(added).toMatchObject({ kind: 'image', warning: expect.stringContaining('not known whether house-special can see images') });
  });

  it('enforces the size limits and the kinds of file before any byte is sent', async () => {
    const big = await failure(call('attachments.upload.begin', { files: [{ relativePath: 'huge.png', bytes: 6 * 1024 * 1024 }] }));
    expect(big).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('an image may have at most 5 MB') });
    const doc = await failure(call('attachments.upload.begin', { files: [{ relativePath: 'huge.pdf', bytes: 65 * 1024 * 1024 }] }));
    expect(doc).toMatchObject({ code: 'VALIDATION', issues: [expect.objectContaining({ path: ['files', 0, 'bytes'] })] });
    const exe = await failure(call('attachments.upload.begin', { files: [{ relativePath: 'setup.exe', bytes: 10 }] }));
    expect(exe).toMatchObject({ code: 'VALIDATION', hint: expect.stringContaining('PNG, JPEG') });
    const many = await failure(call('attachments.upload.begin', { files: Array.from({ length: 11 }, (_, i) => ({ relativePath: `f${i}.txt`, bytes: 1 })) }));
    expect(many).toMatchObject({ code: 'VALIDATION' });
    // A file given by path is checked the same way when the run starts.
    const agent = await agentWith('Sizer', 'llava');
    const path = join(files, 'big.png');
    writeFileSync(path, Buffer.alloc(5 * 1024 * 1024 + 1));
    expect(await failure(call('runs.start', { agent: agent.id, input: 'Hi', attachments: [{ path }] }))).toMatchObject({ code: 'VALIDATION' });
    // More bytes than announced are refused.
    const { uploadId } = await call('attachments.upload.begin', { files: [{ relativePath: 'a.txt', bytes: 2 }] });
    expect(await failure(call('attachments.upload.chunk', { uploadId, file: 0, offset: 0, dataBase64: Buffer.from('abc').toString('base64') }))).toMatchObject({ code: 'VALIDATION' });
    expect(await failure(call('attachments.upload.finish', { uploadId }))).toMatchObject({ code: 'VALIDATION' });
  });

  it('refuses paths that leave the attachments, and unknown or malformed attachment ids', async () => {
    for (const relativePath of ['../evil.txt', 'a/../../evil.txt', '/etc/passwd.txt', 'C:/evil.txt', 'a\\evil.txt']) {
      const error = await failure(call('attachments.upload.begin', { files: [{ relativePath, bytes: 1 }] }));
      expect(error, relativePath).toMatchObject({ code: 'VALIDATION', issues: [expect.objectContaining({ path: ['files', 0, 'relativePath'] })] });
    }
    const agent = await agentWith('Careful', 'llama3.2');
    for (const attachmentId of ['../../secrets', '..', 'x']) {
      expect(await failure(call('runs.start', { agent: agent.id, input: 'Hi', attachments: [{ attachmentId }] })), attachmentId).toMatchObject({ code: 'VALIDATION' });
    }
    expect(await failure(call('runs.start', { agent: agent.id, input: 'Hi', attachments: [{ attachmentId: '3f2b1c4e-0000-4000-8000-000000000000' }] }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(call('runs.start', { agent: agent.id, input: 'Hi', attachments: [{ path: '../notes.txt' }] }))).toMatchObject({ code: 'VALIDATION' });
    expect(await failure(call('runs.start', { agent: agent.id, input: 'Hi', attachments: [{ path: join(files, 'missing.txt') }] }))).toMatchObject({ code: 'NOT_FOUND' });
    // An attachment upload is not a knowledge base's: it cannot be finished as one.
    const { uploadId } = await call('attachments.upload.begin', { files: [{ relativePath: 'a.txt', bytes: 1 }] });
    await call('attachments.upload.chunk', { uploadId, file: 0, offset: 0, dataBase64: Buffer.from('a').toString('base64') });
    expect(await failure(call('kb.upload.finish', { uploadId }))).toMatchObject({ code: 'VALIDATION', hint: expect.stringContaining('attachments.upload.finish') });
    expect(await call('attachments.upload.cancel', { uploadId })).toEqual({ cancelled: true });
  });
});
