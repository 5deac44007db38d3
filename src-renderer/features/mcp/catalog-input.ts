import {
  McpServerInput,
  type ApprovalMode,
  type CatalogEntry,
  type CatalogRequirement,
} from '@shared/entities/mcp';
import {
  catalogArgs as sharedCatalogArgs,
  catalogServerConfig,
  type CatalogAnswers,
} from '@shared/mcp/catalog-config';
import { isAbsolutePath } from '../../ui/paths';

/** What the user gave for each requirement, by its index in `entry.requires`. */
export interface CatalogChoices {
  name: string;
  approval: ApprovalMode;
  /** Folders (path, a list even when one is allowed), text (value) or a key (secret). */
  answers: Record<number, string | string[]>;
}

export function initialChoices(entry: CatalogEntry): CatalogChoices {
  return {
    name: entry.id,
    approval: entry.suggestedApproval,
    answers: Object.fromEntries(
      entry.requires.map((need, i) => [i, need.kind === 'path' ? [] : '']),
    ),
  };
}

const listOf = (answer: string | string[] | undefined) =>
  (Array.isArray(answer) ? answer : answer ? [answer] : []).map((s) => s.trim()).filter(Boolean);
const textOf = (answer: string | string[] | undefined) =>
  (Array.isArray(answer) ? (answer[0] ?? '') : (answer ?? '')).trim();

/** The answers by requirement, as the shared config builder takes them (trimmed, empty ones left out). */
function answersOf(entry: CatalogEntry, choices: CatalogChoices): CatalogAnswers {
  return entry.requires.map((need, i) => {
    if (need.kind === 'secret') return [];
    if (need.kind === 'path') return listOf(choices.answers[i]);
    const text = textOf(choices.answers[i]);
    return text ? [text] : [];
  });
}

/**
 * The server config for a catalog entry and the user's choices, as the engine's own catalog
 * builds it (the key's value goes to the secret store, never the config).
 */
export function catalogInput(entry: CatalogEntry, choices: CatalogChoices): McpServerInput {
  return catalogServerConfig(entry, answersOf(entry, choices), {
    name: choices.name.trim(),
    approval: choices.approval,
  });
}

/** The entry's arguments with the chosen folders and values appended (each after its flag). */
export function catalogArgs(entry: CatalogEntry, choices: CatalogChoices): string[] {
  return sharedCatalogArgs(entry, answersOf(entry, choices));
}

export interface CatalogProblems {
  name?: string;
  /** By requirement index. */
  answers: Record<number, string>;
}

/**
 * What is missing or wrong before the entry can be added. `secretSet` tells whether a key is
 * already in the secret store (then the field may stay empty).
 */
export function checkChoices(
  entry: CatalogEntry,
  choices: CatalogChoices,
  secretSet: (need: Extract<CatalogRequirement, { kind: 'secret' }>) => boolean,
): CatalogProblems {
  const problems: CatalogProblems = { answers: {} };
  entry.requires.forEach((need, i) => {
    const answer = choices.answers[i];
    if (need.kind === 'path') {
      const paths = listOf(answer);
      if (!paths.length) problems.answers[i] = `Choose at least one folder`;
      else if (!need.multiple && paths.length > 1) problems.answers[i] = 'Choose one folder';
      else {
        const relative = paths.find((p) => !isAbsolutePath(p));
        if (relative !== undefined) problems.answers[i] = `Use an absolute path: “${relative}”`;
      }
    } else if (need.kind === 'value') {
      if (!textOf(answer)) problems.answers[i] = `${need.label} is required`;
    } else if (!need.optional && !textOf(answer) && !secretSet(need)) {
      problems.answers[i] = `${need.label} is required`;
    }
  });
  const parsed = McpServerInput.safeParse(catalogInput(entry, choices));
  const nameIssue = parsed.success
    ? undefined
    : parsed.error.issues.find((i) => i.path[0] === 'name');
  if (nameIssue) problems.name = nameIssue.message;
  return problems;
}

export function hasProblems(problems: CatalogProblems): boolean {
  return !!problems.name || Object.keys(problems.answers).length > 0;
}

/** A short list of what an entry needs, for the catalog cards. */
export function needsSummary(entry: CatalogEntry): string {
  if (!entry.requires.length) return 'Nothing to set up';
  return `Needs: ${entry.requires
    .map((need) =>
      need.kind === 'secret' && need.optional ? `${need.label} (optional)` : need.label,
    )
    .join(' · ')}`;
}
