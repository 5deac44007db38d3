import { logUncaughtErrors } from '../transport/guard';
import type { Command } from 'commander';
import { AppError } from '@shared/errors';
import type { CliContext } from './context';
import { version } from './runtime';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

const log = (message: string) => process.stderr.write(`agent-factory mcp: ${message}\n`);

/** Resolves on SIGINT or SIGTERM (and stops listening for them). */
function untilSignal(): { stopped: Promise<string>; signal: AbortSignal } {
  const controller = new AbortController();
  const stopped = new Promise<string>((resolve) => {
    const on = (name: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      controller.abort();
      resolve(name);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
  return { stopped, signal: controller.signal };
}

/**
 * `agent-factory mcp`: Agent Factory as an MCP server for other clients (Claude Desktop, Cursor).
 * Over stdio by default (stdout is the protocol; diagnostics go to stderr), or Streamable HTTP on
 * 127.0.0.1 with --http (the bearer token is printed once).
 */
export function registerMcpCommand(program: Command, withClient: WithClient): void {
  program
    .command('mcp')
    .description(
      'Serve Agent Factory to MCP clients (Claude Desktop, Cursor): over stdio, or Streamable HTTP with --http',
    )
    .option('--http', 'serve Streamable HTTP on 127.0.0.1 instead of stdio')
    .option('--port <n>', 'port for --http (0 picks a free one)', '0')
    .action(async (opts: { http?: boolean; port: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new AppError('VALIDATION', `--port must be 0–65535, got ${opts.port}.`);
      }
      // The MCP server side of the SDK is loaded by this command only.
      const { createFactoryMcpServer, reserveStdout, serveMcpStdio, startMcpHttpServer } = await import(
        '../transport/mcp-server/index'
      );
      // Before the engine opens: from here on nothing but the protocol reaches stdout.
      const protocol = opts.http ? undefined : reserveStdout();
      const { stopped, signal } = untilSignal();
      // A long-running server: an error that escaped a handler is logged, not fatal.
      logUncaughtErrors((error, kind) => log(`${kind}: ${error instanceof Error ? error.message : String(error)}`));
      await withClient(async (ctx) => {
        const newServer = () => createFactoryMcpServer(ctx.client, { version, log });
        if (!protocol) {
          const http = await startMcpHttpServer({
            newServer,
            port,
            log,
            ...(process.env.AGENT_FACTORY_MCP_TOKEN
              ? { token: process.env.AGENT_FACTORY_MCP_TOKEN }
              : {}),
          });
          process.stdout.write(`MCP endpoint: ${http.url}\nBearer token: ${http.token}\n`);
          await stopped;
          await http.close();
          return;
        }
        log(`serving over stdio (Agent Factory ${version}, data in ${ctx.dataDir})`);
        await serveMcpStdio(newServer(), protocol, signal);
      });
      // Whatever a dependency left running, the command is over.
      setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
    });
}
