import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Automation, AutomationOverview, AutomationRun, InboxItem } from '@shared/entities/automation';
import type { WsClient } from '@shared/client/ws-client';
import { cliJson, cliOk, fakeOllamaForCli } from '../helpers/cli';
import { connectClient, runCli, startServe, tempDataDir, type Served } from '../helpers/serve';

type Created = Automation & { webhook?: { path: string; secret: string } };

const previousTz = process.env.TZ;

/** `automations …` and `inbox` of the built CLI: its own engine on a data folder (nothing scheduled), then through a running `serve`. */
describe('agent-factory automations, without a server', () => {
  const dataDir = tempDataDir('af-cli-automations-');
  const watched = join(dataDir, 'incoming');
  let llm: Awaited<ReturnType<typeof fakeOllamaForCli>>;
  const create = (...args: string[]) =>
    cliJson<Created>(dataDir, ['automations', 'create', '--agent', 'echo', '--input', 'Do it on {{date}}', ...args, '--json']);

  beforeAll(async () => {
    // Times print in the machine's zone; make it one the assertions know.
    process.env.TZ = 'UTC';
    mkdirSync(watched);
    llm = await fakeOllamaForCli();
    await cliOk(dataDir, ['agents', 'create', '--name', 'Echo', '--model', 'ollama:test-model']);
  });
  afterAll(async () => {
    await llm.close();
    if (previousTz === undefined) delete process.env.TZ;
    else process.env.TZ = previousTz;
    rmSync(dataDir, { recursive: true, force: true });
  });

  let morning: Created;
  it('creates an automation with each kind of trigger and prints it as JSON', async () => {
    morning = await create('--name', 'Morning', '--cron', '0 9 * * 1-5', '--tz', 'Europe/Berlin', '--notify', 'always');
    expect(morning).toMatchObject({
      name: 'Morning',
      agentName: 'Echo',
      input: 'Do it on {{date}}',
      state: 'active',
      triggers: [{ kind: 'cron', expr: '0 9 * * 1-5', timezone: 'Europe/Berlin' }],
      delivery: { notify: 'always', inbox: true },
      permissions: { approval: 'deny', allowTools: [] },
      webhookPath: null,
    });
    expect(morning.id).toEqual(expect.any(String));
    expect(morning.webhook).toBeUndefined();

    const poll = await create('--name', 'Poll', '--every', '90s', '--overlap', 'queue-one', '--missed', 'run-once', '--grace', '5m', '--paused');
    expect(poll).toMatchObject({
      state: 'paused',
      triggers: [{ kind: 'every', seconds: 90 }],
      policies: { overlap: 'queue-one', missed: { kind: 'run-once', graceMs: 300_000 } },
    });

    const once = await create('--name', 'Once', '--at', '2030-01-01T09:00', '--tz', 'America/New_York', '--timeout', '2m', '--max-steps', '3');
    expect(once).toMatchObject({ triggers: [{ kind: 'at', iso: '2030-01-01T14:00:00.000Z' }], budget: { timeoutMs: 120_000, maxSteps: 3 } });

    const files = await create('--name', 'Files', '--watch', watched, '--glob', '**/*.md', '--events', 'add', '--approval', 'allow-listed', '--allow-tool', 'current_time');
    expect(files).toMatchObject({
      triggers: [{ kind: 'watch', path: watched, globs: ['**/*.md'], events: ['add'] }],
      permissions: { approval: 'allow-listed', allowTools: ['current_time'] },
    });

    const hook = await create('--name', 'Hook', '--webhook', '--no-inbox');
    expect(hook).toMatchObject({ triggers: [{ kind: 'webhook' }], webhookPath: `/hooks/${hook.id}`, delivery: { inbox: false } });
    expect(hook.webhook).toEqual({ path: `/hooks/${hook.id}`, secret: expect.stringMatching(/^[\w-]{20,}$/) });

    const start = await create('--name', 'Start', '--on-start', '--quiet', '22:00-07:00', '--tz', 'UTC');
    expect(start).toMatchObject({ triggers: [{ kind: 'startup' }], conditions: { quietHours: { start: '22:00', end: '07:00', timezone: 'UTC' } } });

    const chained = await create('--name', 'Chained', '--after', 'Morning:failed,timed_out', '--every', '1d');
    expect(chained.triggers).toEqual([
      { kind: 'every', seconds: 86_400 },
      { kind: 'after', automation: expect.stringMatching(new RegExp(`^(${morning.id}|Morning)$`)), statuses: ['failed', 'timed_out'] },
    ]);
  });

  it('says in text what it created: the webhook’s secret with a signing recipe, and that nothing runs yet', async () => {
    const result = await runCli(dataDir, ['automations', 'create', '--name', 'Hook 2', '--agent', 'Echo', '--input', 'x', '--webhook']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created automation "Hook 2" \([\w-]+\), active\.\nWebhook: POST \/hooks\/[\w-]+\nSecret: {2}[\w-]+\n/);
    expect(result.stdout).toContain('openssl dgst -sha256 -hmac');
    expect(result.stdout).toContain('http://127.0.0.1:<port of serve>/hooks/');
    expect(result.stderr).toContain('Nothing is running on this data folder');
  });

  it('refuses a bad cron, a bad duration or no trigger with a clear error and creates nothing', async () => {
    const before = await cliJson<Automation[]>(dataDir, ['automations', 'list', '--json']);
    const badCron = await runCli(dataDir, ['automations', 'create', '--name', 'Bad', '--agent', 'echo', '--input', 'x', '--cron', '61 * * * *']);
    expect(badCron.code).toBe(1);
    expect(badCron.stdout).toBe('');
    expect(badCron.stderr).toContain('Error (VALIDATION): --cron: "61 * * * *" is not a cron expression we can read');
    expect(badCron.stderr).toContain('Hint: Use 5 fields');
    const fields = await runCli(dataDir, ['automations', 'create', '--name', 'Bad', '--agent', 'echo', '--input', 'x', '--cron', 'every day']);
    expect(fields.code).toBe(1);
    expect(fields.stderr).toContain('--cron: "every day" is not a cron expression');
    const every = await runCli(dataDir, ['automations', 'create', '--name', 'Bad', '--agent', 'echo', '--input', 'x', '--every', '10 minutes']);
    expect(every.code).toBe(1);
    expect(every.stderr).toContain('Error (VALIDATION): --every: "10 minutes" is not a duration.\nHint: Use a number with a unit: 30s, 5m, 2h, 1d');
    const none = await runCli(dataDir, ['automations', 'create', '--name', 'Bad', '--agent', 'echo', '--input', 'x']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Give at least one trigger.');
    const agent = await runCli(dataDir, ['automations', 'create', '--name', 'Bad', '--agent', 'nobody', '--input', 'x', '--every', '1h']);
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain('nobody');
    const same = await runCli(dataDir, ['automations', 'create', '--name', 'Morning', '--agent', 'echo', '--input', 'x', '--every', '1h']);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('Error (CONFLICT)');
    expect(await cliJson<Automation[]>(dataDir, ['automations', 'list', '--json'])).toEqual(before);
  });

  it('lists, shows (with the next five fires in its zone), pauses, resumes and deletes', async () => {
    const list = await cliJson<Automation[]>(dataDir, ['automations', 'list', '--json']);
    expect(list.map((a) => a.name).sort()).toEqual(['Chained', 'Files', 'Hook', 'Hook 2', 'Morning', 'Once', 'Poll', 'Start']);
    const listed = await cliOk(dataDir, ['automations', 'list']);
    expect(listed).toMatch(/^NAME\s+STATE\s+AGENT\s+TRIGGERS\s+NEXT\s+LAST\n/);
    expect(listed).toMatch(/\nMorning\s+active\s+Echo\s+cron "0 9 \* \* 1-5" \(Europe\/Berlin\)\s+\d{4}-\d\d-\d\d 09:00:00 GMT\+[12]\s/);
    expect(listed).toMatch(/\nPoll\s+paused\s+Echo\s+every 1m30s/);
    expect(listed).toMatch(/\nChained\s+active\s+Echo\s+every 1d; after /);

    const shown = await cliJson<Automation & { nextFires: string[] }>(dataDir, ['automations', 'show', 'morning', '--json']);
    expect(shown.id).toBe(morning.id);
    expect(shown.nextFires).toHaveLength(5);
    for (const fire of shown.nextFires) {
      const at = new Date(fire);
      const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
      expect(berlin).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
    }
    const text = await cliOk(dataDir, ['automations', 'show', 'Morning']);
    expect(text).toContain('Triggers:  cron "0 9 * * 1-5" (Europe/Berlin)');
    expect(text).toContain('Approval:  deny');
    expect(text).toContain('Delivery:  notify always, inbox');
    expect(text.match(/ 09:00:00 GMT\+[12]\b/g)).toHaveLength(5);

    const paused = await cliJson<Automation>(dataDir, ['automations', 'pause', 'Morning', '--json']);
    expect(paused).toMatchObject({ id: morning.id, state: 'paused' });
    expect(await cliOk(dataDir, ['automations', 'resume', 'Morning'])).toMatch(/^Resumed "Morning"; next fire \d{4}-\d\d-\d\d 09:00:00 GMT\+[12]\.\n$/);
    expect((await cliJson<Automation>(dataDir, ['automations', 'show', morning.id, '--json'])).state).toBe('active');

    expect(await cliOk(dataDir, ['automations', 'delete', 'Poll'])).toBe('Deleted automation "Poll".\n');
    const gone = await runCli(dataDir, ['automations', 'show', 'Poll']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('Error (NOT_FOUND): No automation named "Poll".');
  });

  it('updates only what the flags say', async () => {
    const updated = await cliJson<Automation>(dataDir, ['automations', 'update', 'Once', '--every', '2h', '--notify', 'never', '--json']);
    expect(updated).toMatchObject({
      name: 'Once',
      triggers: [{ kind: 'every', seconds: 7200 }],
      delivery: { notify: 'never', inbox: true },
      budget: { timeoutMs: 120_000, maxSteps: 3 },
    });
    expect(await cliOk(dataDir, ['automations', 'update', 'once', '--rename', 'Later'])).toMatch(/^Updated "Later"; next fire \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.\n$/);
    const nothing = await runCli(dataDir, ['automations', 'update', 'Later']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('Error (VALIDATION): Nothing to change.');
  });

  it('cannot fire one by hand without a server, and says how; history and inbox are empty', async () => {
    const run = await runCli(dataDir, ['automations', 'run', 'Morning']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error (UNAVAILABLE)');
    expect(run.stderr).toContain('Hint: Start `agent-factory serve`');
    expect(await cliJson<AutomationRun[]>(dataDir, ['automations', 'history', 'Morning', '--json'])).toEqual([]);
    expect(await cliJson<InboxItem[]>(dataDir, ['inbox', '--json'])).toEqual([]);
    const read = await runCli(dataDir, ['inbox', 'read']);
    expect(read.code).toBe(1);
    expect(read.stderr).toContain('Say which items to mark read.');
  });
});

describe('agent-factory automations, through a running serve', () => {
  const dataDir = tempDataDir('af-cli-automations-serve-');
  let llm: Awaited<ReturnType<typeof fakeOllamaForCli>>;
  let served: Served;
  let client: WsClient;
  const changed: string[] = [];
  const records: AutomationRun[] = [];

  beforeAll(async () => {
    process.env.TZ = 'UTC';
    llm = await fakeOllamaForCli();
    served = await startServe(dataDir, { OLLAMA_HOST: llm.fake.url });
    client = await connectClient(served);
    await client.call('agents.create', { name: 'Echo', model: { provider: 'ollama', model: 'test-model' } });
    client.subscribe('automations.changed', (c) => changed.push(c.kind === 'upserted' ? c.automation.name : `-${c.id}`));
    client.subscribe('automations.run', (r) => records.push(r));
  });
  afterAll(async () => {
    client?.close();
    await served?.stop();
    await llm?.close();
    if (previousTz === undefined) delete process.env.TZ;
    else process.env.TZ = previousTz;
    rmSync(dataDir, { recursive: true, force: true });
  });

  let daily: Automation;
  it('creates through the server: scheduled at once, seen live by its clients', async () => {
    daily = await cliJson<Automation>(dataDir, [
      'automations', 'create', '--name', 'Daily', '--agent', 'echo', '--input', 'Report of {{automation.name}}', '--cron', '0 6 * * *', '--tz', 'UTC', '--json',
    ]);
    expect(daily.nextFireAt).toMatch(/T06:00:00\.000Z$/);
    await expect.poll(() => changed).toContain('Daily');
    const listed = await cliOk(dataDir, ['automations', 'list']);
    expect(listed).toMatch(/\nDaily\s+active\s+Echo\s+cron "0 6 \* \* \*"\s+\d{4}-\d\d-\d\d 06:00:00 UTC\s*\n/);

    // `show` lists the next fires of an interval on the engine's grid (counted from when it was enabled).
    const poller = await cliJson<Automation>(dataDir, ['automations', 'create', '--name', 'Poller', '--agent', 'echo', '--input', 'x', '--every', '2h', '--json']);
    const shown = await cliJson<Automation & { nextFires: string[] }>(dataDir, ['automations', 'show', 'Poller', '--json']);
    expect(shown.nextFires[0]).toBe(poller.nextFireAt);
    expect(shown.nextFires.map((f) => Date.parse(f) - Date.parse(poller.nextFireAt!))).toEqual([0, 1, 2, 3, 4].map((k) => k * 7_200_000));
  });

  it('fires by hand: the record at once, or (--wait) the ended one; history --json is an array of runs', async () => {
    const waited = await cliJson<AutomationRun>(dataDir, ['automations', 'run', 'Daily', '--wait', '--json']);
    expect(waited).toMatchObject({ automationId: daily.id, automationName: 'Daily', status: 'succeeded', trigger: { kind: 'manual' } });
    expect(waited.runId).toEqual(expect.any(String));
    expect((await client.call('runs.get', { runId: waited.runId! })).output).toBe('You said: Report of Daily');
    // Clients of the server saw the record go from running to succeeded.
    await expect.poll(() => records.filter((r) => r.id === waited.id).map((r) => r.status)).toEqual(expect.arrayContaining(['running', 'succeeded']));

    const fired = await cliJson<AutomationRun>(dataDir, ['automations', 'run', 'Daily', '--input', 'Just this once', '--json']);
    expect(['scheduled', 'running', 'succeeded']).toContain(fired.status);
    await expect.poll(async () => (await client.call('automations.history', { automation: 'Daily', limit: 10 })).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(llm.fake.chats.at(-1)?.messages.at(-1)?.content).toBe('Just this once');

    const history = await cliJson<AutomationRun[]>(dataDir, ['automations', 'history', 'Daily', '--json']);
    expect(history).toHaveLength(2);
    for (const run of history) {
      expect(run).toMatchObject({ status: 'succeeded', trigger: { kind: 'manual', payload: expect.any(Object) }, scheduledFor: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(run).toHaveProperty('reason');
    }
    expect(history[0]!.id).toBe(fired.id);
    expect(await cliJson<AutomationRun[]>(dataDir, ['automations', 'history', 'Daily', '--status', 'failed', '--json'])).toEqual([]);
    expect(await cliJson<AutomationRun[]>(dataDir, ['automations', 'history', 'Daily', '--limit', '1', '--json'])).toHaveLength(1);
    const table = await cliOk(dataDir, ['automations', 'history', 'Daily']);
    expect(table).toMatch(/^DUE\s+STATUS\s+TRIGGER\s+TOOK\s+RUN\s+REASON\n/);
    expect(table.match(/\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+succeeded\s+manual\s/g)).toHaveLength(2);
    const badStatus = await runCli(dataDir, ['automations', 'history', 'Daily', '--status', 'great']);
    expect(badStatus.code).toBe(1);
    expect(badStatus.stderr).toContain('--status: "great" is not a status.');
  });

  it('lists the inbox and marks items read (by a start of the id, or all)', async () => {
    const items = await cliJson<InboxItem[]>(dataDir, ['inbox', '--json']);
    expect(items).toHaveLength(2);
    for (const item of items) expect(item).toMatchObject({ automationName: 'Daily', status: 'succeeded', unread: true });
    expect(items.map((i) => i.body).sort()).toEqual(['You said: Just this once', 'You said: Report of Daily']);
    expect(await cliOk(dataDir, ['inbox'])).toMatch(new RegExp(`\\n•${items[0]!.id.slice(0, 8)}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+Daily\\s+succeeded`));

    expect(await cliOk(dataDir, ['inbox', 'read', items[0]!.id.slice(0, 8)])).toBe('Marked 1 read; 1 unread.\n');
    expect((await cliJson<InboxItem[]>(dataDir, ['inbox', '--unread', '--json'])).map((i) => i.id)).toEqual([items[1]!.id]);
    expect(await cliJson<{ unread: number }>(dataDir, ['inbox', 'read', '--all', '--json'])).toEqual({ unread: 0 });
    expect(await cliJson<InboxItem[]>(dataDir, ['inbox', '--unread', '--json'])).toEqual([]);
  });

  it('prints a webhook recipe that works as printed', async () => {
    const created = await runCli(dataDir, ['automations', 'create', '--name', 'Hook', '--agent', 'echo', '--input', 'Got {{trigger.body}}', '--webhook']);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    const recipe = created.stdout.split('\n').find((l) => l.includes('openssl'))!.trim();
    expect(recipe).toContain(`http://127.0.0.1:${served.port}/hooks/`);
    const posted = spawnSync('bash', ['-c', `set -e; ${recipe} --silent --fail`], { encoding: 'utf8' });
    expect(posted.stderr).toBe('');
    expect(posted.status).toBe(0);
    await expect.poll(async () => (await client.call('automations.history', { automation: 'Hook', limit: 5 })).map((r) => r.status), { timeout: 20_000 }).toEqual(['succeeded']);
    const [run] = await client.call('automations.history', { automation: 'Hook', limit: 1 });
    expect(run!.trigger.kind).toBe('webhook');
    expect((await client.call('runs.get', { runId: run!.runId! })).output).toBe('You said: Got {"hello":"world"}');
  });
  it('pauses and resumes everything', async () => {
    const overview = await cliJson<AutomationOverview>(dataDir, ['automations', 'pause-all', '--for', '1h', '--json']);
    expect(Date.parse(overview.pausedAll!.until!) - Date.now()).toBeGreaterThan(3_500_000);
    const dailyNow = async () => (await cliJson<Automation[]>(dataDir, ['automations', 'list', '--json'])).find((a) => a.name === 'Daily')!;
    expect(await dailyNow()).toMatchObject({ state: 'active', pauseReason: 'All automations are paused', nextFireAt: null });
    expect(await cliOk(dataDir, ['automations', 'list'])).toMatch(/\nDaily\s+paused \(all\)\s+Echo\s+cron "0 6 \* \* \*"\s{2,}succeeded /);
    expect(await cliOk(dataDir, ['automations', 'resume-all'])).toBe('Resumed: 3 of 3 automations active.\n');
    expect((await dailyNow()).nextFireAt).toMatch(/T06:00:00\.000Z$/);
  });

});
