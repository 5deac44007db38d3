import type { Assertion } from '@shared/entities/eval';
import type { Answer, Outcome, ScorerDeps } from './types';

export const DEFAULT_SAMPLES = 3;
export const DEFAULT_RUBRIC_THRESHOLD = 0.5;

export const JUDGE_SYSTEM = [
  'You grade an AI assistant\'s answer against a rubric. Be strict and impartial; judge only what the rubric asks.',
  'Think first, then decide. Answer with one JSON object and nothing else, with the reason written before the verdict:',
  '{"reason": "<one or two sentences on how the answer meets or misses the rubric>", "verdict": "pass" | "fail"}',
].join('\n');

/** The judge's message: the rubric, the question and the answer (and the expected answer when there is one). */
export function judgePrompt(rubric: string, answer: Answer): { system: string; user: string } {
  const parts = [`<rubric>\n${rubric}\n</rubric>`, `<question>\n${answer.input}\n</question>`];
  if (answer.expected !== undefined) parts.push(`<reference_answer>\n${answer.expected}\n</reference_answer>`);
  parts.push(`<answer>\n${answer.output}\n</answer>`, 'Does the answer meet the rubric? Reply with the JSON object only: {"reason": "...", "verdict": "pass" or "fail"}.');
  return { system: JUDGE_SYSTEM, user: parts.join('\n\n') };
}

/** Every balanced `{…}` in a text (string-aware), outermost ones, in order. */
function jsonObjects(text: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"' && depth > 0) inString = true;
    else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && depth > 0 && --depth === 0) found.push(text.slice(start, i + 1));
  }
  return found;
}

/**
 * A judge's reply → its verdict and reason: the last JSON object with a `verdict` (code fences and
 * text around it allowed), else a `"verdict": "pass"` written loosely. Null when there is none.
 */
export function parseVerdict(reply: string): { pass: boolean; reason: string } | null {
  for (const candidate of jsonObjects(reply).reverse()) {
    try {
      const value = JSON.parse(candidate) as Record<string, unknown>;
      const v = typeof value.verdict === 'string' ? value.verdict.trim().toLowerCase() : value.verdict;
      const pass = v === 'pass' || v === true ? true : v === 'fail' || v === false ? false : null;
      if (pass !== null) return { pass, reason: typeof value.reason === 'string' ? value.reason.trim() : '' };
    } catch {
      // not JSON: try the next one
    }
  }
  const loose = /["']?verdict["']?\s*[:=]\s*["']?(pass|fail)\b/i.exec(reply);
  if (!loose) return null;
  const reason = /["']?reason["']?\s*[:=]\s*"((?:[^"\\]|\\.)*)"/i.exec(reply);
  return { pass: loose[1]!.toLowerCase() === 'pass', reason: reason ? reason[1]!.trim() : '' };
}

/**
 * llm-rubric: the judge is asked `samples` times (default 3); the score is the share that said pass;
 * it passes when more than `threshold` (default 0.5: a majority) of them did, or all of them when
 * the threshold is 1. A judge that fails or answers no verdict makes it a scorer error.
 */
export async function scoreRubric(assertion: Assertion, answer: Answer, deps: ScorerDeps): Promise<Outcome> {
  if (typeof assertion.value !== 'string' || !assertion.value) return { error: 'llm-rubric: value must be the rubric (text)' };
  const samples = assertion.samples ?? DEFAULT_SAMPLES;
  const threshold = assertion.threshold ?? DEFAULT_RUBRIC_THRESHOLD;
  const prompt = judgePrompt(assertion.value, answer);
  const replies = await Promise.allSettled(Array.from({ length: samples }, () => deps.judge(prompt, assertion.judge)));

  const verdicts: { pass: boolean; reason: string }[] = [];
  for (const [i, reply] of replies.entries()) {
    if (reply.status === 'rejected') {
      const message = reply.reason instanceof Error ? reply.reason.message : String(reply.reason);
      return { error: `The judge failed on sample ${i + 1} of ${samples}: ${message}` };
    }
    const parsed = parseVerdict(reply.value);
    if (!parsed) return { error: `The judge gave no verdict on sample ${i + 1} of ${samples}: ${JSON.stringify(reply.value.slice(0, 200))}` };
    verdicts.push(parsed);
  }

  const passed = verdicts.filter((v) => v.pass).length;
  const share = passed / samples;
  const pass = share > threshold || passed === samples;
  // The reason of a sample that agrees with the outcome explains it best.
  const agreeing = verdicts.find((v) => v.pass === pass)?.reason ?? '';
  return { pass, score: share, reason: `${passed}/${samples} judge samples passed${agreeing ? `: ${agreeing}` : ''}` };
}
