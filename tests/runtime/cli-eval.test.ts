import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalComparison, EvalRun, EvalRunDetail, Suite } from '@shared/entities/eval';
import { defaultResponder, reply, startFakeOllama, startFakeOpenAI, type FakeLlm, type Responder } from '../fakes/index';
import { cliJson, cliOk } from '../helpers/cli';
import { connectClient, runCli, startServe, tempDataDir } from '../helpers/serve';

const ENV = ['OLLAMA_HOST', 'OPENAI_BASE_URL', 'OPENAI_API_KEY', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY'] as const;

/**
 * The fake's default conversation ("You said: <message>", a `current_time` call when asked the time),
 * in capitals when the agent's instructions ask for capitals: changing the agent changes the answers.
 */
const respond: Responder = (view) => {
  const answer = defaultResponder(view);
  const system = view.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
  return answer.type === 'text' && /in capitals/i.test(system) ? { ...answer, text: answer.text.toUpperCase() } : answer;
};

/** Three cases pass and two fail by construction against the fake. */
const BASIC = `# An agent suite: three cases pass, two fail
name: Echo basics
targets:
  - agent: Echo
    label: echo
cases:
  - id: hello
    input: hello there
    assert:
      - type: contains
        value: "You said: hello there"
  - id: order
    input:
      text: "Where is order {{n}}?"
      vars: { n: "42" }
    assert:
      - { type: icontains, value: order 42 }
      - { type: not-contains, value: refund }
      - { type: regex, value: "^you said", flags: i }
  - id: clock
    input: What time is it?
    assert:
      - type: tool-called
        value: { name: current_time }
      - { type: max-steps, value: 3 }
  - id: goodbye
    input: hi
    assert:
      - { type: contains, value: goodbye }
  - id: json
    input: plain words
    tags: [format]
    assert:
      - { type: is-json }
`;

const JUDGED = `name: Judged
judge: { model: { provider: openai, model: judge-model } }
targets: [{ agent: Echo, label: echo }]
cases:
  - id: repeats
    input: please help me
    assert:
      - type: llm-rubric
        value: The answer repeats the user's request.
        samples: 3
  - id: apologises
    input: sorry
    assert:
      - type: llm-rubric
        value: The answer apologises.
        samples: 3
`;

const BROKEN = `name: Broken
cases:
  - input: hi
    assert:
      - type: contians
        value: hi
`;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('agent-factory eval, against the provider fakes', () => {
  const dataDir = tempDataDir('af-cli-eval-');
  const suites = join(dataDir, 'suites');
  const basic = join(suites, 'basic.yaml');
  const previous = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  let ollama: FakeLlm;
  let judge: FakeLlm;
  let first: EvalRunDetail;

  beforeAll(async () => {
    ollama = await startFakeOllama({ respond });
    judge = await startFakeOpenAI();
    // The CLI's in-process engine reads provider addresses and keys from the environment it inherits;
    // Anthropic points at a closed port: an agent on it cannot be reached.
    Object.assign(process.env, {
      OLLAMA_HOST: ollama.url,
      OPENAI_BASE_URL: judge.url,
      OPENAI_API_KEY: 'sk-judge',
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
      ANTHROPIC_API_KEY: 'sk-nobody',
    });
    mkdirSync(suites);
    writeFileSync(basic, BASIC);
    writeFileSync(join(suites, 'judged.yml'), JUDGED);
    writeFileSync(join(suites, 'broken.yaml'), BROKEN);
    await cliOk(dataDir, ['agents', 'create', '--name', 'Echo', '--model', 'ollama:test-model']);
    await cliOk(dataDir, ['agents', 'update', 'Echo', '--tool', 'builtin:current_time']);
    await cliOk(dataDir, ['agents', 'create', '--name', 'Down', '--model', 'anthropic:claude-test']);
  });
  afterAll(async () => {
    await Promise.all([ollama?.close(), judge?.close()]);
    for (const name of ENV) {
      if (previous[name] === undefined) delete process.env[name];
      else process.env[name] = previous[name];
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports a suite, lists it, and refuses a broken one with file:line:column', async () => {
    expect(await cliOk(dataDir, ['eval', 'import', basic])).toMatch(/^Imported agent suite "Echo basics" \(5 cases, version [0-9a-f]{16}\)\.\n$/);
    const again = await runCli(dataDir, ['eval', 'import', basic]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error (CONFLICT)');
    expect(again.stderr).toContain('--replace');
    const replaced = await cliJson<Suite>(dataDir, ['eval', 'import', basic, '--replace', '--json']);
    expect(replaced).toMatchObject({ name: 'Echo basics', kind: 'agent', format: 'yaml', caseCount: 5, content: BASIC });

    const broken = await runCli(dataDir, ['eval', 'import', join(suites, 'broken.yaml')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toContain('Error (VALIDATION)');
    expect(broken.stderr).toMatch(/broken\.yaml:5:\d+: cases\[0\]\.assert\[0\]\.type: Unknown assertion type contians\. Did you mean "contains"\?/);
    const missing = await runCli(dataDir, ['eval', 'run', join(suites, 'nothing.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No file');

    const listed = await cliJson<Suite[]>(dataDir, ['eval', 'suites', '--json']);
    expect(listed.map((s) => s.name)).toEqual(['Echo basics']);
    expect(await cliOk(dataDir, ['eval', 'suites'])).toMatch(/^NAME\s+KIND\s+CASES\s+VERSION\s+UPDATED\nEcho basics\s+agent\s+5\s+[0-9a-f]{16}\s/);
  });

  it('runs a suite whose cases pass and fail by construction: exactly those counts in --json, and JUnit XML', async () => {
    const junit = join(dataDir, 'out', 'results.xml');
    first = await cliJson<EvalRunDetail>(dataDir, ['eval', 'run', basic, '--json', '--junit', junit]);
    expect(first.summary).toMatchObject({ total: 5, passed: 3, failed: 2, errors: 0, passRate: 0.6, flaky: 0 });
    expect(first).toMatchObject({ status: 'completed', suiteName: 'Echo basics', targets: [{ label: 'echo', revision: 1 }] });
    const status = Object.fromEntries(first.cases.map((c) => [c.caseId, c.status]));
    expect(status).toEqual({ hello: 'passed', order: 'passed', clock: 'passed', goodbye: 'failed', json: 'failed' });
    const goodbye = first.cases.find((c) => c.caseId === 'goodbye')!;
    expect(goodbye.output).toBe('You said: hi');
    expect(goodbye.assertions).toMatchObject([{ type: 'contains', pass: false }]);
    expect(first.cases.find((c) => c.caseId === 'order')!.input).toBe('Where is order 42?');

    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="Echo basics" tests="5" failures="2" errors="0" /);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).toContain('<testsuite name="Echo basics — echo" tests="5" failures="2" errors="0" skipped="0"');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toMatch(/<testcase name="goodbye" classname="Echo basics\.echo" time="[\d.]+">\n\s+<failure message="contains: [^"]*goodbye[^"]*" type="assertion">/);
  });

  it('prints a summary with the failing cases, and progress on stderr, without --json', async () => {
    const result = await runCli(dataDir, ['eval', 'run', 'Echo basics']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^0\/5 cases\n(.*\n)*5\/5 cases\n$/);
    expect(result.stdout).toMatch(/^Echo basics \(version [0-9a-f]{16}\), run [\w-]+: completed\n3 passed, 2 failed, 0 errors of 5 — pass rate 60\.0%\n/);
    expect(result.stdout).toMatch(/\nCASE\s+TARGET\s+STATUS\s+TRIALS\s+SCORE\s+LATENCY\s+CACHED\s+REASON\ngoodbye\s+echo\s+failed\s+0\.00\s/);
    expect(result.stdout).not.toMatch(/\nhello\s/);
    expect(result.stdout).toMatch(/\nDetails: agent-factory eval show [\w-]{8}\n$/);
  });

  it('exits 1 when the pass rate is under --fail-under (a rate or a percentage), 0 otherwise', async () => {
    const pass = await runCli(dataDir, ['eval', 'run', 'Echo basics', '--fail-under', '0.5', '--json']);
    expect(pass.code).toBe(0);
    expect((JSON.parse(pass.stdout) as EvalRunDetail).summary!.passRate).toBe(0.6);
    const fail = await runCli(dataDir, ['eval', 'run', 'Echo basics', '--fail-under', '0.9', '--json']);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toContain('Pass rate 60.0% is under --fail-under 90.0%.');
    expect((JSON.parse(fail.stdout) as EvalRunDetail).summary).toMatchObject({ passed: 3, failed: 2 });
    const percent = await runCli(dataDir, ['eval', 'run', 'Echo basics', '--fail-under', '60%']);
    expect(percent.code).toBe(0);
    const bad = await runCli(dataDir, ['eval', 'run', 'Echo basics', '--fail-under', '1.5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--fail-under: "1.5" is not a rate from 0 to 1.');
  });

  it('answers unchanged cases from the cache, and asks the agent again with --no-cache; --tags picks cases', async () => {
    const chats = ollama.chats.length;
    const cached = await cliJson<EvalRunDetail>(dataDir, ['eval', 'run', 'Echo basics', '--json']);
    expect(cached.cases.every((c) => c.cached)).toBe(true);
    expect(ollama.chats.length).toBe(chats);
    const fresh = await cliJson<EvalRunDetail>(dataDir, ['eval', 'run', 'Echo basics', '--no-cache', '--json']);
    expect(fresh.cases.some((c) => c.cached)).toBe(false);
    expect(ollama.chats.length).toBeGreaterThanOrEqual(chats + 5);
    expect(fresh.summary).toMatchObject({ passed: 3, failed: 2 });
    const tagged = await cliJson<EvalRunDetail>(dataDir, ['eval', 'run', 'Echo basics', '--tags', 'format', '--json']);
    expect(tagged.cases.map((c) => c.caseId)).toEqual(['json']);
  });

  it('judges an llm-rubric through the fake: a judge at temperature 0, three samples, the majority wins', async () => {
    const verdict = (pass: boolean, reason: string) => reply.text(JSON.stringify({ reason, verdict: pass ? 'pass' : 'fail' }));
    judge.script(
      verdict(true, 'It repeats the request.'),
      verdict(false, 'It only echoes.'),
      verdict(true, 'It repeats the request.'),
      verdict(false, 'No apology.'),
      verdict(false, 'No apology.'),
      verdict(true, 'It says sorry.'),
    );
    const run = await cliJson<EvalRunDetail>(dataDir, ['eval', 'run', join(suites, 'judged.yml'), '--concurrency', '1', '--json']);
    expect(run.summary).toMatchObject({ total: 2, passed: 1, failed: 1, errors: 0 });
    const [repeats, apologises] = ['repeats', 'apologises'].map((id) => run.cases.find((c) => c.caseId === id)!);
    expect(repeats!.status).toBe('passed');
    expect(repeats!.assertions[0]).toMatchObject({ type: 'llm-rubric', pass: true, reason: '2/3 judge samples passed: It repeats the request.' });
    expect(repeats!.assertions[0]!.score).toBeCloseTo(2 / 3);
    expect(apologises!.status).toBe('failed');
    expect(apologises!.assertions[0]).toMatchObject({ pass: false, reason: '1/3 judge samples passed: No apology.' });

    expect(judge.chats).toHaveLength(6);
    expect(judge.chats.every((c) => c.model === 'judge-model' && c.tools.length === 0)).toBe(true);
    const asked = judge.chats[0]!.messages.find((m) => m.role === 'user')!.content;
    expect(asked).toContain("The answer repeats the user's request.");
    expect(asked).toContain('You said: please help me');
    const bodies = judge.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => (r.body as { temperature?: number }).temperature);
    expect(bodies).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('reports an unreachable provider as infrastructure errors, not failed cases', async () => {
    const matrix = await runCli(dataDir, ['eval', 'run', 'Echo basics', '--agent', 'Echo', '--agent', 'Down', '--concurrency', '5', '--fail-under', '0.5', '--json']);
    expect(matrix.code).toBe(0);
    const run = JSON.parse(matrix.stdout) as EvalRunDetail;
    expect(run.summary).toMatchObject({ total: 10, passed: 3, failed: 2, errors: 5, passRate: 0.6 });
    expect(run.summary!.byTarget['Down@0']).toEqual({ passed: 0, failed: 0, errors: 5, passRate: 0 });
    const down = run.cases.filter((c) => c.target === 'Down@0');
    expect(down).toHaveLength(5);
    for (const c of down) expect(c).toMatchObject({ status: 'error', errorKind: 'infrastructure', output: null });
    expect(matrix.stderr).toContain('5 of 10 could not be judged (infrastructure); they are not counted as failures.');

    const alone = await runCli(dataDir, ['eval', 'run', 'Echo basics', '--agent', 'Down', '--concurrency', '5', '--fail-under', '0.5']);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toContain('0 passed, 0 failed, 5 errors of 5');
    expect(alone.stderr).toContain('Nothing could be judged, so the pass rate cannot reach --fail-under 50.0%.');
  });

  it('lists runs, shows one by a short id, and compare marks the case that regressed after the agent changed', async () => {
    await cliOk(dataDir, ['agents', 'update', 'Echo', '--system-prompt', 'Answer in capitals.']);
    const second = await cliJson<EvalRunDetail>(dataDir, ['eval', 'run', basic, '--json']);
    expect(second.targets).toMatchObject([{ label: 'echo', revision: 2 }]);
    expect(second.summary).toMatchObject({ passed: 2, failed: 3, errors: 0 });
    expect(second.cases.some((c) => c.cached)).toBe(false);

    const runs = await cliJson<EvalRun[]>(dataDir, ['eval', 'list', '--suite', 'Echo basics', '--json']);
    expect(runs[0]!.id).toBe(second.id);
    expect(runs.map((r) => r.id)).toContain(first.id);
    expect(await cliOk(dataDir, ['eval', 'list'])).toMatch(/^ID\s+SUITE\s+STATUS\s+TARGETS\s+PASSED\s+FAILED\s+ERRORS\s+PASS RATE\s+CREATED\n/);

    const shown = await cliJson<EvalRunDetail>(dataDir, ['eval', 'show', first.id.slice(0, 8), '--json']);
    expect(shown.id).toBe(first.id);
    expect(shown.cases).toHaveLength(5);
    const text = await cliOk(dataDir, ['eval', 'show', first.id]);
    expect(text).toContain('3 passed, 2 failed, 0 errors of 5 — pass rate 60.0%');
    expect(text).toMatch(/\nhello\s+echo\s+passed\s/);
    expect(text).toMatch(/\njson\s+echo\s+failed\s.*is-json/);

    const comparison = await cliJson<EvalComparison>(dataDir, ['eval', 'compare', first.id, second.id.slice(0, 8), '--json']);
    expect(comparison.cases[0]).toMatchObject({ caseId: 'hello', target: 'echo', change: 'regressed', a: 1, b: 0 });
    expect(comparison.cases.filter((c) => c.change === 'regressed').map((c) => c.caseId)).toEqual(['hello']);
    expect(comparison.cases.filter((c) => c.change === 'unchanged')).toHaveLength(4);
    expect(comparison.passRate).toMatchObject({ a: 0.6, b: 0.4 });
    expect(comparison.passRate.diff).toBeCloseTo(-0.2);
    expect(comparison.mcnemar).toMatchObject({ onlyA: 1, onlyB: 0, significant: false });
    const printed = await cliOk(dataDir, ['eval', 'compare', first.id, second.id]);
    expect(printed).toContain('Pass rate: 60.0% → 40.0% (−20.0 points');
    expect(printed).toMatch(/McNemar: 1 passed only in A, 0 only in B, p = 1\.000 \(not significant\)/);
    expect(printed).toMatch(/\nCHANGE\s+CASE\s+TARGET\s+A\s+B\s+REASON\nREGRESSED\s+hello\s+echo\s+100\.0%\s+0\.0%\s/);
  });
});

const RETRIEVAL = `name: Docs retrieval
kind: retrieval
kb: Docs
k: 2
modes: [keyword, vector]
cases:
  - id: password
    query: reset password
    relevant: [password.md]
    tags: [accounts]
  - id: refunds
    query: refund window in days
    relevant: ["within 30 days"]
`;

describe('agent-factory eval with a retrieval suite, and through a running serve', () => {
  const dataDir = tempDataDir('af-cli-eval-serve-');
  const docs = join(dataDir, 'docs');
  const previousHost = process.env.OLLAMA_HOST;
  let ollama: FakeLlm;

  beforeAll(async () => {
    ollama = await startFakeOllama({ respond: defaultResponder });
    process.env.OLLAMA_HOST = ollama.url;
    mkdirSync(docs);
    writeFileSync(join(docs, 'password.md'), '# Accounts\n\nTo reset your password, open Settings and choose Reset password.\n');
    writeFileSync(join(docs, 'refunds.md'), '# Refunds\n\nRefunds are accepted within 30 days of delivery.\n');
    writeFileSync(join(docs, 'shipping.md'), '# Shipping\n\nParcels arrive in 5 business days.\n');
    writeFileSync(join(dataDir, 'retrieval.yaml'), RETRIEVAL);
    writeFileSync(join(dataDir, 'basic.yaml'), BASIC);
    await cliOk(dataDir, ['kb', 'create', 'Docs', '--embedder', 'ollama', '--model', 'fake-embed']);
    await runCli(dataDir, ['ingest', 'Docs', docs]);
    await cliOk(dataDir, ['agents', 'create', '--name', 'Echo', '--model', 'ollama:test-model']);
    await cliOk(dataDir, ['agents', 'update', 'Echo', '--tool', 'builtin:current_time']);
  });
  afterAll(async () => {
    await ollama?.close();
    if (previousHost === undefined) delete process.env.OLLAMA_HOST;
    else process.env.OLLAMA_HOST = previousHost;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives recall@k, MRR and nDCG@k per mode and per tag in the summary of a retrieval suite', async () => {
    const run = await cliJson<EvalRunDetail>(dataDir, ['eval', 'run', join(dataDir, 'retrieval.yaml'), '--json']);
    expect(run).toMatchObject({ kind: 'retrieval', status: 'completed' });
    const metrics = run.summary!.metrics!;
    for (const key of ['recall@2', 'mrr', 'ndcg@2', 'keyword.recall@2', 'keyword.mrr', 'keyword.ndcg@2', 'vector.recall@2', 'vector.mrr', 'vector.ndcg@2', 'tag:accounts.recall@2']) {
      expect(metrics[key], key).toBeGreaterThanOrEqual(0);
      expect(metrics[key], key).toBeLessThanOrEqual(1);
    }
    // Keyword search finds both by their words: the first mode's figures are the overall ones.
    expect(metrics['keyword.recall@2']).toBe(1);
    expect(metrics['recall@2']).toBe(metrics['keyword.recall@2']);
    expect(metrics.mrr).toBe(metrics['keyword.mrr']);
    const shown = await runCli(dataDir, ['eval', 'run', 'Docs retrieval']);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe('0/2 cases\n2/2 cases\n');
    expect(shown.stdout).toMatch(
      /\nMetrics:\n {2}overall: recall@2 1\.000, mrr [\d.]+, ndcg@2 [\d.]+\n {2}keyword: recall@2 1\.000, mrr [\d.]+, ndcg@2 [\d.]+\n {2}vector: recall@2 [\d.]+, mrr [\d.]+, ndcg@2 [\d.]+\n {2}tag:accounts: recall@2 [\d.]+, mrr [\d.]+, ndcg@2 [\d.]+\n/,
    );
    const refused = await runCli(dataDir, ['eval', 'run', 'Docs retrieval', '--agent', 'Echo']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is a retrieval suite');
  });

  it('runs through a running serve, whose clients see the progress live', async () => {
    const served = await startServe(dataDir, { OLLAMA_HOST: ollama.url });
    const client = await connectClient(served);
    try {
      const seen: EvalRun[] = [];
      client.subscribe('eval.progress', (run) => seen.push(run));
      const result = await runCli(dataDir, ['eval', 'run', join(dataDir, 'basic.yaml'), '--fail-under', '0.9', '--json']);
      expect(result.code).toBe(1);
      const run = JSON.parse(result.stdout) as EvalRunDetail;
      expect(run.summary).toMatchObject({ passed: 3, failed: 2, errors: 0 });
      const mine = seen.filter((r) => r.id === run.id);
      expect(mine.at(-1)).toMatchObject({ status: 'completed', progress: { done: 5, total: 5 } });
      expect(mine.length).toBeGreaterThanOrEqual(5);
      expect((await client.call('eval.runs.list', { limit: 50 })).map((r) => r.id)).toContain(run.id);
    } finally {
      client.close();
      await served.stop();
    }
  });
});
