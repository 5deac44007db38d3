import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run, Trace, TraceEvent } from '@shared/entities/run';
import { defaultResponder, startFakeOllama, type FakeLlm } from '../fakes/index';
import { connectClient, runCli, startServe, tempDataDir, type Served } from '../helpers/serve';

/** `agent-factory run` / `runs list` / `runs show`, against a running `serve` and then in-process. */
describe('agent-factory run', () => {
  const dataDir = tempDataDir('af-cli-run-');
  let fake: FakeLlm;
  let served: Served | undefined;
  const previousHost = process.env.OLLAMA_HOST;

  beforeAll(async () => {
    fake = await startFakeOllama({ respond: defaultResponder });
    // The CLI's in-process engine reads the provider address from the environment.
    process.env.OLLAMA_HOST = fake.url;
    served = await startServe(dataDir, { OLLAMA_HOST: fake.url });
    const client = await connectClient(served);
    await client.call('agents.create', { name: 'Clock', model: { provider: 'ollama', model: 'test-model' }, tools: [{ kind: 'builtin', name: 'current_time' }] });
    client.close();
  });
  afterAll(async () => {
    await served?.stop();
    await fake.close();
    if (previousHost === undefined) delete process.env.OLLAMA_HOST;
    else process.env.OLLAMA_HOST = previousHost;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams the answer to stdout and tool calls to stderr, through the running server', async () => {
    const client = await connectClient(served!);
    const live: TraceEvent[] = [];
    client.subscribe('run.event', (e) => live.push(e));
    const result = await runCli(dataDir, ['run', 'clock', 'What time is it?']);
    expect(result.stderr).toContain('⚙ current_time({})');
    expect(result.stderr).toMatch(/✓ current_time → \{"utc":"\d{4}-/);
    expect(result.stdout).toMatch(/^The tool returned: \{"utc":"\d{4}-.*\}\n$/);
    expect(result.code).toBe(0);
    // A UI subscribed to the server saw the same run live.
    const runId = live[0]!.runId;
    await expect.poll(() => live.at(-1)?.type).toBe('run.finished');
    expect((await client.call('runs.trace', { runId })).events).toEqual(live);
    client.close();
  });

  it('prints the final answer and the trace as JSON with --json', async () => {
    const result = await runCli(dataDir, ['run', 'Clock', 'Say hi', '--json', '--no-history']);
    expect(result.code).toBe(0);
    const { run, output, trace } = JSON.parse(result.stdout) as { run: Run; output: string; trace: Trace };
    expect(output).toBe('You said: Say hi');
    expect(run).toMatchObject({ status: 'succeeded', agentName: 'Clock', input: 'Say hi' });
    expect(trace.events.map((e) => e.type)).toContain('text.delta');
    expect(trace.events.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
  });

  it('lists and shows runs, and fails with a clear error for an unknown agent', async () => {
    const listed = await runCli(dataDir, ['runs', 'list', '--agent', 'clock', '--json']);
    const runs = JSON.parse(listed.stdout) as Run[];
    expect(runs.map((r) => r.input)).toEqual(['Say hi', 'What time is it?']);
    const shown = await runCli(dataDir, ['runs', 'show', runs[1]!.id]);
    expect(shown.stdout).toContain('Clock — succeeded');
    expect(shown.stdout).toMatch(/tool\.result\s+✓ current_time/);
    const unknown = await runCli(dataDir, ['run', 'nobody', 'hi']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Error (NOT_FOUND): No agent "nobody".');
  });

  it('runs in-process when no server is running, continuing a thread given by --thread', async () => {
    await served!.stop();
    served = undefined;
    const listed = JSON.parse((await runCli(dataDir, ['runs', 'list', '--agent', 'clock', '--json'])).stdout) as Run[];
    const first = listed.find((r) => r.input === 'What time is it?')!;
    const result = await runCli(dataDir, ['run', 'clock', 'Hello again', '--thread', first.threadId!.slice(0, 8), '--json']);
    expect(result.stderr).toBe('');
    const { run } = JSON.parse(result.stdout) as { run: Run };
    expect(run).toMatchObject({ status: 'succeeded', output: 'You said: Hello again', threadId: first.threadId });
    // The first run's exchange was part of this run's request (the other thread's was not).
    const body = JSON.stringify(fake.requests.at(-1)?.body);
    expect(body).toContain('What time is it?');
    expect(body).not.toContain('Say hi');
  });
});
