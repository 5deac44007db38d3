import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run, Trace } from '@shared/entities/run';
import { defaultResponder, startFakeOllama, type FakeLlm } from '../fakes/index';
import { TINY_PNG, TINY_PNG_BASE64 } from '../fixtures/images';
import { runCli, tempDataDir } from '../helpers/serve';

/** `agent-factory run <agent> <input> --attach file...`, in-process against a fake Ollama. */
describe('agent-factory run --attach', () => {
  const dataDir = tempDataDir('af-cli-attach-');
  const files = mkdtempSync(join(tmpdir(), 'af-cli-attach-files-'));
  let fake: FakeLlm;
  const previousHost = process.env.OLLAMA_HOST;
  const json = (stdout: string) => JSON.parse(stdout) as { run: Run; output: string; trace: Trace };

  beforeAll(async () => {
    fake = await startFakeOllama({ respond: defaultResponder });
    process.env.OLLAMA_HOST = fake.url;
    writeFileSync(join(files, 'small.txt'), 'The meeting moved to Thursday at 10.\n');
    writeFileSync(join(files, 'pic.png'), TINY_PNG);
    for (const [name, model] of [['Reader', 'ollama:llama3.2'], ['Looker', 'ollama:llava']]) {
      expect((await runCli(dataDir, ['agents', 'create', '--name', name!, '--model', model!])).code).toBe(0);
    }
  }, 60_000);
  afterAll(async () => {
    await fake.close();
    if (previousHost === undefined) delete process.env.OLLAMA_HOST;
    else process.env.OLLAMA_HOST = previousHost;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it('puts a small text file into the message with its name (a path relative to the working folder)', async () => {
    const small = relative(process.cwd(), join(files, 'small.txt'));
    expect(small.startsWith('/')).toBe(false);
    const result = await runCli(dataDir, ['run', 'reader', 'When is the meeting?', '--json', '--attach', small]);
    expect(result.code, result.stderr).toBe(0);
    const { run, trace } = json(result.stdout);
    expect(run.status).toBe('succeeded');
    expect(trace.events.find((e) => e.type === 'attachments.added')).toMatchObject({ name: 'small.txt', kind: 'inline' });
    const user = fake.chats.at(-1)!.messages.at(-1)!;
    expect(user.content).toContain('Attached file small.txt:\n```\nThe meeting moved to Thursday at 10.');
  });

  it('sends an image to a vision model, and refuses it for a model that cannot see', async () => {
    const seen = await runCli(dataDir, ['run', 'looker', 'What is this?', '--attach', join(files, 'pic.png')]);
    expect(seen.code, seen.stderr).toBe(0);
    expect(seen.stderr).toContain('+ attached pic.png (image)');
    expect(fake.chats.at(-1)!.messages.at(-1)!.images).toEqual([{ data: TINY_PNG_BASE64 }]);
    const chats = fake.chats.length;
    const blind = await runCli(dataDir, ['run', 'reader', 'What is this?', '--attach', join(files, 'pic.png')]);
    expect(blind.code).toBe(1);
    expect(blind.stderr).toContain('llama3.2 cannot see images');
    expect(blind.stderr).toMatch(/vision model such as llava/);
    expect(fake.chats.length).toBe(chats);
  });
});
