import { createInterface } from 'node:readline/promises';
import type { ApiClient } from '@shared/api/index';
import { isFinalRunStatus, type ApprovalDecision, type Run, type TraceEvent } from '@shared/entities/run';

export type ToolRequest = Extract<TraceEvent, { type: 'tool.call.requested' }>;

export const short = (text: string, max = 160) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** One line per trace event for the terminal; text deltas are shown by the caller. */
export function describeEvent(e: TraceEvent): string | undefined {
  switch (e.type) {
    case 'tool.call.requested':
      return `⚙ ${e.name}(${short(JSON.stringify(e.arguments), 120)})${e.approval === 'required' ? ' — needs approval' : ''}`;
    case 'tool.result':
      return `  ✓ ${e.name} → ${short(e.output)}${e.truncated ? ' (truncated)' : ''}`;
    case 'tool.error':
      return `  ✗ ${e.name}: ${e.error.message}`;
    case 'tool.progress':
      return `  … ${e.name}: ${e.total ? `${e.progress}/${e.total} (${Math.round((e.progress / e.total) * 100)}%)` : e.progress}${e.message ? ` ${short(e.message, 100)}` : ''}`;
    case 'tool.call.denied':
      return `  ✗ denied (${e.reason})`;
    case 'tool.sampling':
      return `  ⇄ ${e.server} asked ${e.provider}:${e.model} (sampling, ${e.inputTokens + e.outputTokens} tokens): ${short(e.text, 120)}`;
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
    case 'attachments.added':
      return `  + attached ${e.name} (${e.kind === 'inline' ? 'in the message' : e.kind === 'knowledge' ? 'in the thread’s knowledge base' : 'image'})${e.warning ? ` — ${e.warning}` : ''}`;
    case 'error':
      return `  ! ${e.error.message}`;
    default:
      return undefined;
  }
}

export const approvalQuestion = (e: ToolRequest) => `Allow ${e.name}(${short(JSON.stringify(e.arguments), 200)})? [y]es / [n]o / [a]lways in this run: `;

export function parseDecision(answer: string): ApprovalDecision {
  const a = answer.trim().toLowerCase();
  return a.startsWith('a') ? 'allow_for_run' : a.startsWith('y') ? 'allow' : 'deny';
}

/** Asks on the terminal; one question at a time. */
export async function askOnTerminal(e: ToolRequest): Promise<ApprovalDecision> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return parseDecision(await rl.question(approvalQuestion(e)));
  } finally {
    rl.close();
  }
}

export interface FollowOptions {
  /** Collect quietly (for --json): no streaming to the terminal. */
  quiet: boolean;
  /** Allow every tool call. */
  yes: boolean;
  /** Asks the user about a tool call; absent: calls that need approval are denied. */
  ask?: (e: ToolRequest) => Promise<ApprovalDecision>;
}

/**
 * Starts a run with `start`, streams its answer (stdout) and tool calls (stderr), answers its
 * approvals (and those of the runs it delegates to), and resolves with the ended run. Ctrl-C stops it.
 */
export async function followRun(client: ApiClient, start: () => Promise<Run>, opts: FollowOptions): Promise<Run> {
  const tree = new Set<string>();
  const early: TraceEvent[] = [];
  const ended = new Map<string, Run>();
  let rootId: string | undefined;
  let finish: (run: Run) => void = () => {};
  const done = new Promise<Run>((resolve) => (finish = resolve));
  let approvals = Promise.resolve();
  let streamed = false;

  const decide = (e: ToolRequest) => {
    approvals = approvals.then(async () => {
      let decision: ApprovalDecision;
      if (opts.yes) decision = 'allow';
      else if (opts.ask) decision = await opts.ask(e);
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
    if (opts.quiet) return;
    if (e.type === 'text.delta') {
      if (e.runId === rootId) {
        process.stdout.write(e.text);
        streamed = true;
      }
      return;
    }
    const line = describeEvent(e);
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
    const run = await start();
    rootId = run.id;
    tree.add(run.id);
    for (const e of early.splice(0)) handle(e);
    const already = ended.get(run.id);
    if (already) finish(already);
    const final = await done;
    await approvals;
    if (streamed) process.stdout.write('\n');
    return final;
  } finally {
    process.off('SIGINT', onInterrupt);
    offEvent();
    offStatus();
  }
}

/** Reports a run that did not succeed on stderr and sets the exit code. */
export function reportFailure(run: Run): void {
  if (run.status === 'succeeded') return;
  process.exitCode = 1;
  process.stderr.write(`Run ${run.status}${run.error ? `: ${run.error.message}` : ''}\n`);
  if (run.error?.hint) process.stderr.write(`Hint: ${run.error.hint}\n`);
}
