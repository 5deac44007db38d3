import { logUncaughtErrors } from '../transport/guard';
import type { Command } from 'commander';
import { AppError } from '@shared/errors';
import type { CliContext } from './context';
import { openMcpBackend } from './mcp-backend';
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
 * 127.0.0.1 with --http (the bearer token is printed once). It attaches to a running engine on the
 * data folder, or opens one that other commands and `mcp` processes then attach to.
 */
export function registerMcpCommand(
  program: Command,
  // Unused: `mcp` opens its engine itself, to share it when it owns it (see openMcpBackend).
  _withClient?: WithClient,
): void {
  program
    .command('mcp')
    .description(
      'Serve Agent Factory to MCP clients (Claude Desktop, Cursor): over stdio, or Streamable HTTP with --http',
    )
    .option('--http', 'serve Streamable HTTP on 127.0.0.1 instead of stdio')
    .option('--port <n>', 'port for --http (0 picks a free one)', '0')
    .option('--max-sessions <n>', 'for --http: sessions at once; a new client closes the least recently used', '32')
    .option('--idle-minutes <n>', 'for --http: a session without requests for this long is closed', '10')
    .action(async (opts: { http?: boolean; port: string; maxSessions: string; idleMinutes: string }, command: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new AppError('VALIDATION', `--port must be 0–65535, got ${opts.port}.`);
      }
      const maxSessions = Number(opts.maxSessions);
      if (!Number.isInteger(maxSessions) || maxSessions < 1 || maxSessions > 10_000) {
        throw new AppError('VALIDATION', `--max-sessions must be 1–10000, got ${opts.maxSessions}.`);
      }
      const idleMinutes = Number(opts.idleMinutes);
      if (!Number.isFinite(idleMinutes) || idleMinutes <= 0 || idleMinutes > 7 * 24 * 60) {
        throw new AppError('VALIDATION', `--idle-minutes must be above 0 (at most a week), got ${opts.idleMinutes}.`);
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
      const { dataDir } = command.optsWithGlobals<{ dataDir: string }>();
      const backend = await openMcpBackend(dataDir, log);
      // The engine this process is attached to went away: nothing more can be served.
      void backend.lost.then(() => {
        log('the Agent Factory this server is attached to stopped; stopping');
        process.kill(process.pid, 'SIGTERM');
      });
      try {
        const newServer = () => createFactoryMcpServer(backend.client, { version, log });
        if (!protocol) {
          const http = await startMcpHttpServer({
            newServer,
            port,
            maxSessions,
            idleMs: idleMinutes * 60_000,
            log,
            ...(process.env.AGENT_FACTORY_MCP_TOKEN
              ? { token: process.env.AGENT_FACTORY_MCP_TOKEN }
              : {}),
          });
          process.stdout.write(`MCP endpoint: ${http.url}\nBearer token: ${http.token}\n`);
          await stopped;
          await http.close();
        } else {
          log(`serving over stdio (Agent Factory ${version}, data in ${dataDir})`);
          await serveMcpStdio(newServer(), protocol, signal);
        }
      } finally {
        await backend.close();
      }
      // Whatever a dependency left running, the command is over.
      setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
    });
}
