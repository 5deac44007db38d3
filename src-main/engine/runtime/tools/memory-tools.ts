import { z } from 'zod';
import { MemoryText } from '@shared/api/memory';
import type { MemoryService } from '../../memory/service';
import type { BuiltinTool } from './builtins';

const RememberArgs = z.object({ text: MemoryText.describe('One fact worth keeping, in a full sentence') }).strict();
const RecallArgs = z
  .object({
    query: z.string().trim().min(1).max(10_000).describe('What to look for'),
    k: z.number().int().min(1).max(20).optional().describe('How many memories at most (default 5)'),
  })
  .strict();

/** `remember`: stores a fact in the agent's long-term memory. */
export function rememberTool(memory: MemoryService): BuiltinTool<typeof RememberArgs> {
  return {
    name: 'remember',
    description: 'Store a fact in your long-term memory, to recall it in later conversations.',
    args: RememberArgs,
    async run(args, ctx) {
      const stored = await memory.add(ctx.agent.id, args.text, { runId: ctx.runId, signal: ctx.signal });
      ctx.emit({ type: 'memory.stored', memoryId: stored.id, text: stored.text });
      return `Remembered: ${stored.text}`;
    },
  };
}

/** `recall`: searches the agent's long-term memory by meaning. */
export function recallTool(memory: MemoryService): BuiltinTool<typeof RecallArgs> {
  return {
    name: 'recall',
    description: 'Search your long-term memory for facts related to a query.',
    args: RecallArgs,
    async run(args, ctx) {
      const items = await memory.recall(ctx.agent.id, args.query, { k: args.k ?? 5, signal: ctx.signal });
      ctx.emit({ type: 'memory.recalled', query: args.query, items });
      if (items.length === 0) return 'Nothing relevant is remembered.';
      return items.map((m) => `- ${m.text} (similarity ${m.score.toFixed(2)})`).join('\n');
    },
  };
}
