import type { Command } from 'commander';
import type { LlmModelCapabilities, ProviderModels } from '@shared/api/llm-models';
import { ProviderKind } from '@shared/entities/model';
import { AppError } from '@shared/errors';
import type { CliContext } from './context';
import { printJson, table } from './format';

type WithClient = <T>(fn: (ctx: CliContext) => Promise<T>) => Promise<T>;

const yesNo = (value: boolean | null) => (value === null ? '?' : value ? 'yes' : 'no');

function contextText(caps: LlmModelCapabilities): string {
  const n = caps.contextLength;
  if (n === null) return '?';
  return n >= 1000 ? `${Math.round(n / 1000)}k` : String(n);
}

function sizeText(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

function parseProvider(value: string | undefined): ProviderKind | undefined {
  if (value === undefined) return undefined;
  const parsed = ProviderKind.safeParse(value.trim().toLowerCase());
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION',
      `--provider must be one of ${ProviderKind.options.join(', ')}, got "${value}".`,
    );
  }
  return parsed.data;
}

/** The listing as a table, then each provider that failed with its error and hint. */
function printLists(lists: ProviderModels[]): void {
  const rows = lists.flatMap((entry) =>
    entry.models.map((m) => ({
      provider: entry.provider,
      model: m.id,
      tools: yesNo(m.capabilities.tools),
      vision: yesNo(m.capabilities.vision),
      embedding: yesNo(m.capabilities.embedding),
      context: contextText(m.capabilities),
      size: sizeText(m.size),
    })),
  );
  if (rows.length)
    console.log(
      table(rows, ['provider', 'model', 'tools', 'vision', 'embedding', 'context', 'size']),
    );
  for (const entry of lists) {
    if (entry.ok && entry.models.length === 0) console.log(`${entry.provider}: no models`);
    if (!entry.ok && entry.error) {
      console.error(`${entry.provider}: ${entry.error.code}: ${entry.error.message}`);
      if (entry.error.hint) console.error(`  Hint: ${entry.error.hint}`);
    }
  }
}

export function registerModelCommands(program: Command, withClient: WithClient): void {
  const models = program
    .command('models')
    .description('Chat models of the providers (Ollama, OpenAI, Anthropic…)');
  models
    .command('list')
    .description(
      'List each provider’s models with what they can do (tools, vision, context); `?` is unknown',
    )
    .option('--provider <kind>', `only this provider: ${ProviderKind.options.join(', ')}`)
    .option(
      '--refresh',
      'ask the providers again instead of using the lists fetched in the last minutes',
    )
    .option('--json', 'print JSON')
    .action((opts: { provider?: string; refresh?: boolean; json?: boolean }) =>
      withClient(async (ctx) => {
        const provider = parseProvider(opts.provider);
        const lists = await ctx.client.call('models.list', {
          ...(provider ? { provider } : {}),
          refresh: !!opts.refresh,
        });
        if (opts.json || ctx.json) printJson(lists);
        else printLists(lists);
        // Failure only when nothing could be listed (one provider asked for, or all of them).
        if (lists.every((entry) => !entry.ok)) process.exitCode = 1;
      }),
    );
}
