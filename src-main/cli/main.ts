import { Command, Option } from 'commander';
import { isAppError } from '@shared/errors';
import { defaultDataDir } from '../engine/config/paths';
import { registerAgentCommands } from './agents-commands';
import { registerRunCommands } from './runs-commands';
import { registerThreadCommands } from './threads-commands';
import { registerChatCommand } from './chat-command';
import { registerServerCommands } from './servers-commands';
import { registerMcpCommand } from './mcp-command';
import { registerKbCommands } from './kb-commands';
import { registerModelCommands } from './models-commands';
import { registerAutomationCommands } from './automations-commands';
import { registerInboxCommand } from './inbox-command';
import { registerEvalCommands } from './eval-commands';
import { registerKeyCommands } from './keys-commands';
import type { CliContext } from './context';
import { printJson, table } from './format';
import { connect, version } from './runtime';

const program = new Command()
  .name('agent-factory')
  .description('Agent Factory: build, run and watch AI agents')
  .version(version)
  .addOption(new Option('--data-dir <dir>', 'data folder').env('AGENT_FACTORY_DATA_DIR').default(defaultDataDir()))
  .option('--json', 'print JSON (every listing command)');

function globals(): { dataDir: string; json: boolean } {
  const opts = program.opts<{ dataDir: string; json?: boolean }>();
  return { dataDir: opts.dataDir, json: !!opts.json };
}

async function withClient<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const { dataDir, json } = globals();
  const connection = await connect(dataDir);
  try {
    return await fn({ client: connection.client, dataDir, json, via: connection.via });
  } finally {
    await connection.close();
  }
}

program
  .command('serve')
  .description('Run headless: the engine, the web UI and the API on 127.0.0.1 (or beyond, with TLS and API keys)')
  .option('--port <n>', 'port (0 picks a free one)', '0')
  .option('--host <addr>', 'address to listen on; beyond loopback needs TLS or --behind-proxy, and accepts API keys only', '127.0.0.1')
  .option('--tls-cert <file>', 'TLS certificate (PEM): serve https and wss')
  .option('--tls-key <file>', 'TLS private key (PEM)')
  .option('--behind-proxy [addr]', 'a reverse proxy at addr (default 127.0.0.1) terminates TLS; its X-Forwarded-* headers are trusted')
  .option('--allowed-origin <origin>', 'a browser origin allowed besides the server\'s own (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
  .action(async (opts: { port: string; host: string; tlsCert?: string; tlsKey?: string; behindProxy?: string | true; allowedOrigin?: string[] }) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${opts.port}`);
    // Loaded here: the web server's modules are for `serve` only.
    const { serve } = await import('./serve');
    await serve({
      dataDir: globals().dataDir,
      port,
      host: opts.host,
      ...(opts.tlsCert ? { tlsCert: opts.tlsCert } : {}),
      ...(opts.tlsKey ? { tlsKey: opts.tlsKey } : {}),
      ...(opts.behindProxy ? { behindProxy: opts.behindProxy === true ? '127.0.0.1' : opts.behindProxy } : {}),
      ...(opts.allowedOrigin?.length ? { allowedOrigins: opts.allowedOrigin } : {}),
    });
  });

registerAgentCommands(program, withClient);
registerRunCommands(program, withClient);
registerThreadCommands(program, withClient);
registerChatCommand(program, withClient);
registerServerCommands(program, withClient);
registerMcpCommand(program, withClient);
registerKbCommands(program, withClient);
registerModelCommands(program, withClient);
registerAutomationCommands(program, withClient);
registerInboxCommand(program, withClient);
registerEvalCommands(program, withClient);
registerKeyCommands(program, withClient);

program
  .command('doctor')
  .description('Check the database, model providers, Chroma and MCP prerequisites')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) =>
    withClient(async (ctx) => {
      const checks = await ctx.client.call('system.doctor', {});
      if (opts.json || ctx.json) return printJson(checks);
      console.log(table(checks.map((c) => ({ check: c.name, status: c.status, detail: c.detail, fix: c.fix ?? '' })), ['check', 'status', 'detail', 'fix']));
      if (checks.some((c) => c.status === 'error')) process.exitCode = 1;
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  if (isAppError(error)) {
    console.error(`Error (${error.code}): ${error.message}`);
    for (const issue of error.issues ?? []) console.error(`  ${issue.path.join('.') || '(input)'}: ${issue.message}`);
    if (error.hint) console.error(`Hint: ${error.hint}`);
  } else {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
