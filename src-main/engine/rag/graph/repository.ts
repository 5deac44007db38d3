import { sql, type SQL } from 'drizzle-orm';
import type { LinkKind } from '@shared/entities/rag';
import { queryRows } from '../../store/query';
import { nameSql, stemSql } from '../../store/schema/path-keys';
import { kbDocumentLinks, kbDocumentTerms } from '../../store/schema/kb-graph';
import type { Db } from '../../store/types';
import { sqlList } from '../store/chunk-rows';
import type { KeyTerm, TermKind } from './extract-terms';
import type { ResolvedLink } from './resolve';

const BATCH = 500;

/** What ingestion stores of a document's graph. */
export interface DocumentGraph {
  links: readonly ResolvedLink[];
  terms: readonly KeyTerm[];
}

/**
 * Replaces a document's links and key terms; run in the transaction that replaces its chunks
 * (`WriteOptions.alsoWrite`), so both change together.
 */
export async function replaceDocumentGraph(
  tx: Db,
  kbId: string,
  documentId: string,
  graph: DocumentGraph,
): Promise<void> {
  await tx.execute(sql`delete from kb_document_links where document_id = ${documentId}`);
  await tx.execute(sql`delete from kb_document_terms where document_id = ${documentId}`);
  for (let i = 0; i < graph.links.length; i += BATCH) {
    await tx.insert(kbDocumentLinks).values(
      graph.links.slice(i, i + BATCH).map((l, j) => ({
        documentId,
        ordinal: i + j,
        kbId,
        kind: l.kind,
        match: l.match,
        target: l.target,
        raw: l.raw,
        anchor: l.text,
        charStart: l.start,
        charEnd: l.end,
        chunkIndex: l.chunkIndex,
      })),
    );
  }
  // One row per (kind, term): the first (heaviest) wins.
  const seen = new Set<string>();
  const terms = graph.terms.filter(
    (t) => !seen.has(`${t.kind}:${t.term}`) && seen.add(`${t.kind}:${t.term}`),
  );
  if (terms.length)
    await tx
      .insert(kbDocumentTerms)
      .values(
        terms.map((t) => ({ documentId, kbId, kind: t.kind, term: t.term, weight: t.weight })),
      );
}

/** A stored link with the document it reaches (outgoing) or comes from (incoming). */
export interface LinkRow extends Record<string, unknown> {
  /** The other document. */
  other_id: string;
  kind: LinkKind;
  raw: string;
  anchor: string;
  chunk_index: number | null;
}

/** A key term a document shares with the asked one, with both weights and the term's IDF. */
export interface SharedTermRow extends Record<string, unknown> {
  document_id: string;
  kind: TermKind;
  term: string;
  weight: number;
  my_weight: number;
  idf: number;
}

const STEM = sql.raw(stemSql('d.path'));
const NAME = sql.raw(nameSql('d.path'));

/**
 * Links of `where` (on `l`) joined to the documents they reach in their knowledge base, one
 * branch per way of matching so each uses its index. Links to their own document are left out.
 */
function resolvedLinks(where: SQL): SQL {
  const columns = sql`l.document_id as source_id, d.id as target_id, l.ordinal, l.kind, l.raw, l.anchor, l.chunk_index`;
  return sql`select ${columns} from kb_document_links l join kb_documents d on d.kb_id = l.kb_id and d.path = l.target
      where ${where} and l.match = 'path' and d.id <> l.document_id
    union all
    select ${columns} from kb_document_links l join kb_documents d on d.kb_id = l.kb_id and ${STEM} = l.target
      where ${where} and l.match = 'stem' and d.id <> l.document_id
    union all
    select ${columns} from kb_document_links l join kb_documents d on d.kb_id = l.kb_id and (${NAME} = l.target or lower(d.title) = l.target)
      where ${where} and l.match = 'name' and d.id <> l.document_id`;
}

/** IDF of a term found in `df` of the knowledge base's `n` documents. */
const IDF = sql.raw('ln((n.n + 1) / df.df)');

/** Reads of the knowledge graph: links either way, shared key terms, and whole-KB edges. */
export class KbGraphRepository {
  constructor(private readonly db: Db) {}

  /** Links of a document to other documents of its knowledge base, in document order. */
  async outgoing(documentId: string): Promise<LinkRow[]> {
    return queryRows<LinkRow>(
      this.db,
      sql`select r.target_id as other_id, r.kind, r.raw, r.anchor, r.chunk_index
        from (${resolvedLinks(sql`l.document_id = ${documentId}`)}) r order by r.ordinal`,
    );
  }

  /** Links of other documents of its knowledge base to a document. */
  async incoming(documentId: string): Promise<LinkRow[]> {
    const stem = sql.raw(stemSql('me.path'));
    const name = sql.raw(nameSql('me.path'));
    return queryRows<LinkRow>(
      this.db,
      sql`with me as (select id, kb_id, path, lower(title) as title from kb_documents where id = ${documentId})
        select l.document_id as other_id, l.kind, l.raw, l.anchor, l.chunk_index
        from me join kb_document_links l on l.kb_id = me.kb_id and l.document_id <> me.id and (
          (l.match = 'path' and l.target = me.path)
          or (l.match = 'stem' and l.target = ${stem})
          or (l.match = 'name' and (l.target = ${name} or l.target = me.title)))
        order by l.document_id, l.ordinal`,
    );
  }

