import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run, Trace } from '@shared/entities/run';
import type { ThreadDetail, ThreadListItem } from '@shared/entities/thread';
import { RunRepository } from '../../src-main/engine/runtime/repository';
import { openStore } from '../../src-main/engine/store/index';
import { defaultResponder, startFakeOllama, type FakeLlm } from '../fakes/index';
import { CLI, requireBuild, runCli, tempDataDir } from '../helpers/serve';

/** Runs the CLI with `input` piped to its stdin (not a terminal). */
function runCliWithInput(
  dataDir: string,
  args: string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  requireBuild();
  return new Promise((resolveRun) => {
    const proc = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('exit', (code) => resolveRun({ code, stdout, stderr }));
    proc.stdin.end(input);
  });
}

type Message = { role: string; content: string };
/** The messages of the fake's chat requests (not its other endpoints), in order. */
const chats = (fake: FakeLlm) =>
  fake.requests.flatMap((r) => {
    const messages = (r.body as { messages?: Message[] } | undefined)?.messages;
    return Array.isArray(messages) ? [messages] : [];
  });
const userMessagesOf = (fake: FakeLlm, index: number) =>
  chats(fake)
    [index]!.filter((m) => m.role === 'user')
    .map((m) => m.content);

/** `run --thread/--new-thread`, `threads list/show/delete`, `chat`, and ids by prefix — the CLI's own engine on a data folder. */
describe('agent-factory threads and chat', () => {
  const dataDir = tempDataDir('af-cli-threads-');
  let fake: FakeLlm;
  const previousHost = process.env.OLLAMA_HOST;
  const json = async <T>(args: string[]): Promise<T> => {
    const result = await runCli(dataDir, args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as T;
  };

  beforeAll(async () => {
    fake = await startFakeOllama({ respond: defaultResponder });
    process.env.OLLAMA_HOST = fake.url;
    const created = await runCli(dataDir, [
      'agents',
      'create',
      '--name',
      'Echo',
      '--model',
      'ollama:test-model',
    ]);
    expect(created.code).toBe(0);
  });
  afterAll(async () => {
    await fake.close();
    if (previousHost === undefined) delete process.env.OLLAMA_HOST;
    else process.env.OLLAMA_HOST = previousHost;
    rmSync(dataDir, { recursive: true, force: true });
  });

  let first: Run;
  it('starts a new thread per run unless told to continue one (--thread, by any unique start of its id)', async () => {
    ({ run: first } = await json<{ run: Run; output: string; trace: Trace }>([
      'run',
      'echo',
      'My name is Ada',
      '--json',
    ]));
    expect(first.threadId).toEqual(expect.any(String));

    const from = chats(fake).length;
    const other = await json<{ run: Run }>(['run', 'echo', 'Unrelated question', '--json']);
    expect(other.run.threadId).not.toBe(first.threadId);
    expect(userMessagesOf(fake, from)).toEqual(['Unrelated question']);

    const explicit = await json<{ run: Run }>([
      'run',
      'echo',
      'Another one',
      '--new-thread',
      '--json',
    ]);
    expect(explicit.run.threadId).not.toBe(first.threadId);
    expect(userMessagesOf(fake, from + 1)).toEqual(['Another one']);

    const continued = await json<{ run: Run; output: string }>([
      'run',
      'echo',
      'What is my name?',
      '--thread',
      first.threadId!.slice(0, 8),
      '--json',
    ]);
    expect(continued.run.threadId).toBe(first.threadId);
    expect(continued.output).toBe('You said: What is my name?');
    expect(userMessagesOf(fake, from + 2)).toEqual(['My name is Ada', 'What is my name?']);

    // Streaming mode says which thread to continue.
    const streamed = await runCli(dataDir, ['run', 'echo', 'Hi', '--thread', first.threadId!]);
    expect(streamed.stdout).toBe('You said: Hi\n');
    expect(streamed.stderr).toBe(
      `Thread ${first.threadId!.slice(0, 8)} (continue it with --thread ${first.threadId!.slice(0, 8)})\n`,
    );

    const both = await runCli(dataDir, [
      'run',
      'echo',
      'x',
      '--thread',
      first.threadId!,
      '--new-thread',
    ]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('Give either --thread or --new-thread, not both.');
  });

  it('lists, searches and shows threads', async () => {
    const list = await json<ThreadListItem[]>(['threads', 'list', '--agent', 'echo', '--json']);
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ id: first.threadId, title: 'My name is Ada', runCount: 3 });
    const table = await runCli(dataDir, ['threads', 'list', '--agent', 'Echo']);
    expect(table.stdout).toMatch(
      new RegExp(`^${first.threadId!.slice(0, 8)}\\s+My name is Ada\\s+3\\s`, 'm'),
    );

    const found = await json<ThreadListItem[]>([
      'threads',
      'list',
      '--query',
      'unrelated',
      '--json',
    ]);
    expect(found.map((t) => t.title)).toEqual(['Unrelated question']);

    const detail = await json<ThreadDetail>([
      'threads',
      'show',
      first.threadId!.slice(0, 6),
      '--json',
    ]);
    expect(detail.runs.map((r) => r.input)).toEqual(['My name is Ada', 'What is my name?', 'Hi']);
    const archived = await runCli(dataDir, ['threads', 'archive', found[0]!.id.slice(0, 8)]);
    expect(archived.stdout).toBe(
      `Archived thread ${found[0]!.id.slice(0, 8)} “Unrelated question”.\n`,
    );
    expect(
      await json<ThreadListItem[]>(['threads', 'list', '--agent', 'echo', '--json']),
    ).toHaveLength(2);
    expect(
      await json<ThreadListItem[]>(['threads', 'list', '--agent', 'echo', '--archived', '--json']),
    ).toHaveLength(3);
    const shown = await runCli(dataDir, ['threads', 'show', first.threadId!]);
    expect(shown.stdout).toContain('You: What is my name?\nEcho: You said: What is my name?');
  });

  it('accepts any unique start of a run id, and lists the candidates of an ambiguous one', async () => {
    const shown = await runCli(dataDir, ['runs', 'show', first.id.slice(0, 7)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Run ${first.id} — Echo — succeeded`);
    expect(shown.stdout).toContain(`Thread ${first.threadId}`);

    // Two runs whose ids start alike, written straight into the folder's database.
    const store = await openStore({ kind: 'pglite', dataDir, thread: false });
    const repo = new RunRepository(store.db);
    const now = new Date().toISOString();
    for (const id of ['feedface-0001', 'feedface-0002']) {
      await repo.insert({
        ...first,
        id,
        rootRunId: id,
        threadId: null,
        createdAt: now,
        updatedAt: now,
      });
    }
    await store.close();
    const ambiguous = await runCli(dataDir, ['runs', 'show', 'feedface']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain(
      'Error (VALIDATION): "feedface" is the start of several runs\' ids: feedface-0001, feedface-0002.',
    );
    expect(ambiguous.stderr).toContain('Hint: Give more characters of the id.');
    const none = await runCli(dataDir, ['runs', 'show', 'nope-nothing']);
    expect(none.stderr).toContain(
      'Error (NOT_FOUND): No run with an id starting with "nope-nothing".',
    );
  });

  it('chats through stdin: streams answers, /new starts another thread, /threads lists, /quit ends', async () => {
    const from = chats(fake).length;
    const note = join(dataDir, 'note.txt');
    writeFileSync(note, 'The attached note says: pineapple.');
    const result = await runCliWithInput(
      dataDir,
      ['chat', 'Echo'],
      `Hello there\nAnd again\n/new\n/attach ${note}\nFresh start\n/threads\n/quit\nNever sent\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('You said: Hello there\n');
    expect(result.stdout).toContain('You said: And again\n');
    expect(result.stdout).toContain('You said: Fresh start');
    expect(result.stderr).toContain('New thread: it starts with your next message.');
    expect(chats(fake).length - from).toBe(3);
    expect(userMessagesOf(fake, from + 1)).toEqual(['Hello there', 'And again']);
    expect(userMessagesOf(fake, from + 2)).toHaveLength(1);
    expect(userMessagesOf(fake, from + 2)[0]).toContain('Fresh start');
    expect(JSON.stringify(userMessagesOf(fake, from + 2))).toContain('pineapple');
    // /threads printed this agent's threads, the current one marked.
    const threads = await json<ThreadListItem[]>(['threads', 'list', '--agent', 'echo', '--json']);
    const fresh = threads.find((t) => t.title === 'Fresh start')!;
    expect(result.stdout).toContain(`*${fresh.id.slice(0, 8)}`);
    expect(result.stdout).toMatch(/Hello there\s+2\s/);

    // Continue the first chat thread later.
    const hello = threads.find((t) => t.title === 'Hello there')!;
    const later = await runCliWithInput(
      dataDir,
      ['chat', 'echo', '--thread', hello.id.slice(0, 8)],
      'Remember me?\n',
    );
    expect(later.code).toBe(0);
    expect(later.stderr).toContain('Continuing “Hello there” (2 earlier messages) with Echo.');
    expect(later.stdout).toContain('You said: Remember me?');
    expect(userMessagesOf(fake, chats(fake).length - 1)).toEqual([
      'Hello there',
      'And again',
      'Remember me?',
    ]);
  });

  it('deletes a thread with its runs', async () => {
    const deleted = await runCli(dataDir, ['threads', 'delete', first.threadId!.slice(0, 8)]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe(
      `Deleted thread ${first.threadId!.slice(0, 8)} “My name is Ada” and its 3 runs.\n`,
    );
    const gone = await runCli(dataDir, ['runs', 'show', first.id]);
    expect(gone.code).toBe(1);
    const again = await runCli(dataDir, ['threads', 'show', first.threadId!]);
    expect(again.stderr).toContain('Error (NOT_FOUND)');
  });
});
