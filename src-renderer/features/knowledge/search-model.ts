import { SearchRequest, type SearchMode } from '@shared/api/knowledge';
import { issuesFromZod } from '@shared/errors';
import { groupIssues, type GroupedIssues } from '../../api/issues';
import type { SearchForm } from './playground-store';

export type SearchField = 'query' | 'k' | 'rrfK' | 'tags' | 'documentIds';

export const modeOptions: { value: SearchMode; label: string; title: string }[] = [
  { value: 'vector', label: 'Vector', title: 'Meaning: cosine similarity of embeddings' },
  { value: 'keyword', label: 'Keyword', title: 'Words: Postgres full-text rank' },
  { value: 'hybrid', label: 'Hybrid', title: 'Both, fused by reciprocal rank' },
];

const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

export function toSearchRequest(form: SearchForm, kbId: string): SearchRequest {
  return {
    kbIds: [kbId],
    query: form.query,
    mode: form.mode,
    k: numberOf(form.k),
    rrfK: numberOf(form.rrfK),
    filter: {
      ...(form.tags.length ? { tags: form.tags } : {}),
      ...(form.documentIds.length ? { documentIds: form.documentIds } : {}),
    },
  };
}

export function searchFieldOf(path: readonly (string | number)[]): SearchField | null {
  const [head, next] = path;
  if (head === 'query' || head === 'k' || head === 'rrfK') return head;
  if (head === 'filter') return next === 'tags' ? 'tags' : 'documentIds';
  return null;
}

/** Validates with the contract's schema; the same grouping serves the server's issues. */
export function validateSearch(form: SearchForm, kbId: string): GroupedIssues<SearchField> {
  const parsed = SearchRequest.safeParse(toSearchRequest(form, kbId));
  return groupIssues(parsed.success ? [] : issuesFromZod(parsed.error), searchFieldOf);
}