  /**
   * The key terms the document shares with others, for the `candidates` documents with the most
   * IDF-weighted overlap plus those in `also`; and the document's own terms with their IDF.
   * IDF = ln((N + 1) / df): N documents in the knowledge base, df of them having the term.
   */
  async sharedTerms(
    kbId: string,
    documentId: string,
    candidates: number,
    also: readonly string[],
  ): Promise<{ mine: Array<{ weight: number; idf: number }>; shared: SharedTermRow[] }> {
    const context = sql`with mine as (select kind, term, weight from kb_document_terms where document_id = ${documentId}),
      n as (select count(*)::float8 as n from kb_documents where kb_id = ${kbId}),
      df as (select t.kind, t.term, count(*)::float8 as df from kb_document_terms t
        join mine m on m.kind = t.kind and m.term = t.term where t.kb_id = ${kbId} group by t.kind, t.term)`;
    const mine = await queryRows<{ weight: number; idf: number }>(
      this.db,
      sql`${context} select m.weight, ${IDF} as idf from mine m join df on df.kind = m.kind and df.term = m.term cross join n`,
    );
    const extra = also.length ? sql` or s.document_id in ${sqlList(also)}` : sql``;
    const shared = await queryRows<SharedTermRow>(
      this.db,
      sql`${context}, shared as (
          select o.document_id, o.kind, o.term, o.weight, m.weight as my_weight, ${IDF} as idf
          from kb_document_terms o
          join mine m on m.kind = o.kind and m.term = o.term
          join df on df.kind = o.kind and df.term = o.term
          cross join n
          where o.kb_id = ${kbId} and o.document_id <> ${documentId}),
        best as (select document_id from shared group by document_id order by sum(weight * my_weight * idf * idf) desc, document_id limit ${candidates})
        select s.* from shared s where s.document_id in (select document_id from best)${extra}`,
    );
    return {
      mine: mine.map((r) => ({ weight: Number(r.weight), idf: Number(r.idf) })),
      shared: shared.map((r) => ({
        ...r,
        weight: Number(r.weight),
        my_weight: Number(r.my_weight),
        idf: Number(r.idf),
      })),
    };
  }

  /** The length of each document's IDF-weighted term vector. */
  async termNorms(kbId: string, documentIds: readonly string[]): Promise<Map<string, number>> {
    if (!documentIds.length) return new Map();
    const rows = await queryRows<{ document_id: string; norm: number }>(
      this.db,
      sql`with c as (select document_id, kind, term, weight from kb_document_terms where document_id in ${sqlList(documentIds)}),
        n as (select count(*)::float8 as n from kb_documents where kb_id = ${kbId}),
        df as (select t.kind, t.term, count(*)::float8 as df from kb_document_terms t
          where t.kb_id = ${kbId} and (t.kind, t.term) in (select kind, term from c) group by t.kind, t.term)
        select c.document_id, sqrt(sum(power(c.weight * ${IDF}, 2))) as norm
        from c join df on df.kind = c.kind and df.term = c.term cross join n group by c.document_id`,
    );
    return new Map(rows.map((r) => [r.document_id, Number(r.norm)]));
  }

  /** Link edges between documents of a set: how many links each pair has (from → to). */
  async linkEdges(
    kbId: string,
    documentIds: readonly string[],
  ): Promise<Array<{ source: string; target: string; links: number }>> {
    if (!documentIds.length) return [];
    const ids = sqlList(documentIds);
    const rows = await queryRows<{ source_id: string; target_id: string; links: number }>(
      this.db,
      sql`select r.source_id, r.target_id, count(*)::int as links
        from (${resolvedLinks(sql`l.kb_id = ${kbId} and l.document_id in ${ids}`)}) r
        where r.target_id in ${ids} group by r.source_id, r.target_id`,
    );
    return rows.map((r) => ({ source: r.source_id, target: r.target_id, links: Number(r.links) }));
  }

  /**
   * The `limit` heaviest term-overlap edges between documents of a set (IDF-weighted); terms found
   * in more than `maxDf` documents are too common to draw an edge.
   */
  async termEdges(
    kbId: string,
    documentIds: readonly string[],
    limit: number,
    maxDf = 50,
  ): Promise<Array<{ source: string; target: string; weight: number }>> {
    if (documentIds.length < 2) return [];
    const ids = sqlList(documentIds);
    const rows = await queryRows<{ source: string; target: string; weight: number }>(
      this.db,
      sql`with n as (select count(*)::float8 as n from kb_documents where kb_id = ${kbId}),
        df as (select kind, term, count(*)::float8 as df from kb_document_terms where kb_id = ${kbId}
          group by kind, term having count(*) between 2 and ${maxDf})
        select a.document_id as source, b.document_id as target, sum(a.weight * b.weight * power(${IDF}, 2)) as weight
        from kb_document_terms a
        join df on df.kind = a.kind and df.term = a.term
        join kb_document_terms b on b.kb_id = a.kb_id and b.kind = a.kind and b.term = a.term and b.document_id > a.document_id
        cross join n
        where a.kb_id = ${kbId} and a.document_id in ${ids} and b.document_id in ${ids}
        group by a.document_id, b.document_id order by weight desc, source, target limit ${limit}`,
    );
    return rows.map((r) => ({ source: r.source, target: r.target, weight: Number(r.weight) }));
  }
}
