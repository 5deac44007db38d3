import { resolve as resolvePath } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Command } from 'commander';
import type { Run } from '@shared/entities/run';
import { resolveAgent } from './agents-commands';
import type { CliContext } from './context';
import { approvalQuestion, followRun, parseDecision } from './follow-run';
import { threadTable } from './threads-commands';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

/**
 * The lines typed (or piped) in, one at a time: the chat's messages and the answers to approval
 * questions share them. After the input ends, `next` answers null.
 */
class Lines {
  private readonly queue: string[] = [];
  private readonly waiters: Array<(line: string | null) => void> = [];
  private closed = false;

  constructor(rl: Interface) {
    rl.on('line', (line) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter(line);
      else this.queue.push(line);
    });
    rl.on('close', () => {
      this.closed = true;
      for (const waiter of this.waiters.splice(0)) waiter(null);
    });
  }

  next(prompt: string): Promise<string | null> {
    process.stderr.write(prompt);
    if (this.queue.length) return Promise.resolve(this.queue.shift()!);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

const HELP =
  'Commands: /new starts a new thread, /threads lists this agent’s threads, /thread <id> switches to one, /attach <file> attaches a file to your next message, /quit ends.';

async function chat(ctx: CliContext, agentRef: string, opts: { thread?: string; yes?: boolean }): Promise<void> {
  const { client } = ctx;
  const agent = await resolveAgent(ctx, agentRef);
  let threadId: string | undefined;
  if (opts.thread) {
    const { thread, runs } = await client.call('threads.get', { threadId: opts.thread });
    if (thread.agentId !== agent.id) throw new Error(`Thread ${thread.id.slice(0, 8)} is a conversation with another agent.`);
    threadId = thread.id;
    process.stderr.write(`Continuing “${thread.title}” (${runs.length} earlier message${runs.length === 1 ? '' : 's'}) with ${agent.name}.\n`);
  } else {
    process.stderr.write(`Chatting with ${agent.name}; your first message starts a new thread.\n`);
  }
  process.stderr.write(`${HELP}\n`);

  const tty = !!process.stdin.isTTY;
  const rl = createInterface({ input: process.stdin, ...(tty ? { output: process.stderr, terminal: true } : { terminal: false }) });
  const lines = new Lines(rl);
  let running: string | undefined;
  /** Files for the next message. */
  const attachments: string[] = [];
  // Ctrl-C stops the answer being written, or else ends the chat.
  rl.on('SIGINT', () => {
    if (running) void client.call('runs.cancel', { runId: running }).catch(() => {});
    else rl.close();
  });

  try {
    for (;;) {
      const line = await lines.next('you> ');
      if (line === null) break;
      const input = line.trim();
      if (!input) continue;
      if (input === '/quit' || input === '/exit') break;
      if (input === '/help') {
        process.stderr.write(`${HELP}\n`);
        continue;
      }
      if (input === '/new') {
        threadId = undefined;
        process.stderr.write('New thread: it starts with your next message.\n');
        continue;
      }
      if (input === '/threads') {
        const list = await client.call('threads.list', { agentId: agent.id, limit: 20 });
        process.stdout.write(`${threadTable(list, threadId)}\n`);
        continue;
      }
      if (input.startsWith('/thread ')) {
        try {
          const { thread } = await client.call('threads.get', { threadId: input.slice('/thread '.length).trim() });
          if (thread.agentId !== agent.id) throw new Error('that thread is a conversation with another agent');
          threadId = thread.id;
          process.stderr.write(`Now in “${thread.title}”.\n`);
        } catch (error) {
          process.stderr.write(`Could not switch: ${error instanceof Error ? error.message : String(error)}\n`);
        }
        continue;
      }
      if (input.startsWith('/attach ')) {
        const file = resolvePath(input.slice('/attach '.length).trim());
        attachments.push(file);
        process.stderr.write(`Attached ${file} to your next message.\n`);
        continue;
      }
      if (input.startsWith('/')) {
        process.stderr.write(`Unknown command ${input.split(/\s/)[0]}. ${HELP}\n`);
        continue;
      }
      let final: Run;
      try {
        final = await followRun(
          client,
          async () => {
            const files = attachments.splice(0);
            const run = await client.call('runs.start', {
              agent: agent.id,
              input,
              options: threadId ? { threadId } : { newThread: true },
              ...(files.length ? { attachments: files.map((path) => ({ path })) } : {}),
            });
            running = run.id;
            return run;
          },
          { quiet: false, yes: !!opts.yes, ask: async (e) => parseDecision((await lines.next(approvalQuestion(e))) ?? 'n') },
        );
      } catch (error) {
        process.stderr.write(`Could not run: ${error instanceof Error ? error.message : String(error)}\n`);
        continue;
      } finally {
        running = undefined;
      }
      if (final.threadId && final.threadId !== threadId) {
        threadId = final.threadId;
        process.stderr.write(`(new thread ${threadId.slice(0, 8)})\n`);
      }
      if (final.status !== 'succeeded') {
        process.stderr.write(`Run ${final.status}${final.error ? `: ${final.error.message}` : ''}\n`);
        if (final.error?.hint) process.stderr.write(`Hint: ${final.error.hint}\n`);
      }
    }
  } finally {
    rl.close();
  }
  if (threadId) process.stderr.write(`Thread ${threadId.slice(0, 8)}: continue with \`agent-factory chat "${agent.name}" --thread ${threadId.slice(0, 8)}\`.\n`);
}

export function registerChatCommand(program: Command, withClient: WithClient): void {
  program
    .command('chat <agent>')
    .description('Chat with an agent in the terminal, streaming its answers (reads stdin line by line, so it can be piped)')
    .option('--thread <id>', 'continue this thread (its id or a unique start of it); default: a new thread')
    .option('--yes', 'approve every tool call without asking')
    .action((agent: string, opts: { thread?: string; yes?: boolean }) => withClient((ctx) => chat(ctx, agent, opts)));
}
