/** A piece of an answer: plain text, or a citation marker naming sources by number. */
export type AnswerPart =
  { kind: 'text'; text: string } | { kind: 'cite'; text: string; numbers: number[] };

const MARKER = /\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;

/**
 * Splits an answer into text and citation markers: `[2]`, `[1, 3]`. Numbers without a source
 * (`known`) are left as text, so an answer that quotes "[7]" from a document is not linked.
 */
export function splitAnswer(answer: string, known: (n: number) => boolean): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let last = 0;
  const pushText = (text: string) => {
    if (!text) return;
    const prev = parts.at(-1);
    if (prev?.kind === 'text') prev.text += text;
    else parts.push({ kind: 'text', text });
  };
  for (const match of answer.matchAll(MARKER)) {
    const numbers = match[1]!.split(/[,;]/).map((s) => Number(s.trim()));
    pushText(answer.slice(last, match.index));
    if (numbers.every(known)) parts.push({ kind: 'cite', text: match[0], numbers });
    else pushText(match[0]);
    last = match.index + match[0].length;
  }
  pushText(answer.slice(last));
  return parts;
}
