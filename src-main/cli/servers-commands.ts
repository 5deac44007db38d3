import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import type { Command } from 'commander';
import type {
  ApprovalDecision,
  ApprovalRequest,
  McpServerView,
  McpTool,
} from '@shared/entities/mcp';
import { AppError, isAppError } from '@shared/errors';
import { parseJsonText } from '../engine/mcp/claude-config';
import { resultText } from '../engine/mcp/index';
import type { CliContext } from './context';
import { registerServerAuthCommands } from './servers-auth-commands';
import { registerServerContentCommands } from './server-content-commands';
import { printJson, table } from './format';

export type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;
type LaunchRequest = Extract<ApprovalRequest, { kind: 'server-launch' }>;

/** The import method's own limit. */
const MAX_CONFIG_BYTES = 5_000_000;
const running = (view: McpServerView) =>
  view.status.state === 'ready' || view.status.state === 'degraded';
const oneLine = (text: string, max = 80) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function readConfigFile(file: string): string {
  const path = resolve(file);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new AppError('VALIDATION', `${path} is not a file.`);
    size = stat.size;
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError(
      'NOT_FOUND',
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      {
        hint: 'Give the path of a claude_desktop_config.json style file.',
      },
    );
  }
  if (size > MAX_CONFIG_BYTES)
    throw new AppError('VALIDATION', `${path} is larger than 5 MB; that is not an MCP config.`);
  return readFileSync(path, 'utf8');
}

export async function resolveServer(ctx: CliContext, nameOrId: string): Promise<McpServerView> {
  const views = await ctx.client.call('mcp.servers.list', {});
  const lower = nameOrId.toLowerCase();
  const found =
    views.find((v) => v.server.id === nameOrId) ??
    views.find((v) => v.server.name.toLowerCase() === lower);
  if (!found) {
    throw new AppError('NOT_FOUND', `No MCP server "${nameOrId}".`, {
      hint: views.length
        ? `Servers: ${views.map((v) => v.server.name).join(', ')}.`
        : 'Import servers with `agent-factory servers import <claude_desktop_config.json>`.',
    });
  }
  return found;
}

/** Asks on the terminal whether the server's command may run. */
async function askLaunch(request: LaunchRequest): Promise<ApprovalDecision> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    process.stderr.write(
      `MCP server "${request.serverName}" wants to start:\n  ${request.commandLine}\n`,
    );
    if (request.cwd) process.stderr.write(`  in ${request.cwd}\n`);
    if (request.envNames.length)
      process.stderr.write(`  with the variables ${request.envNames.join(', ')}\n`);
    const answer = (await rl.question('Allow? [y]es once / [a]lways / [N]o: '))
      .trim()
      .toLowerCase();
    return answer.startsWith('a') ? 'allow-always' : answer.startsWith('y') ? 'allow-once' : 'deny';
  } finally {
    rl.close();
  }
}

/**
 * Starts the server unless it runs. Its first start asks the user to approve its command: this
 * command answers for the named server only (--yes: allow and remember; on a terminal: ask;
 * otherwise: deny). A running app's UI may answer first.
 */
export async function ensureStarted(ctx: CliContext, view: McpServerView, yes: boolean): Promise<void> {
  if (running(view)) return;
  let answers = Promise.resolve();
  let deniedHere = false;
  const off = ctx.client.subscribe('mcp.approval.requested', (request) => {
    if (request.kind !== 'server-launch' || request.serverId !== view.server.id) return;
    answers = answers.then(async () => {
      const decision: ApprovalDecision = yes
        ? 'allow-always'
        : process.stdin.isTTY
          ? await askLaunch(request)
          : 'deny';
      deniedHere = decision === 'deny';
      await ctx.client.call('approvals.respond', { id: request.id, decision }).catch(() => {});
    });
  });
  const note = setTimeout(() => process.stderr.write(`Starting "${view.server.name}"…\n`), 3000);
  note.unref();
  try {
    await ctx.client.call('mcp.servers.start', { id: view.server.id });
  } catch (error) {
    if (deniedHere && isAppError(error) && error.code === 'FORBIDDEN') {
      throw new AppError(
        'FORBIDDEN',
        `Did not start "${view.server.name}": its command needs your approval first.`,
        {
          hint: 'Check its command (agent-factory servers export), then run again with --yes to approve it.',
        },
      );
    }
    throw error;
  } finally {
    clearTimeout(note);
    off();
    await answers;
  }
}

