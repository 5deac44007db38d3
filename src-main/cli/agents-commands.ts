import type { Command } from 'commander';
import { printJson, table } from './format';
import type { CliContext } from './context';
import { collect, parseModel, resolveAgent, updatePatch, type UpdateOptions } from './agent-edit';
import { describeAgent, revisionChanges } from './agent-show';

export { resolveAgent } from './agent-edit';

export function registerAgentCommands(program: Command, withClient: <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>): void {
  const agents = program.command('agents').description('Create, show, change, list and delete agents, and their revisions');

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

  agents
    .command('show <agent>')
    .description('Show an agent: model, tools and their policies, knowledge, delegates, memory (by id, id prefix or name)')
    .option('--json', 'print JSON')
    .action((idOrName: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const agent = await resolveAgent(ctx, idOrName);
        const problems = (await ctx.client.call('agents.problems', {}))[agent.id] ?? [];
        if (opts.json || ctx.json) return printJson({ ...agent, problems });
        console.log(await describeAgent(ctx, agent, problems));
      }),
    );

  agents
    .command('update <agent>')
    .description('Change an agent; lists (tools, knowledge bases, delegates) are edited, not replaced')
    .option('--name <name>', 'new name')
    .option('--description <text>', 'what it is for')
    .option('--model <provider:model>', 'e.g. ollama:llama3.2 or openai:gpt-4o-mini')
    .option('--system-prompt <text>', 'its instructions')
    .option('--temperature <n>', 'sampling temperature 0–2')
    .option('--tool <ref>', 'add a tool: server:tool, server:* (every tool of the server) or builtin:name (repeatable)', collect)
    .option('--remove-tool <ref>', 'remove a tool (repeatable)', collect)
    .option('--policy <ref=policy>', 'per-tool approval for this agent: server:tool=ask|allow|deny (repeatable)', collect)
    .option('--kb <kb>', 'attach a knowledge base, by name or id (repeatable)', collect)
    .option('--remove-kb <kb>', 'detach a knowledge base (repeatable)', collect)
    .option('--retrieval <mode>', 'how it uses its knowledge: tool, auto (passages before each turn) or both')
    .option('--k <n>', 'passages retrieved before each turn (1–20)')
    .option('--min-score <x>', 'leave out passages scoring below this (0–1)')
    .option('--delegate <agent>', 'an agent it may hand work to (repeatable)', collect)
    .option('--remove-delegate <agent>', 'stop it handing work to an agent (repeatable)', collect)
    .option('--memory <on|off>', 'conversation history and long-term recall')
    .option('--memory-budget <tokens>', 'tokens of conversation history it carries')
    .option('--json', 'print JSON')
    .action((idOrName: string, opts: UpdateOptions & { json?: boolean }) =>
      withClient(async (ctx) => {
        const agent = await resolveAgent(ctx, idOrName);
        const patch = await updatePatch(ctx, agent, opts);
        const updated = await ctx.client.call('agents.update', { id: agent.id, patch, expectedRevision: agent.revision });
        if (opts.json || ctx.json) return printJson(updated);
        console.log(`Updated agent "${updated.name}" (revision ${updated.revision})`);
      }),
    );

  agents
    .command('history <agent>')
    .description('List the saved revisions of an agent, newest first, with what each changed')
    .option('--json', 'print JSON')
    .action((idOrName: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const agent = await resolveAgent(ctx, idOrName);
        const revisions = await ctx.client.call('agents.revisions', { id: agent.id });
        if (opts.json || ctx.json) return printJson(revisions);
        const changes = await revisionChanges(ctx, agent.id, revisions);
        console.log(
          table(
            revisions.map((r) => ({
              revision: r.revision === agent.revision ? `${r.revision} (current)` : r.revision,
              saved: r.createdAt.replace('T', ' ').slice(0, 19),
              name: r.name,
              changed: changes.get(r.revision) ?? '',
            })),
            ['revision', 'saved', 'name', 'changed'],
          ),
        );
      }),
    );

  agents
    .command('restore <agent> <revision>')
    .description('Make an old revision current again (saved as a new revision)')
    .option('--json', 'print JSON')
    .action((idOrName: string, revision: string, opts: { json?: boolean }) =>
      withClient(async (ctx) => {
        const agent = await resolveAgent(ctx, idOrName);
        const n = Number(revision);
        if (!Number.isInteger(n) || n < 0) throw new Error(`The revision must be a whole number, got "${revision}".`);
        const restored = await ctx.client.call('agents.restore', { id: agent.id, revision: n });
        if (opts.json || ctx.json) return printJson(restored);
        console.log(`Restored "${restored.name}" to revision ${n} (saved as revision ${restored.revision})`);
      }),
    );
}
