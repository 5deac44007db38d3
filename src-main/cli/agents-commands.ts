import type { Command } from 'commander';
import { ProviderKind } from '@shared/entities/model';
import { AppError } from '@shared/errors';
import type { Agent } from '@shared/entities/agent';
import { printJson, table } from './format';
import type { CliContext } from './context';

function parseModel(value: string): { provider: ProviderKind; model: string } {
  const i = value.indexOf(':');
  const provider = ProviderKind.safeParse(value.slice(0, i));
  if (i < 1 || !provider.success) {
    throw new AppError('VALIDATION', `--model must look like provider:model (provider one of ${ProviderKind.options.join(', ')}), got "${value}".`);
  }
  return { provider: provider.data, model: value.slice(i + 1) };
}

async function resolveAgent(ctx: CliContext, idOrName: string): Promise<Agent> {
  const agents = await ctx.client.call('agents.list', {});
  const lower = idOrName.toLowerCase();
  const agent = agents.find((a) => a.id === idOrName || a.name.toLowerCase() === lower);
  if (!agent) throw new AppError('NOT_FOUND', `No agent "${idOrName}".`, { hint: 'Run `agent-factory agents list`.' });
  return agent;
}

export function registerAgentCommands(program: Command, withClient: <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>): void {
  const agents = program.command('agents').description('Create, list and delete agents');

  agents
    .command('list')
    .description('List agents')
    .option('--tag <tag>', 'only agents with this tag')
    .option('--json', 'print JSON')
    .action((opts: { tag?: string; json?: boolean }) =>
      withClient(async (ctx) => {
        const list = await ctx.client.call('agents.list', opts.tag ? { tag: opts.tag } : {});
        if (opts.json || ctx.json) return printJson(list);
        console.log(
          table(
            list.map((a) => ({ id: a.id, name: a.name, model: `${a.model.provider}:${a.model.model}`, tags: a.tags.join(',') })),
            ['id', 'name', 'model', 'tags'],
          ),
        );
      }),
    );

  agents
    .command('create')
    .description('Create an agent')
    .requiredOption('--name <name>', 'agent name')
    .option('--model <provider:model>', 'e.g. ollama:llama3.2 or openai:gpt-4o-mini', 'ollama:llama3.2')
    .option('--description <text>', 'what it is for', '')
    .option('--system-prompt <text>', 'its instructions', '')
    .option('--temperature <n>', 'sampling temperature 0–2', '0.7')
    .option('--tag <tag...>', 'tags')
    .option('--json', 'print JSON')
    .action((opts: { name: string; model: string; description: string; systemPrompt: string; temperature: string; tag?: string[]; json?: boolean }) =>
      withClient(async (ctx) => {
        const agent = await ctx.client.call('agents.create', {
          name: opts.name,
          model: parseModel(opts.model),
          description: opts.description,
          systemPrompt: opts.systemPrompt,
          temperature: Number(opts.temperature),
          tags: opts.tag ?? [],
        });
        if (opts.json || ctx.json) return printJson(agent);
        console.log(`Created agent "${agent.name}" (${agent.id})`);
      }),
    );

  agents
    .command('delete <agent>')
    .description('Delete an agent by id or name')
    .option('--json', 'print JSON')
    .action((idOrName: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const agent = await resolveAgent(ctx, idOrName);
        const result = await ctx.client.call('agents.delete', { id: agent.id });
        if (opts.json || ctx.json) return printJson({ id: agent.id, ...result });
        console.log(`Deleted agent "${agent.name}"`);
      }),
    );
}