/** The tool arguments as typed: one JSON object (checked before anything starts). */
export function parseArguments(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJsonText(text, 'The tool input');
  } catch (error) {
    throw new AppError('VALIDATION', (error as Error).message, {
      hint: `Pass the arguments as one JSON object in quotes, e.g. '{"path": "/tmp"}'.`,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError(
      'VALIDATION',
      'The arguments must be a JSON object, e.g. \'{"path": "/tmp"}\'.',
    );
  }
  return value as Record<string, unknown>;
}

/** Checks the arguments against the tool's input schema, for an error that names the field. */
async function checkArguments(
  args: Record<string, unknown>,
  tool: McpTool | undefined,
  serverName: string,
): Promise<void> {
  if (!tool) return; // The call reports an unknown tool with the list of known ones.
  // Ajv is imported here, by the one command that needs it.
  const { AjvJsonSchemaValidator } = await import('@modelcontextprotocol/sdk/validation/ajv');
  let check: { valid: boolean; errorMessage?: string | undefined };
  try {
    check = new AjvJsonSchemaValidator().getValidator(tool.inputSchema as JsonSchemaType)(args);
  } catch {
    return; // A schema this validator cannot compile: the server checks the arguments itself.
  }
  if (!check.valid) {
    throw new AppError(
      'VALIDATION',
      `The arguments do not fit the input schema of "${tool.name}": ${check.errorMessage ?? 'invalid'}.`,
      {
        hint: `See its schema with \`agent-factory servers tools ${serverName} --json\`.`,
      },
    );
  }
}

export function registerServerCommands(program: Command, withClient: WithClient): void {
  const servers = program
    .command('servers')
    .description('MCP servers: import, list, inspect and call their tools');

  servers
    .command('import <file>')
    .description(
      'Import servers from a Claude Desktop style config ({ "mcpServers": { ... } }); same names are updated',
    )
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const text = readConfigFile(file);
      const named = (error: unknown) =>
        isAppError(error)
          ? new AppError(error.code, `${resolve(file)}: ${error.message}`, {
              ...(error.hint ? { hint: error.hint } : {}),
              ...(error.issues ? { issues: error.issues } : {}),
            })
          : error;
      // A syntax error is reported before anything opens (the import checks it again, with the entries).
      try {
        parseJsonText(text, 'The MCP config');
      } catch (error) {
        throw named(error);
      }
      return withClient(async (ctx) => {
        const report = await ctx.client
          .call('mcp.servers.import', { json: text })
          .catch((error: unknown) => {
            throw named(error);
          });
        if (opts.json || ctx.json) return printJson(report);
        const names = (list: McpServerView[]) => list.map((v) => v.server.name).join(', ');
        if (report.created.length)
          console.log(`Created ${report.created.length}: ${names(report.created)}`);
        if (report.updated.length)
          console.log(`Updated ${report.updated.length}: ${names(report.updated)}`);
        for (const s of report.skipped) console.log(`Skipped ${s.name}: ${s.reason}`);
        if (!report.created.length && !report.updated.length)
          console.log('No servers in the file.');
        else
          console.log(
            'Each server asks once to approve its command when it first starts (--yes on `servers tools`/`servers call`).',
          );
      });
    });

  servers
    .command('list')
    .description('List MCP servers with their state and tool count')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const views = await ctx.client.call('mcp.servers.list', {});
        if (opts.json || ctx.json) return printJson(views);
        const rows = views.map((v) => ({
          name: v.server.name,
          transport: v.server.transport.type,
          state: v.status.state,
          tools: v.status.toolCount ?? '-',
          id: v.server.id,
        }));
        console.log(table(rows, ['name', 'transport', 'state', 'tools', 'id']));
      }),
    );

  servers
    .command('tools <server>')
    .description('List the tools of a server (by name or id), starting it if needed')
    .option('--yes', 'approve starting the server’s command, and remember it')
    .option('--json', 'print JSON (with each input schema)')
    .action((name: string, opts: { yes?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        const view = await resolveServer(ctx, name);
        await ensureStarted(ctx, view, !!opts.yes);
        const tools = await ctx.client.call('mcp.servers.tools', { id: view.server.id });
        if (opts.json || ctx.json) return printJson(tools);
        console.log(
          table(
            tools.map((t) => ({
              name: t.name,
              approval: t.changedSinceConsent ? `${t.approval} (changed: withheld until approved)` : t.approval,
              description: oneLine(t.description),
            })),
            ['name', 'approval', 'description'],
          ),
        );
      }),
    );

  servers
    .command('call <server> <tool> [arguments]')
    .description(
      'Call a tool of a server with JSON arguments, e.g. servers call files list_directory \'{"path":"/tmp"}\'',
    )
    .option('--yes', 'approve starting the server’s command, and remember it')
    .option('--timeout <ms>', 'give up after this long (at most the server’s tool timeout)')
    .option('--json', 'print the whole result as JSON')
    .action(
      async (
        name: string,
        toolName: string,
        args: string | undefined,
        opts: { yes?: boolean; timeout?: string; json?: boolean },
      ) => {
        // Typing mistakes are reported before anything opens or starts.
        const timeoutMs = opts.timeout === undefined ? undefined : Number(opts.timeout);
        if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 100)) {
          throw new AppError(
            'VALIDATION',
            `--timeout must be a whole number of milliseconds (at least 100), got ${opts.timeout}.`,
          );
        }
        const input = parseArguments(args ?? '{}');
        return withClient(async (ctx) => {
          const view = await resolveServer(ctx, name);
          await ensureStarted(ctx, view, !!opts.yes);
          const tools = await ctx.client.call('mcp.servers.tools', { id: view.server.id });
          await checkArguments(
            input,
            tools.find((t) => t.name === toolName),
            view.server.name,
          );
          // A call typed by the user needs no further approval; a "deny" policy still refuses it.
          const result = await ctx.client.call('mcp.servers.callTool', {
            id: view.server.id,
            tool: toolName,
            arguments: input,
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          });
          if (opts.json || ctx.json) return printJson(result);
          process.stdout.write(`${resultText(result)}\n`);
          if (result.truncated)
            process.stderr.write(`(cut to the size limit; it was ${result.originalBytes} bytes)\n`);
        });
      },
    );

  servers
    .command('approve-tool <server> <tool>')
    .description('Review a tool whose definition changed since you approved it, and approve the new one')
    .option('--yes', 'approve the definition shown (and the server’s command, to start it) without asking')
    .action((name: string, toolName: string, opts: { yes?: boolean }) =>
      withClient(async (ctx) => {
        const view = await resolveServer(ctx, name);
        await ensureStarted(ctx, view, !!opts.yes);
        const tool = (await ctx.client.call('mcp.servers.tools', { id: view.server.id })).find((t) => t.name === toolName);
        if (!tool) throw new AppError('NOT_FOUND', `MCP server "${view.server.name}" has no tool "${toolName}".`, { hint: `List them with \`agent-factory servers tools ${view.server.name}\`.` });
        process.stderr.write(`${tool.name}: ${tool.description}\n${JSON.stringify(tool.inputSchema, null, 2)}\n`);
        if (!tool.changedSinceConsent) process.stderr.write('This definition is the one approved last (or none was approved yet).\n');
        let approve = !!opts.yes;
        if (!approve && process.stdin.isTTY) {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          approve = (await rl.question('Offer this definition to agents? [y/N]: ')).trim().toLowerCase().startsWith('y');
          rl.close();
        }
        if (!approve) throw new AppError('FORBIDDEN', 'Not approved.', { hint: 'Review the definition above, then run again with --yes.' });
        await ctx.client.call('mcp.servers.approveTool', { id: view.server.id, tool: tool.name, hash: tool.hash });
        console.log(`Approved the definition of ${tool.name}; agents are offered it again.`);
      }),
    );

  servers
    .command('export [servers...]')
    .description('Print the servers (all, or those named) as a Claude Desktop style config')
    .option('--out <file>', 'write it to this file instead')
    .option('--json', 'print JSON (the config is JSON either way)')
    .action((names: string[], opts: { out?: string }) =>
      withClient(async (ctx) => {
        const ids = names.length
          ? await Promise.all(names.map(async (n) => (await resolveServer(ctx, n)).server.id))
          : undefined;
        const { json } = await ctx.client.call('mcp.servers.export', ids ? { ids } : {});
        if (!opts.out) return void process.stdout.write(json);
        writeFileSync(resolve(opts.out), json, { mode: 0o600 });
        console.log(`Wrote ${resolve(opts.out)}`);
      }),
    );

  registerServerContentCommands(servers, withClient);
  registerServerAuthCommands(servers, withClient);
}
