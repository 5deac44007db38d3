import { expect } from 'vitest';
import { defaultResponder, startFakeOllama, type FakeLlm } from '../fakes/index';
import { runCli } from './serve';

/**
 * A fake Ollama (answering "You said: …") for tests of the built CLI: the CLI's in-process engine
 * reads the provider's address from the environment it inherits, so OLLAMA_HOST points at the fake
 * until `close`. Pass `fake.url` as OLLAMA_HOST to `startServe` too.
 */
export async function fakeOllamaForCli(): Promise<{ fake: FakeLlm; close(): Promise<void> }> {
  const fake = await startFakeOllama({ respond: defaultResponder });
  const previous = process.env.OLLAMA_HOST;
  process.env.OLLAMA_HOST = fake.url;
  return {
    fake,
    async close() {
      await fake.close();
      if (previous === undefined) delete process.env.OLLAMA_HOST;
      else process.env.OLLAMA_HOST = previous;
    },
  };
}

/** Runs the CLI, expects exit code 0 and nothing on stderr, answers stdout. */
export async function cliOk(dataDir: string, args: string[]): Promise<string> {
  const result = await runCli(dataDir, args);
  expect(result.stderr, `agent-factory ${args.join(' ')}`).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** Runs the CLI (with --json among `args`), expects success, answers the parsed output. */
export async function cliJson<T>(dataDir: string, args: string[]): Promise<T> {
  return JSON.parse(await cliOk(dataDir, args)) as T;
}
