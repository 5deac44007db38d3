import { createHash } from 'node:crypto';
import { Document as YamlDocument, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import {
  AgentCase,
  AgentSuiteFile,
  ASSERTION_TYPES,
  RetrievalSuiteFile,
  type CaseInput,
  type SuiteFile,
} from '@shared/entities/eval';
import { AppError } from '@shared/errors';
import { valueProblem } from './assertions/values';

/**
 * Suite files: YAML or JSON text → a validated `SuiteFile`, with every problem located at its line
 * and column (1-based) in the text, so an editor can underline it and the CLI can print it.
 */

export type SuiteFormat = 'yaml' | 'json';

export interface SuiteIssue {
  message: string;
  line: number | null;
  column: number | null;
  /** Where in the suite, e.g. `cases[2].assert[0].value` (empty: the whole file). */
  path: string;
}

export type ParsedSuite =
  | { ok: true; suite: SuiteFile; format: SuiteFormat; version: string }
  | { ok: false; issues: SuiteIssue[] };

type PathPart = string | number;

/** The version of a suite's text: the first 16 hex characters of its sha256. */
export function suiteVersion(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** JSON when the first non-blank character is `{`, else YAML. */
export function sniffFormat(content: string): SuiteFormat {
  return content.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/** Case ids: a case's own `id`, else `case-<position>` (1-based). */
export function caseIds(suite: SuiteFile): string[] {
  return suite.cases.map((c, i) => c.id ?? `case-${i + 1}`);
}

/** `cases[2].assert[0].value`. */
export function formatPath(path: readonly PathPart[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

/** Locates paths of the parsed value in the text. */
class Locator {
  constructor(
    private readonly doc: Document.Parsed | null,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): { line: number; column: number } {
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** The node at `path`, or the nearest ancestor that exists; with `key`, that key of a mapping. */
  find(path: readonly PathPart[], key?: string): { line: number | null; column: number | null } {
    if (!this.doc) return { line: null, column: null };
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (!isNode(node) || !node.range) continue;
      if (key !== undefined && n === path.length && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
        if (pair && isNode(pair.key) && pair.key.range) return this.at(pair.key.range[0]);
      }
      return this.at(node.range[0]);
    }
    return { line: 1, column: 1 };
  }
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}

function assertionTypeMessage(input: unknown): string {
  const given = typeof input === 'string' ? input : JSON.stringify(input);
  const all = [...ASSERTION_TYPES, ...ASSERTION_TYPES.map((t) => `not-${t}`)];
  const closest = typeof input === 'string' ? all.map((t) => ({ t, d: levenshtein(input, t) })).sort((x, y) => x.d - y.d)[0] : undefined;
  const hint = closest && closest.d <= 3 ? ` Did you mean "${closest.t}"?` : '';
  return `Unknown assertion type ${given}.${hint} Types: ${ASSERTION_TYPES.join(', ')} (each can be negated with "not-").`;
}

function valueAt(root: unknown, path: readonly PathPart[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathPart, unknown>)[p];
  }
  return v;
}

/** A zod issue in words a suite author understands. */
function issueMessage(issue: z.core.$ZodIssue, root: unknown): string {
  const last = issue.path[issue.path.length - 1];
  const field = typeof last === 'string' ? last : '';
  if (issue.code === 'invalid_value' && field === 'type' && issue.path.includes('assert')) {
    return assertionTypeMessage(valueAt(root, issue.path as PathPart[]));
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && valueAt(root, issue.path as PathPart[]) === undefined) {
    return field ? `"${field}" is required` : issue.message;
  }
  if (issue.code === 'invalid_union') {
    if (field === 'input') return 'input: give the message text, or { text, vars?, attachments? }';
    if (field === 'judge') return 'judge: give { model: { provider, model } } or { agent: "<agent id or name>" }';
  }
  if (issue.code === 'unrecognized_keys') {
    return `Unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return field ? `${field}: ${issue.message}` : issue.message;
}

/**
 * A union whose value had the right type for one branch (an object for `input: { text, … }`) is
 * reported by that branch's own issues (`input.text: expected string`), not a bare "Invalid input".
 */
function expandUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const branch = issue.errors
    .filter((errors) => errors.length > 0 && errors.every((e) => e.path.length > 0 || e.code === 'unrecognized_keys'))
    .sort((a, b) => a.length - b.length)[0];
  if (!branch) return [issue];
  return branch.flatMap((e) => expandUnion({ ...e, path: [...issue.path, ...e.path] } as z.core.$ZodIssue));
}

function syntaxIssues(doc: Pick<Document.Parsed, 'errors'>): SuiteIssue[] {
  return doc.errors.map((error) => ({
    message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
    line: error.linePos?.[0].line ?? null,
    column: error.linePos?.[0].col ?? null,
    path: '',
  }));
}

/** A JSON.parse error's position as line and column, when the engine says it. */
function jsonErrorIssue(content: string, error: unknown): SuiteIssue {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  if (!match) return { message, line: null, column: null, path: '' };
  const offset = Number(match[1]);
  const before = content.slice(0, offset).split('\n');
  return {
    message: message.replace(/ in JSON at position \d+.*$/, ''),
    line: before.length,
    column: before[before.length - 1]!.length + 1,
    path: '',
  };
}

const VARIABLE = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** The message a case sends: `{{name}}` replaced by `vars.name` (unknown names are left as written). */
export function renderCaseInput(input: CaseInput): { text: string; attachments: string[] } {
  if (typeof input === 'string') return { text: input, attachments: [] };
  const vars = input.vars ?? {};
  const text = input.text.replace(VARIABLE, (whole, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : whole));
  return { text, attachments: [...(input.attachments ?? [])] };
}

/** Problems zod cannot see: duplicate ids, assertion values, regexes and schemas that do not compile, unknown variables. */
function semanticIssues(suite: SuiteFile, locate: Locator): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  const add = (message: string, path: PathPart[], key?: string) =>
    issues.push({ message, ...locate.find(path, key), path: formatPath(key ? [...path, key] : path) });

  const seen = new Map<string, number>();
  caseIds(suite).forEach((id, i) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else add(`Duplicate case id "${id}" (also case ${first + 1}): give each case its own id`, ['cases', i], suite.cases[i]!.id ? 'id' : undefined);
  });

  if (suite.kind === 'retrieval') return issues;
  suite.cases.forEach((kase, i) => {
    if (typeof kase.input !== 'string') {
      const vars = kase.input.vars ?? {};
      for (const [, name] of kase.input.text.matchAll(VARIABLE)) {
        if (!Object.hasOwn(vars, name!)) add(`"{{${name}}}" has no value in vars`, ['cases', i, 'input', 'text']);
      }
    }
    kase.assert.forEach((assertion, j) => {
      const problem = valueProblem(assertion, kase.expected);
      if (problem) add(problem, ['cases', i, 'assert', j], assertion.value === undefined ? undefined : 'value');
    });
  });
  return issues;
}

/**
 * Parses and validates a suite file. YAML or JSON (sniffed from the first character when `format`
 * is not given); every issue carries the line and column it was found at.
 */
export function parseSuite(content: string, format?: SuiteFormat): ParsedSuite {
  const fmt = format ?? sniffFormat(content);
  const lines = new LineCounter();
  let value: unknown;
  let doc: Document.Parsed | null = parseDocument(content, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });

  if (fmt === 'json') {
    try {
      value = JSON.parse(content);
    } catch (error) {
      const issue = jsonErrorIssue(content, error);
      if (issue.line === null && doc.errors.length) return { ok: false, issues: syntaxIssues(doc) };
      return { ok: false, issues: [issue] };
    }
    // JSON.parse keeps the last of duplicate keys silently: almost always a mistake in a suite.
    const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    if (duplicates.length) return { ok: false, issues: syntaxIssues({ errors: duplicates }) };
    // Positions come from the YAML reading of the same text (JSON is YAML); without it, none.
    if (doc.errors.length) doc = null;
  } else {
    if (doc.errors.length) return { ok: false, issues: syntaxIssues(doc) };
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return { ok: false, issues: [{ message: (error as Error).message, line: null, column: null, path: '' }] };
    }
  }

  const locate = new Locator(doc, lines);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, issues: [{ message: 'A suite is a mapping with at least "name" and "cases"', line: 1, column: 1, path: '' }] };
  }

  const schema = (value as { kind?: unknown }).kind === 'retrieval' ? RetrievalSuiteFile : AgentSuiteFile;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.flatMap(expandUnion).map((issue) => {
        const path = issue.path.filter((p): p is PathPart => typeof p !== 'symbol');
        const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
        return { message: issueMessage(issue, value), ...locate.find(path, key), path: formatPath(key ? [...path, key] : path) };
      }),
    };
  }

  const issues = semanticIssues(parsed.data, locate);
  if (issues.length) return { ok: false, issues };
  return { ok: true, suite: parsed.data, format: fmt, version: suiteVersion(content) };
}

/** A case as written by a person: defaults (weight 1, no tags, empty lists) and undefined fields left out. */
function compactCase(kase: AgentCase): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (key: string, v: unknown) => {
    if (v !== undefined) out[key] = v;
  };
  put('id', kase.id);
  put('description', kase.description);
  put('input', kase.input);
  put('expected', kase.expected);
  if (kase.assert.length) {
    out.assert = kase.assert.map((a) => {
      const { weight, ...rest } = a;
      const cleaned = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      return weight === 1 ? cleaned : { ...cleaned, weight };
    });
  }
  if (kase.tags.length) out.tags = kase.tags;
  if (kase.weight !== 1) out.weight = kase.weight;
  put('trials', kase.trials);
  put('threshold', kase.threshold);
  return out;
}

/**
 * Adds a case's text after the last item of a block `cases:` list, leaving every other byte of the
 * file as it was (comments and spacing too). Null when the list is not a non-empty block list or
 * the result would not read back as the same cases plus the new one.
 */
function spliceIntoBlockList(content: string, doc: Document, written: Record<string, unknown>): string | null {
  if (doc.errors.length || !isMap(doc.contents)) return null;
  const cases = doc.get('cases', true);
  if (!isSeq(cases) || cases.flow || !cases.range || !cases.items.length) return null;
  const last = cases.items[cases.items.length - 1];
  if (!isNode(last) || !last.range) return null;
  const lines = new LineCounter();
  parseDocument(content, { lineCounter: lines });
  const indent = ' '.repeat(lines.linePos(cases.range[0]).col - 1);
  const item = new YamlDocument([written]).toString({ lineWidth: 0 }).trimEnd().split('\n').map((l) => `${indent}${l}`).join('\n');
  let at = last.range[1];
  if (content[at - 1] !== '\n') {
    const newline = content.indexOf('\n', at);
    at = newline < 0 ? content.length : newline + 1;
  }
  const before = content.slice(0, at);
  const out = `${before}${before.endsWith('\n') ? '' : '\n'}${item}\n${content.slice(at)}`;
  const check = parseDocument(out);
  const list: unknown = check.errors.length ? null : check.toJS({ maxAliasCount: 100 })?.cases;
  const expected: unknown = [...(doc.toJS({ maxAliasCount: 100 }) as { cases: unknown[] }).cases, written];
  return Array.isArray(list) && JSON.stringify(list) === JSON.stringify(expected) ? out : null;
}

/**
 * Appends a case to a suite's `cases`, keeping the rest of the text as written (YAML comments and
 * layout kept; JSON is rewritten pretty-printed).
 */
export function appendCase(content: string, format: SuiteFormat, kase: AgentCase): string {
  const written = compactCase(AgentCase.parse(kase));
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      throw new AppError('VALIDATION', 'The suite file is not valid JSON, so a case cannot be added to it.', { hint: 'Fix the file first.', cause: error });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new AppError('VALIDATION', 'The suite file is not a JSON object.', { hint: 'A suite is an object with "name" and "cases".' });
    }
    const suite = value as Record<string, unknown>;
    const cases = Array.isArray(suite.cases) ? suite.cases : [];
    suite.cases = [...cases, written];
    return `${JSON.stringify(suite, null, 2)}\n`;
  }

  const doc: Document = parseDocument(content);
  const spliced = spliceIntoBlockList(content, doc, written);
  if (spliced !== null) return spliced;
  if (doc.errors.length) {
    throw new AppError('VALIDATION', `The suite file is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}), so a case cannot be added to it.`, { hint: 'Fix the file first.' });
  }
  if (!isMap(doc.contents)) {
    throw new AppError('VALIDATION', 'The suite file is not a YAML mapping.', { hint: 'A suite has "name" and "cases" at its top level.' });
  }
  const cases = doc.get('cases', true);
  if (isSeq(cases)) {
    cases.add(doc.createNode(written));
  } else {
    const pair = doc.contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'cases');
    if (pair) pair.value = doc.createNode([written]);
    else doc.contents.add(doc.createPair('cases', [written]));
  }
  return doc.toString({ lineWidth: 0 });
}
