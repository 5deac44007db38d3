import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AutomationRunStatus, isTimedTrigger, type Automation, type AutomationRun, type Trigger } from '@shared/entities/automation';
import { AppError } from '@shared/errors';
import { collect } from './agent-edit';
import { configFrom, machineTimeZone, parseDuration, patchFrom, type CreateFlags } from './automations-args';
import { automationTable, describeAutomation, historyTable, inZone, zoneOf } from './automations-format';
import { followAutomationRun } from './automations-wait';
import type { CliContext } from './context';
import { printJson } from './format';
import { serverFilePath } from './runtime';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

const ENDED_BADLY: readonly AutomationRun['status'][] = ['failed', 'timed_out', 'cancelled', 'interrupted'];

const NOT_RUNNING =
  'Nothing is running on this data folder: automations fire while `agent-factory serve` or the desktop app runs.';

/**
 * The next `count` fires over all of an automation's timed triggers, soonest first (ISO). An `every`
 * trigger counts from when it was enabled, which only the engine knows: with one such trigger, its
 * grid is taken from the engine's next fire (unless that fire is a cron's or an at's).
 */
async function nextFires(ctx: CliContext, automation: Automation, count = 5): Promise<string[]> {
  if (automation.state !== 'active') return [];
  const timed = automation.triggers.filter(isTimedTrigger);
  const preview = (trigger: Trigger, after?: string) =>
    ctx.client.call('automations.preview', { trigger, count, ...(after ? { after } : {}) }).then((r) => r.fires);
  const fixed = (await Promise.all(timed.filter((t) => t.kind !== 'every').map((t) => preview(t)))).flat();
  const everies = timed.filter((t) => t.kind === 'every');
  const next = automation.nextFireAt;
  const anchored = everies.length === 1 && next !== null && !fixed.includes(next);
  const periodic = (
    await Promise.all(everies.map((t) => preview(t, anchored ? new Date(Date.parse(next) - t.seconds * 1000).toISOString() : undefined)))
  ).flat();
  return [...fixed, ...periodic].sort((a, b) => Date.parse(a) - Date.parse(b)).slice(0, count);
}

/** The line a shell needs to POST a signed request to the webhook. */
export function signingRecipe(url: string, secret: string): string {
  return (
    `body='{"hello":"world"}'; ts=$(date +%s); ` +
    `sig=$(printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac '${secret}' | sed 's/^.* //'); ` +
    `curl -X POST -H "x-af-timestamp: $ts" -H "x-af-signature: sha256=$sig" -H 'content-type: application/json' --data "$body" '${url}'`
  );
}

