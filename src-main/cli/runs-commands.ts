import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { isFinalRunStatus, type ApprovalDecision, type Run, type TraceEvent } from '@shared/entities/run';
import type { CliContext } from './context';
import { printJson, table } from './format';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

interface RunOptions {
  json?: boolean;
  yes?: boolean;
  maxSteps?: string;
  history: boolean;
}

const short = (text: string, max = 160) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const seconds = (run: Run) => (run.finishedAt ? `${((Date.parse(run.finishedAt) - Date.parse(run.createdAt)) / 1000).toFixed(1)}s` : '');

/** One line per trace event for the terminal; text deltas are shown by the caller. */
function describe(e: TraceEvent): string | undefined {
  switch (e.type) {
    case 'tool.call.requested':
      return `⚙ ${e.name}(${short(JSON.stringify(e.arguments), 120)})${e.approval === 'required' ? ' — needs approval' : ''}`;
    case 'tool.result':
      return `  ✓ ${e.name} → ${short(e.output)}${e.truncated ? ' (truncated)' : ''}`;
    case 'tool.error':
      return `  ✗ ${e.name}: ${e.error.message}`;
    case 'tool.call.denied':
      return `  ✗ denied (${e.reason})`;
    case 'delegation.started':
      return `↳ delegating to ${e.agentName}: ${short(e.task, 120)}`;
    case 'delegation.finished':
      return `↲ ${e.agentName} ${e.status}${e.output ? `: ${short(e.output, 120)}` : ''}`;
    case 'model.retry':
      return `  … ${e.code}${e.status ? ` (HTTP ${e.status})` : ''}, retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)}s`;
    case 'memory.recalled':
      return `  ⌕ recalled ${e.items.length} memor${e.items.length === 1 ? 'y' : 'ies'}`;
    case 'memory.stored':
      return `  ✎ remembered: ${short(e.text, 120)}`;
    case 'memory.summarised':
      return `  ≡ summarised ${e.turns} earlier turns`;
    case 'error':
      return `  ! ${e.error.message}`;
    default:
      return undefined;
  }
}

/** Asks on the terminal; one question at a time. */
async function ask(e: Extract<TraceEvent, { type: 'tool.call.requested' }>): Promise<ApprovalDecision> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`Allow ${e.name}(${short(JSON.stringify(e.arguments), 200)})? [y]es / [n]o / [a]lways in this run: `)).trim().toLowerCase();
    return answer.startsWith('a') ? 'allow_for_run' : answer.startsWith('y') ? 'allow' : 'deny';
  } finally {
    rl.close();
  }
}

/** Starts a run, streams it (or collects it for --json), answers approvals, and resolves with the ended run. */
async function runAgent(ctx: CliContext, agent: string, input: string, opts: RunOptions): Promise<void> {
  const { client } = ctx;
  const json = opts.json || ctx.json;
  const tree = new Set<string>();
  const early: TraceEvent[] = [];
  const ended = new Map<string, Run>();
  let rootId: string | undefined;
  let finish: (run: Run) => void = () => {};
  const done = new Promise<Run>((resolve) => (finish = resolve));
  let approvals = Promise.resolve();
  let streamed = false;

  const decide = (e: Extract<TraceEvent, { type: 'tool.call.requested' }>) => {
    approvals = approvals.then(async () => {
      let decision: ApprovalDecision;
      if (opts.yes) decision = 'allow';
      else if (process.stdin.isTTY && !json) decision = await ask(e);
      else {
        decision = 'deny';
        process.stderr.write(`Denied ${e.name}: no terminal to ask (use --yes to allow tool calls).\n`);
      }
      await client.call('runs.approve', { runId: e.runId, callId: e.callId, decision }).catch((error: unknown) => {
        process.stderr.write(`Could not answer the approval: ${error instanceof Error ? error.message : String(error)}\n`);
      });
    });
  };

  const handle = (e: TraceEvent) => {
    if (!tree.has(e.runId)) return;
    if (e.type === 'delegation.started') tree.add(e.childRunId);
    if (e.type === 'tool.call.requested' && e.approval === 'required') decide(e);
    if (json) return;
    if (e.type === 'text.delta') {
      if (e.runId === rootId) {
        process.stdout.write(e.text);
        streamed = true;
      }
      return;
    }
    const line = describe(e);
    if (line) process.stderr.write(`${streamed ? '\n' : ''}${e.runId === rootId ? '' : '    '}${line}\n`);
    if (line) streamed = false;
  };

  const offEvent = client.subscribe('run.event', (e) => (rootId ? handle(e) : early.push(e)));
  const offStatus = client.subscribe('run.status', (r) => {
    if (!isFinalRunStatus(r.status)) return;
    if (r.id === rootId) finish(r);
    else if (!rootId) ended.set(r.id, r);
  });
  const onInterrupt = () => {
    if (rootId) void client.call('runs.cancel', { runId: rootId }).catch(() => {});
  };
  process.once('SIGINT', onInterrupt);
  try {
    const run = await client.call('runs.start', {
      agent,
      input,
      options: { history: opts.history, ...(opts.maxSteps ? { maxSteps: Number(opts.maxSteps) } : {}) },
    });
    rootId = run.id;
    tree.add(run.id);
    for (const e of early.splice(0)) handle(e);
    const already = ended.get(run.id);
    if (already) finish(already);
    const final = await done;
    await approvals;
    if (streamed) process.stdout.write('\n');
    if (json) {
      const trace = await client.call('runs.trace', { runId: final.id });
      printJson({ run: final, output: final.output, trace });
    }
    if (final.status !== 'succeeded') {
      process.exitCode = 1;
      process.stderr.write(`Run ${final.status}${final.error ? `: ${final.error.message}` : ''}\n`);
      if (final.error?.hint) process.stderr.write(`Hint: ${final.error.hint}\n`);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    offEvent();
    offStatus();
  }
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
              : (describe(e)?.trim() ?? '');
    lines.push(`${pad}${e.at.slice(11, 23)}  ${e.type.padEnd(20)} ${detail}`);
  }
  flush();
  return lines.join('\n');
}

export function registerRunCommands(program: Command, withClient: WithClient): void {
  program
    .command('run <agent> <input>')
    .description('Run an agent (by name or id) and stream its answer and tool calls')
    .option('--json', 'print the final run and its trace as JSON instead of streaming')
    .option('--yes', 'approve every tool call without asking')
    .option('--max-steps <n>', 'most model calls in this run')
    .option('--no-history', 'start fresh instead of continuing the agent’s conversation')
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
    .description('Show a run and its trace (with the runs it delegated to)')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const trace = await ctx.client.call('runs.trace', { runId: id });
        const run = trace.runs[0]!;
        if (opts.json || ctx.json) return printJson({ run, trace });
        console.log(`Run ${run.id} — ${run.agentName} — ${run.status}${seconds(run) ? ` in ${seconds(run)}` : ''}`);
        console.log(`Tokens ${run.usage.inputTokens} in / ${run.usage.outputTokens} out, ${run.steps} steps`);
        console.log(`Input:  ${run.input}`);
        if (run.output !== null) console.log(`Output: ${run.output}`);
        if (run.error) console.log(`Error:  ${run.error.message}`);
        for (const p of run.pendingApprovals) console.log(`Waiting for approval: ${p.toolName} (${p.callId})`);
        console.log(`\n${showTrace(trace.runs, trace.events)}`);
      }),
    );
}
