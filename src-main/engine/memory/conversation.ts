import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Conversation } from '@shared/api/memory';
import { conversationSummaries, conversationTurns } from '../store/schema/memory';
import type { Db } from '../store/types';
import { charsTokenizer, type Tokenizer } from '../rag/chunk/tokenizer';

export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** What a run continues from: the summary of old turns and the recent turns, within the budget. */
export interface PreparedHistory {
  summary: string | null;
  turns: HistoryTurn[];
  /** Set when older turns were just summarised to fit the budget. */
  summarised?: { turns: number; tokensBefore: number; tokensAfter: number };
}

export interface ConversationOptions {
  /** Tokens of history (summary + turns) a run may carry (default 3000). */
  budgetTokens?: number;
  /** Counts tokens; default: an estimate of 4 characters per token (models differ). */
  tokenizer?: Tokenizer;
}

/** Writes a short summary of a conversation, e.g. by asking the agent's model. */
export type Summarise = (text: string, maxTokens: number) => Promise<string>;

/** Whose conversation: a thread of an agent. */
export interface ThreadKey {
  threadId: string;
  agentId: string;
}

/**
 * The conversation of each thread: every top-level run adds its input and answer as two turns.
 * When the turns outgrow the token budget, the oldest are folded by the model into a summary.
 */
export class ConversationService {
  readonly budgetTokens: number;
  private readonly tokenizer: Tokenizer;

  constructor(
    private readonly db: Db,
    options: ConversationOptions = {},
  ) {
    this.budgetTokens = options.budgetTokens ?? 3000;
    this.tokenizer = options.tokenizer ?? charsTokenizer(4);
  }

  tokens(text: string): number {
    return this.tokenizer.count(text);
  }

  async get({ threadId, agentId }: ThreadKey): Promise<Conversation> {
    const [summary] = await this.db.select().from(conversationSummaries).where(eq(conversationSummaries.threadId, threadId));
    const turns = await this.db.select().from(conversationTurns).where(eq(conversationTurns.threadId, threadId)).orderBy(asc(conversationTurns.id));
    return {
      agentId,
      threadId,
      summary: summary?.summary ?? null,
      turns: turns.map((t) => ({ role: t.role, content: t.content, runId: t.runId, tokens: t.tokens, createdAt: t.createdAt.toISOString() })),
      tokens: (summary?.tokens ?? 0) + turns.reduce((n, t) => n + t.tokens, 0),
    };
  }

  async append({ threadId, agentId }: ThreadKey, runId: string, input: string, output: string): Promise<void> {
    await this.db.insert(conversationTurns).values([
      { agentId, threadId, runId, role: 'user', content: input, tokens: this.tokens(input) },
      { agentId, threadId, runId, role: 'assistant', content: output, tokens: this.tokens(output) },
    ]);
  }

  /** Takes a run's turns out of its thread's history (a regenerated or edited turn); answers how many. */
  async removeRun(runId: string): Promise<number> {
    const deleted = await this.db.delete(conversationTurns).where(eq(conversationTurns.runId, runId)).returning({ id: conversationTurns.id });
    return deleted.length;
  }

  /** Forgets a thread's history (turns and summary); answers how many turns went. */
  async clear(threadId: string): Promise<number> {
    return this.clearWhere(eq(conversationTurns.threadId, threadId), eq(conversationSummaries.threadId, threadId));
  }

  /** Forgets the history of every thread of an agent. */
  async clearAgent(agentId: string): Promise<number> {
    return this.clearWhere(eq(conversationTurns.agentId, agentId), eq(conversationSummaries.agentId, agentId));
  }

  private async clearWhere(turns: SQL, summaries: SQL): Promise<number> {
    return this.db.transaction(async (tx) => {
      const deleted = await tx.delete(conversationTurns).where(turns).returning({ id: conversationTurns.id });
      await tx.delete(conversationSummaries).where(summaries);
      return deleted.length;
    });
  }

  /**
   * The history for a new run, within `budgetTokens` (default: the service's; an agent may set its own). Over budget, the oldest turns (keeping the newest that fit in half
   * the budget) are summarised together with the previous summary, and replaced by the new summary.
   */
  async prepare({ threadId, agentId }: ThreadKey, summarise: Summarise, budgetTokens = this.budgetTokens): Promise<PreparedHistory> {
    const [current] = await this.db.select().from(conversationSummaries).where(eq(conversationSummaries.threadId, threadId));
    const rows = await this.db.select().from(conversationTurns).where(eq(conversationTurns.threadId, threadId)).orderBy(asc(conversationTurns.id));
    const total = (current?.tokens ?? 0) + rows.reduce((n, t) => n + t.tokens, 0);
    const asTurns = (list: typeof rows): HistoryTurn[] => list.map((t) => ({ role: t.role, content: t.content }));
    if (total <= budgetTokens) return { summary: current?.summary ?? null, turns: asTurns(rows) };

    let keepFrom = rows.length;
    for (let used = 0; keepFrom > 0; keepFrom--) {
      const next = rows[keepFrom - 1]!.tokens;
      if (used + next > budgetTokens / 2) break;
      used += next;
    }
    // Keep whole exchanges: never start the kept part with an assistant turn.
    while (keepFrom < rows.length && rows[keepFrom]!.role === 'assistant') keepFrom++;
    const folded = rows.slice(0, keepFrom);
    const kept = rows.slice(keepFrom);
    const transcript = [
      ...(current ? [`Summary so far: ${current.summary}`] : []),
      ...folded.map((t) => `${t.role === 'user' ? 'User' : 'Assistant'}: ${t.content}`),
    ].join('\n\n');
    const maxTokens = Math.max(64, Math.floor(budgetTokens / 4));
    let summary = (await summarise(transcript, maxTokens)).trim();
    if (this.tokens(summary) > maxTokens) summary = summary.slice(0, maxTokens * 4);
    const summaryTokens = this.tokens(summary);
    await this.db.transaction(async (tx) => {
      if (folded.length) await tx.delete(conversationTurns).where(inArray(conversationTurns.id, folded.map((t) => t.id)));
      await tx
        .insert(conversationSummaries)
        .values({ threadId, agentId, summary, tokens: summaryTokens })
        .onConflictDoUpdate({ target: conversationSummaries.threadId, set: { summary, tokens: summaryTokens, updatedAt: sql`now()` } });
    });
    const tokensAfter = summaryTokens + kept.reduce((n, t) => n + t.tokens, 0);
    return { summary, turns: asTurns(kept), summarised: { turns: folded.length, tokensBefore: total, tokensAfter } };
  }
}
