import type { FieldIssue } from '@shared/errors';

export interface GroupedIssues<K extends string> {
  /** The first message for each field. */
  fields: Partial<Record<K, string>>;
  /** Messages that belong to no field shown in the form. */
  other: string[];
}

/**
 * Sorts validation issues (from the contract schemas or from the server's `AppError.issues`)
 * into per-field messages; `fieldOf` maps an issue path to a form field or null.
 */
export function groupIssues<K extends string>(
  issues: readonly FieldIssue[],
  fieldOf: (path: readonly (string | number)[]) => K | null,
): GroupedIssues<K> {
  const grouped: GroupedIssues<K> = { fields: {}, other: [] };
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field === null)
      grouped.other.push(
        issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      );
    else grouped.fields[field] ??= issue.message;
  }
  return grouped;
}
