import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseOrThrow } from '@shared/errors';

/**
 * A labelled retrieval question: which passages (document file name and an exact phrase in it)
 * answer it, and what kind of question it is: `paraphrase` (shares few words with the text),
 * `lexical` (hinges on a rare identifier, code or name) or `mixed`.
 */
export const LabelledQuestion = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  relevant: z.array(z.object({ doc: z.string().min(1), evidence: z.string().min(1) })).min(1),
  kind: z.enum(['paraphrase', 'lexical', 'mixed']),
});
export type LabelledQuestion = z.infer<typeof LabelledQuestion>;

/** Reads and validates a JSON file holding an array of labelled questions. */
export function loadLabelledQuestions(file: string): LabelledQuestion[] {
  return parseOrThrow(
    z.array(LabelledQuestion),
    JSON.parse(readFileSync(file, 'utf8')),
    `questions in ${file}`,
  );
}
