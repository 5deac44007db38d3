import type { Command } from 'commander';
import { currentTurns, type ThreadListItem } from '@shared/entities/thread';
import type { CliContext } from './context';
import { short } from './follow-run';
import { printJson, table } from './format';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);

/** Threads as a terminal table (ids cut to 8 characters: any unique start of an id is accepted). */
export function threadTable(list: readonly ThreadListItem[], current?: string): string {
  return table(
    list.map((t) => ({
      id: `${t.id === current ? '*' : ''}${t.id.slice(0, 8)}`,
      title: `${t.pinned ? '📌 ' : ''}${short(t.title, 50)}${t.archived ? ' (archived)' : ''}`,
      runs: t.runCount,
      updated: when(t.updatedAt),
      ...(t.match ? { match: short(t.match, 60) } : {}),
    })),
    ['id', 'title', 'runs', 'updated', ...(list.some((t) => t.match) ? ['match'] : [])],
  );
}

export function registerThreadCommands(program: Command, withClient: WithClient): void {
  const threads = program.command('threads').description('Conversation threads: list, search, show and delete them');

  threads
    .command('list')
    .description('List threads, pinned first then most recent; --query searches titles and messages')
    .option('--agent <agent>', 'only threads of this agent (name or id)')
    .option('--query <text>', 'full-text search (words, "a phrase", -excluded)')
    .option('--archived', 'include archived threads')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action((opts: { agent?: string; query?: string; archived?: boolean; limit: string; json?: boolean }) =>
      withClient(async (ctx) => {
        const list = await ctx.client.call('threads.list', {
          limit: Number(opts.limit),
          includeArchived: !!opts.archived,
          ...(opts.agent ? { agentId: opts.agent } : {}),
          ...(opts.query ? { query: opts.query } : {}),
        });
        if (opts.json || ctx.json) return printJson(list);
        console.log(threadTable(list));
      }),
    );

  threads
    .command('show <id>')
    .description('Show a thread’s conversation (the id may be any unique start of it)')
    .option('--json', 'print JSON: { thread, runs }')
    .action((id: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const detail = await ctx.client.call('threads.get', { threadId: id });
        if (opts.json || ctx.json) return printJson(detail);
        const { thread } = detail;
        console.log(`Thread ${thread.id} — ${thread.title}${thread.pinned ? ' (pinned)' : ''}${thread.archived ? ' (archived)' : ''}`);
        console.log(`Started ${when(thread.createdAt)}, last used ${when(thread.updatedAt)}`);
        for (const run of currentTurns(detail.runs)) {
          console.log(`\n[${run.id.slice(0, 8)}] You: ${run.input}`);
          const answer = run.output ?? (run.error ? `(${run.status}: ${run.error.message})` : `(${run.status})`);
          console.log(`${run.agentName}: ${answer}`);
        }
      }),
    );

  threads
    .command('rename <id> <title>')
    .description('Rename a thread')
    .action((id: string, title: string) =>
      withClient(async (ctx) => {
        const thread = await ctx.client.call('threads.update', { threadId: id, title });
        console.log(`Renamed thread ${thread.id.slice(0, 8)} to “${thread.title}”.`);
      }),
    );

  const flags = [
    ['pin', 'Pin a thread (pinned threads are listed first)', { pinned: true }, 'Pinned'],
    ['unpin', 'Unpin a thread', { pinned: false }, 'Unpinned'],
    ['archive', 'Archive a thread (hidden from lists unless --archived; a new message brings it back)', { archived: true }, 'Archived'],
    ['unarchive', 'Bring an archived thread back', { archived: false }, 'Unarchived'],
  ] as const;
  for (const [name, description, patch, done] of flags) {
    threads
      .command(`${name} <id>`)
      .description(description)
      .action((id: string) =>
        withClient(async (ctx) => {
          const thread = await ctx.client.call('threads.update', { threadId: id, ...patch });
          console.log(`${done} thread ${thread.id.slice(0, 8)} “${thread.title}”.`);
        }),
      );
  }

  threads
    .command('delete <id>')
    .description('Delete a thread with its runs and their traces')
    .action((id: string) =>
      withClient(async (ctx) => {
        const { thread } = await ctx.client.call('threads.get', { threadId: id });
        const result = await ctx.client.call('threads.delete', { threadId: thread.id });
        console.log(`Deleted thread ${thread.id.slice(0, 8)} “${thread.title}” and its ${result.runs} run${result.runs === 1 ? '' : 's'}.`);
      }),
    );
}
