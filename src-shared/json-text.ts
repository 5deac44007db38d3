import { lineAndColumn } from './text-position';

export interface JsonSyntaxError {
  ok: false;
  /** 1-based. */
  line: number;
  column: number;
  /** Character offset of the error (for placing the caret). */
  offset: number;
  message: string;
}

export type JsonParse = { ok: true; value: unknown } | JsonSyntaxError;

class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Finds the first syntax error of a JSON text. Browsers word (and place) JSON.parse errors
 * differently, and some give no position at all; this scanner gives the same answer everywhere.
 */
function findSyntaxError(text: string): SyntaxProblem | null {
  let i = 0;
  const fail = (message: string): never => {
    throw new SyntaxProblem(i, message);
  };
  const unexpected = () =>
    fail(
      i >= text.length
        ? 'Unexpected end of the JSON text'
        : `Unexpected ${JSON.stringify(text[i])}`,
    );
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        const next = text[i + 1] ?? '';
        if ('"\\/bfnrt'.includes(next) && next) i += 2;
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail('Invalid escape in a string');
        continue;
      }
      if (ch < ' ') fail('Line break or control character inside a string (write it as \\n)');
      i++;
    }
    fail('Unterminated string');
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail('Expected a property name in double quotes');
        string();
        space();
        if (text[i] !== ':') fail("Expected ':' after the property name");
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail("Expected ',' or '}' after a property value");
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail("Expected ',' or ']' after an array element");
      }
    }
    if (ch === '"') return string();
    NUMBER.lastIndex = i;
    if ((ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    unexpected();
  };
  try {
    value();
    space();
    if (i < text.length) fail('Unexpected text after the JSON value');
    return null;
  } catch (problem) {
    if (problem instanceof SyntaxProblem) return problem;
    throw problem;
  }
}

/** JSON.parse, or where (line and column) and why it failed. */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const problem =
      findSyntaxError(text) ??
      new SyntaxProblem(text.length, error instanceof Error ? error.message : String(error));
    return {
      ok: false,
      offset: problem.offset,
      message: problem.message,
      ...lineAndColumn(text, problem.offset),
    };
  }
}

/** "line 3, column 5: Unexpected …" */
export function describeJsonError(error: JsonSyntaxError): string {
  return `line ${error.line}, column ${error.column}: ${error.message}`;
}
