import type { Command } from 'commander';
import type { ApiClient } from '@shared/api/index';
import { AppError } from '@shared/errors';
import { machineTimeZone } from './automations-args';
import { inboxTable } from './automations-format';
import type { CliContext } from './context';
import { printJson } from './format';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

/** Full ids of inbox items from ids or unique starts of them (as the list prints them). */
async function resolveIds(client: ApiClient, given: string[]): Promise<string[]> {
  const items = await client.call('inbox.list', { unreadOnly: false, limit: 500 });
  return given.map((id) => {
    const exact = items.find((i) => i.id === id);
    if (exact) return exact.id;
    const matches = items.filter((i) => i.id.startsWith(id));
    if (matches.length === 1) return matches[0]!.id;
    if (!matches.length) throw new AppError('NOT_FOUND', `No inbox item with an id starting with "${id}".`, { hint: 'List them with `agent-factory inbox`.' });
    throw new AppError('VALIDATION', `"${id}" is the start of several inbox items' ids.`, { hint: 'Give more characters of the id.' });
  });
}

export function registerInboxCommand(program: Command, withClient: WithClient): void {
  const inbox = program
    .command('inbox')
    .description('Results of automations’ runs, newest first (• marks unread); `inbox read` marks them read')
    .option('--unread', 'only unread items')
    .option('--automation <automation>', 'only items of this automation (name or id)')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action((opts: { unread?: boolean; automation?: string; limit: string; json?: boolean }) =>
      withClient(async (ctx) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new AppError('VALIDATION', `--limit: "${opts.limit}" is not 1–500.`, { hint: 'Give e.g. --limit 20.' });
        const items = await ctx.client.call('inbox.list', {
          unreadOnly: !!opts.unread,
          limit,
          ...(opts.automation ? { automation: opts.automation } : {}),
        });
        if (opts.json || ctx.json) return printJson(items);
        console.log(inboxTable(items, machineTimeZone()));
      }),
    );

  inbox
    .command('read [ids...]')
    .description('Mark inbox items read (ids or unique starts of them), or --all')
    .option('--all', 'mark every item read')
    .option('--json', 'print JSON: { unread }')
    .action((ids: string[], opts: { all?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        if (opts.all && ids.length) throw new AppError('VALIDATION', 'Give item ids or --all, not both.', { hint: 'Drop the ids to mark everything read.' });
        if (!opts.all && !ids.length) throw new AppError('VALIDATION', 'Say which items to mark read.', { hint: 'Give their ids (from `agent-factory inbox`) or --all.' });
        const result = await ctx.client.call('inbox.markRead', opts.all ? {} : { ids: await resolveIds(ctx.client, ids) });
        if (opts.json || inbox.opts<{ json?: boolean }>().json || ctx.json) return printJson(result);
        console.log(`Marked ${opts.all ? 'all' : ids.length} read; ${result.unread} unread.`);
      }),
    );
}
