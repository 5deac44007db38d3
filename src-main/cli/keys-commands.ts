import type { Command } from 'commander';
import { ApiKeyScope, type ApiKey } from '@shared/entities/api-key';
import { AppError } from '@shared/errors';
import type { CliContext } from './context';
import { printJson, table } from './format';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

/** `--expires 30d` (days; a bare number is days too) → whole days. */
export function parseExpires(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)\s*d?\s*$/i.exec(value);
  const days = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new AppError('VALIDATION', `--expires must be a number of days from 1 to 3650 (e.g. 30d), got "${value}".`);
  return days;
}

function parseScope(value: string): ApiKeyScope {
  const parsed = ApiKeyScope.safeParse(value.trim().toLowerCase());
  if (!parsed.success) throw new AppError('VALIDATION', `--scope must be one of ${ApiKeyScope.options.join(', ')}, got "${value}".`);
  return parsed.data;
}

function state(key: ApiKey, now = Date.now()): string {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

/** `agent-factory keys create|list|revoke|audit`: API keys of the engine as a service. */
export function registerKeyCommands(program: Command, withClient: WithClient): void {
  const keys = program.command('keys').description('API keys for using the engine as a service (scoped, stored hashed, audited)');

  keys
    .command('create <name>')
    .description('Make a key; its secret is printed once, only its hash is kept')
    .requiredOption('--scope <scope>', `what it may do: ${ApiKeyScope.options.join(' | ')}`)
    .option('--expires <days>', 'stop working after this many days (e.g. 30d)')
    .action((name: string, opts: { scope: string; expires?: string }) =>
      withClient(async (ctx) => {
        const expiresInDays = parseExpires(opts.expires);
        const created = await ctx.client.call('keys.create', { name, scope: parseScope(opts.scope), ...(expiresInDays ? { expiresInDays } : {}) });
        if (ctx.json) return printJson(created);
        console.log(created.secret);
        console.error(
          `Key "${created.key.name}" (scope ${created.key.scope}${created.key.expiresAt ? `, expires ${day(created.key.expiresAt)}` : ''}) made. ` +
            'Copy the secret above now: it is not shown again. Send it as `Authorization: Bearer <key>`.',
        );
      }),
    );

  keys
    .command('list')
    .description('The keys (never their secrets)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const list = await ctx.client.call('keys.list', {});
        if (opts.json || ctx.json) return printJson(list);
        if (!list.length) return console.log('No API keys. Make one with: agent-factory keys create <name> --scope read|run|admin|metrics');
        console.log(
          table(
            list.map((k) => ({ name: k.name, scope: k.scope, prefix: k.prefix, state: state(k), created: day(k.createdAt), expires: day(k.expiresAt), 'last used': day(k.lastUsedAt), id: k.id })),
            ['name', 'scope', 'prefix', 'state', 'created', 'expires', 'last used', 'id'],
          ),
        );
      }),
    );

  keys
    .command('revoke <key>')
    .description('Revoke a key (by name or id): every call with it is refused from now on')
    .action((ref: string) =>
      withClient(async (ctx) => {
        const key = await ctx.client.call('keys.revoke', { key: ref });
        if (ctx.json) return printJson(key);
        console.log(`Revoked "${key.name}" (${key.prefix}…).`);
      }),
    );

  keys
    .command('audit')
    .description('The latest calls made with keys (method, outcome, time; never inputs)')
    .option('--key <key>', 'only this key (name or id)')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action((opts: { key?: string; limit: string; json?: boolean }) =>
      withClient(async (ctx) => {
        const entries = await ctx.client.call('keys.audit', { limit: Number(opts.limit), ...(opts.key ? { keyId: opts.key } : {}) });
        if (opts.json || ctx.json) return printJson(entries);
        console.log(table(entries.map((e) => ({ at: e.at, key: e.keyName, method: e.method, outcome: e.outcome, code: e.code ?? '' })), ['at', 'key', 'method', 'outcome', 'code']));
      }),
    );
}
