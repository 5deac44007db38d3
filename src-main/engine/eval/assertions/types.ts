import type { Judge } from '@shared/entities/eval';

/** What an assertion looks at: the agent's answer and its trace. */
export interface Answer {
  output: string;
  /** The case's expected answer. */
  expected?: string;
  toolCalls: { name: string; arguments: Record<string, unknown> }[];
  steps: number;
  latencyMs: number;
  usage: { inputTokens: number; outputTokens: number };
  /** The message that was sent. */
  input: string;
}

export interface ScorerDeps {
  /** Embeds texts with the local embedder (cosine similarity is yours to compute). */
  embed(texts: string[]): Promise<number[][]>;
  /** Asks the judge once; answers its raw text. temperature 0 is the caller's job. */
  judge(prompt: { system: string; user: string }, judge: Judge | undefined): Promise<string>;
}

/** A family's verdict before negation: a result, or a scorer error (the check could not be made). */
export type Outcome = { pass: boolean; score: number; reason: string } | { error: string };

/** A pass/fail outcome with score 1 or 0. */
export function verdict(pass: boolean, reason: string): Outcome {
  return { pass, score: pass ? 1 : 0, reason };
}

/** Quotes a text for a reason, cut to a readable length. */
export function quote(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > max ? `${one.slice(0, max)}…` : one);
}
