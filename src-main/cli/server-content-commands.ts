import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { McpLogLevel, type McpPromptMessage } from '@shared/entities/mcp-resources';
import { AppError } from '@shared/errors';
import { resultText } from '../engine/mcp/index';
import type { CliContext } from './context';
import { printJson, table } from './format';
import { ensureStarted, parseArguments, resolveServer, type WithClient } from './servers-commands';

const oneLine = (text: string | undefined, max = 70) => {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

async function startedServer(ctx: CliContext, name: string, yes: boolean) {
  const view = await resolveServer(ctx, name);
  await ensureStarted(ctx, view, yes);
  return view;
}

/** A prompt's messages for the terminal: "role: text", binary parts described. */
export function promptText(messages: McpPromptMessage[]): string {
  return messages
    .map((m) => `${m.role}: ${resultText({ content: [m.content] })}`)
    .join('\n\n');
}

/** The prompt arguments as typed: a JSON object of strings (numbers and booleans are turned into text). */
function promptArguments(text: string | undefined): Record<string, string> {
  const raw = parseArguments(text ?? '{}');
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}

/** `servers resources|read|prompts|prompt|log-level`: what a server offers besides tools. */
export function registerServerContentCommands(servers: Command, withClient: WithClient): void {
  servers
    .command('resources <server>')
    .description('List the resources and resource templates of a server, starting it if needed')
    .option('--yes', 'approve starting the server’s command, and remember it')
    .option('--json', 'print JSON')
    .action((name: string, opts: { yes?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        const view = await startedServer(ctx, name, !!opts.yes);
        const list = await ctx.client.call('mcp.resources.list', { serverId: view.server.id, refresh: true });
        if (opts.json || ctx.json) return printJson(list);
        if (!list.resources.length && !list.templates.length) return console.log('No resources.');
        if (list.resources.length)
          console.log(
            table(
              list.resources.map((r) => ({
                uri: r.uri,
                name: r.title ?? r.name,
                type: r.mimeType ?? '',
                description: oneLine(r.description, 50),
              })),
              ['uri', 'name', 'type', 'description'],
            ),
          );
        if (list.templates.length) {
          console.log('\nTemplates:');
          console.log(
            table(
              list.templates.map((t) => ({
                template: t.uriTemplate,
                name: t.title ?? t.name,
                description: oneLine(t.description, 50),
              })),
              ['template', 'name', 'description'],
            ),
          );
        }
      }),
    );

  servers
    .command('read <server> <uri>')
    .description('Read a resource of a server: text to stdout; binary needs --out')
    .option('--out <file>', 'write the content (text or decoded binary) to this file')
    .option('--yes', 'approve starting the server’s command, and remember it')
    .option('--json', 'print JSON (binary as base64)')
    .action((name: string, uri: string, opts: { out?: string; yes?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        const view = await startedServer(ctx, name, !!opts.yes);
        const { contents } = await ctx.client.call('mcp.resources.read', { serverId: view.server.id, uri });
        if ((opts.json || ctx.json) && !opts.out) return printJson({ contents });
        const parts = contents.map((c) =>
          c.blob !== undefined ? Buffer.from(c.blob, 'base64') : Buffer.from(c.text ?? '', 'utf8'),
        );
        for (const c of contents) {
          if (c.truncated)
            process.stderr.write(
              `(${c.uri}: ${c.bytes} bytes, over the size limit: ${c.blob === undefined && c.text === undefined ? 'left out' : 'cut'})\n`,
            );
        }
        if (opts.out) {
          const path = resolve(opts.out);
          writeFileSync(path, Buffer.concat(parts));
          const bytes = parts.reduce((n, p) => n + p.length, 0);
          return console.log(`Wrote ${path} (${bytes} bytes${contents[0]?.mimeType ? `, ${contents[0].mimeType}` : ''})`);
        }
        const binary = contents.find((c) => c.blob !== undefined);
        if (binary) {
          throw new AppError(
            'VALIDATION',
            `${uri} is binary (${binary.mimeType ?? 'no type'}, ${binary.bytes} bytes).`,
            { hint: 'Write it to a file with --out <file>, or print it as base64 with --json.' },
          );
        }
        process.stdout.write(contents.map((c) => c.text ?? '').join('\n'));
        if (!contents.at(-1)?.text?.endsWith('\n')) process.stdout.write('\n');
      }),
    );

  servers
    .command('prompts <server>')
    .description('List the prompts of a server with their arguments (* required)')
    .option('--yes', 'approve starting the server’s command, and remember it')
    .option('--json', 'print JSON')
    .action((name: string, opts: { yes?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        const view = await startedServer(ctx, name, !!opts.yes);
        const prompts = await ctx.client.call('mcp.prompts.list', { serverId: view.server.id, refresh: true });
        if (opts.json || ctx.json) return printJson(prompts);
        if (!prompts.length) return console.log('No prompts.');
        console.log(
          table(
            prompts.map((p) => ({
              name: p.name,
              arguments: p.arguments.map((a) => `${a.name}${a.required ? '*' : ''}`).join(', '),
              description: oneLine(p.description, 60),
            })),
            ['name', 'arguments', 'description'],
          ),
        );
      }),
    );

  servers
    .command('prompt <server> <name> [arguments]')
    .description(
      'Get a prompt of a server with JSON arguments and print its messages, e.g. servers prompt everything args-prompt \'{"city":"Paris"}\'',
    )
    .option('--yes', 'approve starting the server’s command, and remember it')
    .option('--json', 'print JSON')
    .action((name: string, prompt: string, args: string | undefined, opts: { yes?: boolean; json?: boolean }) => {
      const input = promptArguments(args);
      return withClient(async (ctx) => {
        const view = await startedServer(ctx, name, !!opts.yes);
        const result = await ctx.client.call('mcp.prompts.get', {
          serverId: view.server.id,
          name: prompt,
          arguments: input,
        });
        if (opts.json || ctx.json) return printJson(result);
        process.stdout.write(`${promptText(result.messages)}\n`);
      });
    });

  servers
    .command('log-level <server> <level>')
    .description(`Set the level of the log messages a running server sends (${McpLogLevel.options.join(', ')})`)
    .action((name: string, level: string) => {
      const parsed = McpLogLevel.safeParse(level);
      if (!parsed.success)
        throw new AppError('VALIDATION', `Unknown log level "${level}".`, {
          hint: `Use one of: ${McpLogLevel.options.join(', ')}.`,
        });
      return withClient(async (ctx) => {
        const view = await resolveServer(ctx, name);
        const result = await ctx.client.call('mcp.servers.setLogLevel', { id: view.server.id, level: parsed.data });
        console.log(`Log level of "${view.server.name}" set to ${result.level}.`);
      });
    });
}
