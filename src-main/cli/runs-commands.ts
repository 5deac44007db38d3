import { resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import type { Run, TraceEvent } from '@shared/entities/run';
import { AppError } from '@shared/errors';
import type { CliContext } from './context';
import { askOnTerminal, describeEvent, followRun, reportFailure, short } from './follow-run';
import { printJson, table } from './format';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

interface RunOptions {
  json?: boolean;
  yes?: boolean;
  maxSteps?: string;
  history: boolean;
  thread?: string;
  newThread?: boolean;
  /** Files to attach (paths, relative to the working folder). */
  attach?: string[];
}

const seconds = (run: Run) => (run.finishedAt ? `${((Date.parse(run.finishedAt) - Date.parse(run.createdAt)) / 1000).toFixed(1)}s` : '');

/** Starts a run in a new thread or the one given, streams it (or collects it for --json), answers approvals. */
async function runAgent(ctx: CliContext, agent: string, input: string, opts: RunOptions): Promise<void> {
  const { client } = ctx;
  const json = !!(opts.json || ctx.json);
  if (opts.thread && opts.newThread) throw new AppError('VALIDATION', 'Give either --thread or --new-thread, not both.');
  const final = await followRun(
    client,
    () =>
      client.call('runs.start', {
        agent,
        input,
        options: {
          history: opts.history,
          ...(opts.thread ? { threadId: opts.thread } : { newThread: true }),
          ...(opts.maxSteps ? { maxSteps: Number(opts.maxSteps) } : {}),
        },
        ...(opts.attach?.length ? { attachments: opts.attach.map((file) => ({ path: resolvePath(file) })) } : {}),
      }),
    { quiet: json, yes: !!opts.yes, ...(process.stdin.isTTY && !json ? { ask: askOnTerminal } : {}) },
  );
  if (json) {
    const trace = await client.call('runs.trace', { runId: final.id });
    printJson({ run: final, output: final.output, trace });
  } else if (final.threadId) {
    process.stderr.write(`Thread ${final.threadId.slice(0, 8)} (continue it with --thread ${final.threadId.slice(0, 8)})\n`);
  }
  reportFailure(final);
}

function showTrace(runs: Run[], events: TraceEvent[]): string {
  const depth = new Map(runs.map((r) => [r.id, r.depth - (runs[0]?.depth ?? 0)]));
  const lines: string[] = [];
  let text: { runId: string; value: string } | undefined;
  const flush = () => {
    if (text) lines.push(`${'    '.repeat(depth.get(text.runId) ?? 0)}  “${short(text.value, 200)}”`);
    text = undefined;
  };
  for (const e of events) {
    if (e.type === 'text.delta') {
      if (text && text.runId !== e.runId) flush();
      text = { runId: e.runId, value: (text?.value ?? '') + e.text };
      continue;
    }
    flush();
    const pad = '    '.repeat(depth.get(e.runId) ?? 0);
    const detail =
      e.type === 'run.started'
        ? `${e.agentName} (${e.model.provider}:${e.model.model})`
        : e.type === 'run.finished'
          ? `${e.status}, ${e.steps} steps, ${e.usage.inputTokens}/${e.usage.outputTokens} tokens${e.error ? ` — ${e.error.message}` : ''}`
          : e.type === 'model.response'
            ? `${e.finishReason}, ${e.inputTokens}/${e.outputTokens} tokens, ${Math.round(e.latencyMs)} ms`
            : e.type === 'model.request'
              ? `step ${e.step}, ${e.messageCount} messages, ${e.toolCount} tools`
              : (describeEvent(e)?.trim() ?? '');
    lines.push(`${pad}${e.at.slice(11, 23)}  ${e.type.padEnd(20)} ${detail}`);
  }
  flush();
  return lines.join('\n');
}

export function registerRunCommands(program: Command, withClient: WithClient): void {
  program
    .command('run <agent> <input>')
    .description('Run an agent (by name or id) and stream its answer and tool calls. Starts a new conversation thread unless --thread is given')
    .option('--thread <id>', 'continue this thread (its id or a unique start of it): earlier turns go to the model')
    .option('--new-thread', 'start a new thread (the default)')
    .option('--json', 'print { run, output, trace } as JSON instead of streaming (run.threadId is the thread)')
    .option('--yes', 'approve every tool call without asking')
    .option('--max-steps <n>', 'most model calls in this run')
    .option('--no-history', 'do not send the thread’s earlier turns, nor keep this one in its history')
    .option('--attach <files...>', 'attach files to the message (after <agent> <input>): small texts go into it, long ones into the thread’s knowledge base, images to vision models')
    .action((agent: string, input: string, opts: RunOptions) => withClient((ctx) => runAgent(ctx, agent, input, opts)));

  const runs = program.command('runs').description('List and inspect runs');

  runs
    .command('list')
    .description('List runs, newest first')
    .option('--agent <agent>', 'only runs of this agent (name or id)')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action((opts: { agent?: string; limit: string; json?: boolean }) =>
      withClient(async (ctx) => {
        const list = await ctx.client.call('runs.list', { limit: Number(opts.limit), ...(opts.agent ? { agentId: opts.agent } : {}) });
        if (opts.json || ctx.json) return printJson(list);
        const rows = list.map((r) => ({
          id: r.id,
          agent: r.agentName,
          status: r.status,
          steps: r.steps,
          tokens: `${r.usage.inputTokens}/${r.usage.outputTokens}`,
          started: r.createdAt.replace('T', ' ').slice(0, 19),
          took: seconds(r),
          input: short(r.input, 40),
        }));
        console.log(table(rows, ['id', 'agent', 'status', 'steps', 'tokens', 'started', 'took', 'input']));
      }),
    );

  runs
    .command('show <id>')
    .description('Show a run and its trace (with the runs it delegated to); the id may be any unique start of it')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const trace = await ctx.client.call('runs.trace', { runId: id });
        const run = trace.runs[0]!;
        if (opts.json || ctx.json) return printJson({ run, trace });
        console.log(`Run ${run.id} — ${run.agentName} — ${run.status}${seconds(run) ? ` in ${seconds(run)}` : ''}`);
        console.log(`Tokens ${run.usage.inputTokens} in / ${run.usage.outputTokens} out, ${run.steps} steps`);
        if (run.threadId) console.log(`Thread ${run.threadId}${run.replacesRunId ? ` (replaces run ${run.replacesRunId})` : ''}`);
        console.log(`Input:  ${run.input}`);
        if (run.output !== null) console.log(`Output: ${run.output}`);
        if (run.error) console.log(`Error:  ${run.error.message}`);
        for (const p of run.pendingApprovals) console.log(`Waiting for approval: ${p.toolName} (${p.callId})`);
        console.log(`\n${showTrace(trace.runs, trace.events)}`);
      }),
    );
}