/** The port of the server running on the data folder (from its server file). */
function serverPort(dataDir: string): number | undefined {
  try {
    const port = (JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')) as { port?: unknown }).port;
    return typeof port === 'number' ? port : undefined;
  } catch {
    return undefined;
  }
}

function printRecord(record: AutomationRun, tz: string): void {
  const run = record.runId ? ` — run ${record.runId}` : '';
  console.log(`${record.automationName}: ${record.status}${record.reason ? ` (${record.reason})` : ''}, due ${inZone(record.scheduledFor, tz)}${run}`);
}

/** The flags `create` and `update` share: triggers, conditions, policies, permissions, budget, delivery. */
function withSettingOptions(command: Command, update: boolean): Command {
  command
    .option('--cron <expr>', 'cron expression, 5 fields (or 6 with seconds first), e.g. "0 9 * * 1-5"', collect)
    .option('--tz <zone>', 'IANA time zone of --cron, --at without offset, --window and --quiet (default: this machine’s)')
    .option('--every <duration>', 'every interval: 30s, 5m, 2h, 1d (at least 1s)', collect)
    .option('--at <time>', 'once: 2026-12-24T18:00 (in --tz), an ISO time with offset, or +10m from now', collect)
    .option('--watch <folder>', 'files added/changed/deleted in this folder', collect)
    .option('--glob <pattern>', 'only files matching (relative to the --watch folder, e.g. "**/*.pdf")', collect)
    .option('--events <list>', 'file events of --watch: add,change,unlink (default add,change)')
    .option('--debounce <duration>', 'a burst of changes to one file fires once after this quiet time (default 1s)')
    .option('--webhook', 'a signed POST to /hooks/<id> on the server (prints the secret)')
    .option('--on-start', 'when the engine starts (serve, the desktop app)')
    .option('--after <automation[:statuses]>', 'when another automation’s run ends, e.g. "Fetch:succeeded,failed" (default succeeded)', collect)
    .option('--overlap <policy>', 'a fire while a run goes on: skip | queue-one | queue-all | replace | parallel (default skip)')
    .option('--missed <policy>', 'fires missed while nothing ran: skip | run-once (default skip)')
    .option('--grace <duration>', 'run-once: catch up only if the missed fire is at most this old (default 15m)')
    .option('--approval <mode>', 'tools that need approval: deny | allow-listed | queue (default deny)')
    .option('--allow-tool <server:tool>', 'a tool that may run unattended (server:tool, server:*, or a built-in’s name)', collect)
    .option('--max-steps <n>', 'most model calls per run (default 10)')
    .option('--max-tokens <n>', 'most tokens per run (default: no limit)')
    .option('--timeout <duration>', 'wall time per run (default 10m)')
    .option('--notify <when>', 'OS notification: always | failure | changed | never (default failure)')
    .option('--post <url>', 'POST each result as JSON to this URL')
    .option('--append-file <path>', 'append each result to this file')
    .option('--window <HH:MM-HH:MM>', 'run only inside these hours (in --tz)')
    .option('--quiet <HH:MM-HH:MM>', 'never run inside these hours (in --tz), e.g. 22:00-07:00')
    .option('--ac-only', 'run only on AC power (desktop)');
  if (update) {
    command
      .option('--inbox', 'put results in the inbox')
      .option('--no-inbox', 'do not put results in the inbox')
      .option('--no-ac-only', 'run on battery too');
  } else {
    command.option('--no-inbox', 'do not put results in the inbox');
  }
  return command;
}

export function registerAutomationCommands(program: Command, withClient: WithClient): void {
  const automations = program
    .command('automations')
    .description('Background agents: run an agent on a schedule, on file changes, on a webhook, at start or after another automation');

  withSettingOptions(
    automations
      .command('create')
      .description('Create an automation (it fires while `serve` or the desktop app runs). Trigger flags repeat and combine')
      .requiredOption('--name <name>', 'its name')
      .requiredOption('--agent <agent>', 'the agent to run (name or id)')
      .requiredOption('--input <text>', 'the message sent to the agent; variables: {{now}}, {{date}}, {{trigger.file}}, {{trigger.body}}, …')
      .option('--description <text>', 'what it is for')
      .option('--revision <n>', 'pin this revision of the agent (default: its latest at each run)'),
    false,
  )
    .option('--paused', 'create it paused')
    .option('--json', 'print JSON (the automation; with --webhook also webhook: { path, secret })')
    .action((flags: CreateFlags & { json?: boolean }) =>
      withClient(async (ctx) => {
        const config = configFrom(flags);
        const automation = await ctx.client.call('automations.create', config);
        const webhook = automation.triggers.some((t) => t.kind === 'webhook')
          ? await ctx.client.call('automations.webhookSecret', { automation: automation.id, rotate: false })
          : undefined;
        if (flags.json || ctx.json) return printJson(webhook ? { ...automation, webhook } : automation);
        const tz = zoneOf(automation, machineTimeZone());
        console.log(`Created automation "${automation.name}" (${automation.id}), ${automation.state === 'active' ? 'active' : 'paused'}.`);
        if (automation.nextFireAt) console.log(`Next fire: ${inZone(automation.nextFireAt, tz)}`);
        if (webhook) {
          console.log(`Webhook: POST ${webhook.path}\nSecret:  ${webhook.secret}`);
          const port = ctx.via === 'remote' ? serverPort(ctx.dataDir) : undefined;
          const url = `http://127.0.0.1:${port ?? '<port of serve>'}${webhook.path}`;
          console.log(`Sign with HMAC-SHA256 of "<timestamp>.<body>" in x-af-signature: sha256=<hex>, epoch seconds in x-af-timestamp:\n  ${signingRecipe(url, webhook.secret)}`);
        }
        if (ctx.via === 'local') process.stderr.write(`${NOT_RUNNING}\n`);
      }),
    );

  withSettingOptions(
    automations
      .command('update <automation>')
      .description('Change an automation (name or id): only what the flags say. Trigger flags replace all its triggers; a changed schedule starts afresh from now')
      .option('--rename <name>', 'a new name')
      .option('--agent <agent>', 'another agent (name or id)')
      .option('--input <text>', 'a new message')
      .option('--description <text>', 'what it is for')
      .option('--revision <n>', 'pin this revision of the agent')
      .option('--latest', 'follow the agent’s latest revision (undo --revision)'),
    true,
  )
    .option('--json', 'print JSON (the automation)')
    .action((ref: string, flags: Partial<CreateFlags> & { rename?: string; latest?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        const current = await ctx.client.call('automations.get', { automation: ref });
        const { description, agentRevision, conditions, policies, permissions, budget, delivery } = current;
        // The settings it keeps are sent as they are: the contract's defaults would fill in any left out.
        const patch = { description, agentRevision, conditions, policies, permissions, budget, delivery, ...patchFrom(flags, current) };
        const automation = await ctx.client.call('automations.update', { automation: current.id, patch });
        if (flags.json || ctx.json) return printJson(automation);
        const next = automation.nextFireAt ? `; next fire ${inZone(automation.nextFireAt, zoneOf(automation, machineTimeZone()))}` : '';
        console.log(`Updated "${automation.name}"${next}.`);
      }),
    );

  automations
    .command('list')
    .description('List automations: state, triggers, next fire (in its time zone) and last result')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const list = await ctx.client.call('automations.list', {});
        if (opts.json || ctx.json) return printJson(list);
        console.log(automationTable(list, machineTimeZone()));
      }),
    );

  automations
    .command('show <automation>')
    .description('Show an automation (name or id): its whole configuration, state and next 5 fires')
    .option('--json', 'print JSON: the automation and nextFires')
    .action((ref: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const automation = await ctx.client.call('automations.get', { automation: ref });
        const fires = await nextFires(ctx, automation);
        if (opts.json || ctx.json) return printJson({ ...automation, nextFires: fires });
        console.log(describeAutomation(automation, fires, machineTimeZone()));
      }),
    );

  const changes = [
    ['pause', 'Pause an automation (runs going on finish)', 'automations.pause', 'Paused'],
    ['resume', 'Resume an automation from now (what fell due while paused does not fire)', 'automations.resume', 'Resumed'],
  ] as const;
  for (const [name, description, method, done] of changes) {
    automations
      .command(`${name} <automation>`)
      .description(description)
      .option('--json', 'print JSON')
      .action((ref: string, opts: { json?: boolean }) =>
        withClient(async (ctx) => {
          const automation = await ctx.client.call(method, { automation: ref });
          if (opts.json || ctx.json) return printJson(automation);
          const next = automation.nextFireAt ? `; next fire ${inZone(automation.nextFireAt, zoneOf(automation, machineTimeZone()))}` : '';
          console.log(`${done} "${automation.name}"${next}.`);
        }),
      );
  }

  automations
    .command('delete <automation>')
    .description('Delete an automation (its runs and thread stay in history)')
    .option('--json', 'print JSON')
    .action((ref: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const automation = await ctx.client.call('automations.get', { automation: ref });
        const result = await ctx.client.call('automations.delete', { automation: automation.id });
        if (opts.json || ctx.json) return printJson({ ...result, id: automation.id, name: automation.name });
        console.log(`Deleted automation "${automation.name}".`);
      }),
    );

  automations
    .command('run <automation>')
    .description('Fire an automation now (its overlap policy and conditions apply) and print its record (needs `serve` or the desktop app running on the data folder)')
    .option('--input <text>', 'send this message instead of its input, once')
    .option('--wait', 'follow the run until it ends (streams its answer)')
    .option('--json', 'print the record as JSON (with --wait, the ended record)')
    .action((ref: string, opts: { input?: string; wait?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        const json = !!(opts.json || ctx.json);
        const fire = () => ctx.client.call('automations.run', { automation: ref, ...(opts.input ? { input: opts.input } : {}) });
        const record = opts.wait ? await followAutomationRun(ctx.client, fire, { quiet: json }) : await fire();
        if (opts.wait && ENDED_BADLY.includes(record.status)) process.exitCode = 1;
        if (json) return printJson(record);
        printRecord(record, machineTimeZone());
      }),
    );

  automations
    .command('history <automation>')
    .description('What became of an automation’s fires, newest first: every status with its reason')
    .option('--limit <n>', 'how many', '50')
    .option('--status <status>', `only this status: ${AutomationRunStatus.options.join(', ')}`)
    .option('--json', 'print JSON (an array of runs with status, reason, trigger, scheduledFor, …)')
    .action((ref: string, opts: { limit: string; status?: string; json?: boolean }) =>
      withClient(async (ctx) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppError('VALIDATION', `--limit: "${opts.limit}" is not 1–1000.`, { hint: 'Give e.g. --limit 20.' });
        const status = opts.status === undefined ? undefined : AutomationRunStatus.safeParse(opts.status);
        if (status && !status.success) {
          throw new AppError('VALIDATION', `--status: "${opts.status}" is not a status.`, { hint: `Use one of ${AutomationRunStatus.options.join(', ')}.` });
        }
        const automation = await ctx.client.call('automations.get', { automation: ref });
        const runs = await ctx.client.call('automations.history', {
          automation: automation.id,
          limit,
          ...(status?.data ? { status: status.data } : {}),
        });
        if (opts.json || ctx.json) return printJson(runs);
        console.log(historyTable(runs, zoneOf(automation, machineTimeZone())));
      }),
    );

  automations
    .command('pause-all')
    .description('Pause every automation, until resumed or --for a while (runs going on finish)')
    .option('--for <duration>', 'e.g. 1h (at least 1m)')
    .option('--json', 'print JSON (the overview)')
    .action((opts: { for?: string; json?: boolean }) =>
      withClient(async (ctx) => {
        const forMs = opts.for === undefined ? null : parseDuration(opts.for, '--for');
        if (forMs !== null && forMs < 60_000) throw new AppError('VALIDATION', `--for: "${opts.for}" is shorter than a minute.`, { hint: 'Give e.g. --for 30m or 1h.' });
        const overview = await ctx.client.call('automations.pauseAll', { forMs });
        if (opts.json || ctx.json) return printJson(overview);
        const until = overview.pausedAll?.until;
        console.log(`Paused all automations ${until ? `until ${inZone(until, machineTimeZone())}` : 'until resumed (automations resume-all)'}.`);
      }),
    );

  automations
    .command('resume-all')
    .description('End a pause-all (what fell due meanwhile does not fire)')
    .option('--json', 'print JSON (the overview)')
    .action((opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const overview = await ctx.client.call('automations.resumeAll', {});
        if (opts.json || ctx.json) return printJson(overview);
        console.log(`Resumed: ${overview.active} of ${overview.total} automations active.`);
      }),
    );
}
