import { sql } from 'drizzle-orm';
import { queryRows } from '../../store/query';
import { KEYWORD_CONFIG } from '../../store/schema/knowledge';
import type { Db } from '../../store/types';
import { andAll, filterConditions, sqlList } from '../store/chunk-rows';
import type { VectorFilter } from '../store/types';

export interface KeywordMatch {
  chunkId: string;
  /**
   * ts_rank_cd normalised to [0, 1) (rank / (rank + 1)). In `any` mode the order puts chunks with
   * every query term first, so a later match may have a higher score than an earlier one.
   */
  score: number;
}

export interface KeywordOptions {
  k: number;
  filter?: VectorFilter;
  /**
   * `all`: every term must occur (websearch_to_tsquery as is). `any`: any term may occur; chunks
   * with every term come first, then by ts_rank_cd (more terms, closer together, rank higher). `auto` (default): `all` when the query uses
   * web-search syntax ("quoted phrase", -exclusion, OR), else `any` — a question in plain words
   * rarely has all of its words in one chunk.
   */
  match?: 'all' | 'any' | 'auto';
}

/** Whether a query uses websearch_to_tsquery operators. */
export function usesSearchSyntax(query: string): boolean {
  return /"|(^|\s)-\S|\sor\s/i.test(query);
}

/**
 * Full-text search over chunk text in Postgres (tsvector column with a GIN index), the same for
 * every store kind. Best first.
 */
export async function keywordSearch(
  db: Db,
  kbIds: readonly string[],
  query: string,
  options: KeywordOptions,
): Promise<KeywordMatch[]> {
  if (!kbIds.length || !query.trim()) return [];
  const match =
    options.match === 'all' || options.match === 'any'
      ? options.match
      : usesSearchSyntax(query)
        ? 'all'
        : 'any';
  const config = sql.raw(`'${KEYWORD_CONFIG}'::regconfig`);
  const strict = sql`websearch_to_tsquery(${config}, ${query})`;
  // Lexemes are quoted in a tsquery's text form, so only the operators between them are replaced.
  const loose = match === 'all' ? strict : sql`replace(${strict}::text, ' & ', ' | ')::tsquery`;
  const rows = await queryRows<{ id: string; score: number | string }>(
    db,
    // Ties (common with short queries) go by document path and position, so the same corpus
    // ranks the same way whatever ids its chunks got.
    sql`select c.id, ts_rank_cd(c.tsv, q.loose, 32) as score
      from kb_chunks c join kb_documents d on d.id = c.document_id,
        (select ${strict} as strict, ${loose} as loose) q
      where c.kb_id in ${sqlList(kbIds)} and c.tsv @@ q.loose${andAll(filterConditions(options.filter))}
      order by c.tsv @@ q.strict desc, score desc, d.path, c.chunk_index
      limit ${options.k}`,
  );
  return rows.map((r) => ({ chunkId: r.id, score: Number(r.score) }));
}
