import type { Command } from 'commander';
import { AppError } from '@shared/errors';
import { resolveServer, type WithClient } from './servers-commands';

/** How long `servers sign-in` waits for the browser to come back. */
const SIGN_IN_WAIT_MS = 5 * 60_000;

/** `servers sign-in|sign-out`: OAuth for HTTP servers from the terminal (headless: the link is printed). */
export function registerServerAuthCommands(servers: Command, withClient: WithClient): void {
  servers
    .command('sign-in <server>')
    .description('Sign in to an HTTP MCP server that asks for it (OAuth): opens the browser, or prints the link to open')
    .option('--no-wait', 'print the link and return without waiting for the sign-in to finish')
    .action((name: string, opts: { wait: boolean }) =>
      withClient(async (ctx) => {
        const view = await resolveServer(ctx, name);
        const answer = await ctx.client.call('mcp.servers.signIn', { id: view.server.id });
        if (answer.signedIn) {
          console.log(`Signed in to ${view.server.name}.`);
          return;
        }
        if (answer.url) process.stderr.write(`Open this link to sign in to ${view.server.name}:\n${answer.url}\n`);
        if (!opts.wait) return;
        const until = Date.now() + SIGN_IN_WAIT_MS;
        while (Date.now() < until) {
          await new Promise((r) => setTimeout(r, 1000));
          const now = await ctx.client.call('mcp.servers.get', { id: view.server.id });
          if (!now.status.signInNeeded && (now.status.state === 'ready' || now.status.state === 'degraded')) {
            console.log(`Signed in to ${view.server.name}; it is ${now.status.state}.`);
            return;
          }
        }
        throw new AppError('TIMEOUT', `The sign-in to ${view.server.name} did not finish within 5 minutes.`, { hint: 'Open the link again, or run the command again for a new one.' });
      }),
    );

  servers
    .command('sign-out <server>')
    .description('Forget the OAuth tokens and registration of an MCP server')
    .action((name: string) =>
      withClient(async (ctx) => {
        const view = await resolveServer(ctx, name);
        await ctx.client.call('mcp.servers.signOut', { id: view.server.id });
        console.log(`Signed out of ${view.server.name}.`);
      }),
    );
}
