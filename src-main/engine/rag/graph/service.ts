import type {
  GraphEdge,
  GraphNode,
  RelatedDocument,
  RelatedLink,
  SharedTerm,
} from '@shared/api/kb-graph';
import type { KbDocument } from '@shared/api/knowledge';
import { AppError } from '@shared/errors';
import type { Db } from '../../store/types';
import type { KnowledgeBaseService } from '../kb/service';
import { KbGraphRepository, type LinkRow } from './repository';

export interface KnowledgeGraphDeps {
  db: Db;
  kb: KnowledgeBaseService;
}

/** What one direction of links adds to a score; more links add a little more, up to `LINK_EXTRA_MAX`. */
const LINK_WEIGHT = 1;
const LINK_EXTRA = 0.1;
const LINK_EXTRA_MAX = 0.5;
/** Documents related by terms alone must be at least this similar (cosine). */
const MIN_TERM_SCORE = 0.05;
/** Reasons listed per related document at most. */
const MAX_LINKS_SHOWN = 5;
const MAX_TERMS_SHOWN = 6;

const round = (x: number) => Math.round(x * 10_000) / 10_000;

const toLink = (r: LinkRow): RelatedLink => ({
  kind: r.kind,
  text: r.anchor,
  target: r.raw,
  chunkIndex: r.chunk_index === null ? null : Number(r.chunk_index),
});

function byOther(rows: readonly LinkRow[]): Map<string, RelatedLink[]> {
  const out = new Map<string, RelatedLink[]>();
  for (const r of rows) {
    const list = out.get(r.other_id) ?? [];
    list.push(toLink(r));
    out.set(r.other_id, list);
  }
  return out;
}

function linkScore(out: number, inn: number): number {
  const directions = (out ? 1 : 0) + (inn ? 1 : 0);
  if (!directions) return 0;
  return directions * LINK_WEIGHT + Math.min(LINK_EXTRA_MAX, (out + inn - directions) * LINK_EXTRA);
}

/**
 * The knowledge graph: documents related by explicit links (either way) and by the key terms and
 * names they share, weighted by how rare each is in the knowledge base (IDF, computed now, so it
 * follows the knowledge base as it grows).
 */
export class KnowledgeGraphService {
  private readonly repo: KbGraphRepository;

  constructor(private readonly deps: KnowledgeGraphDeps) {
    this.repo = new KbGraphRepository(deps.db);
  }

  async related(
    documentId: string,
    limit = 10,
  ): Promise<{ documentId: string; related: RelatedDocument[] }> {
    const doc = await this.document(documentId);
    const [outgoing, incoming] = await Promise.all([
      this.repo.outgoing(documentId),
      this.repo.incoming(documentId),
    ]);
    const linksOut = byOther(outgoing);
    const linksIn = byOther(incoming);
    const linked = [...new Set([...linksOut.keys(), ...linksIn.keys()])];
    const { mine, shared } = await this.repo.sharedTerms(
      doc.kbId,
      documentId,
      Math.max(50, limit * 5),
      linked,
    );
    const myNorm = Math.sqrt(mine.reduce((s, t) => s + (t.weight * t.idf) ** 2, 0));
    const sharedBy = new Map<string, Array<SharedTerm & { contribution: number }>>();
    for (const r of shared) {
      const list = sharedBy.get(r.document_id) ?? [];
      list.push({
        term: r.term,
        kind: r.kind,
        weight: 0,
        contribution: r.weight * r.my_weight * r.idf * r.idf,
      });
      sharedBy.set(r.document_id, list);
    }
    const norms = await this.repo.termNorms(doc.kbId, [...sharedBy.keys()]);

    const scored = [...new Set([...linked, ...sharedBy.keys()])].flatMap((id) => {
      const out = linksOut.get(id) ?? [];
      const inn = linksIn.get(id) ?? [];
      const denominator = myNorm * (norms.get(id) ?? 0);
      const terms = (sharedBy.get(id) ?? [])
        .map((t) => ({
          term: t.term,
          kind: t.kind,
          weight: denominator ? t.contribution / denominator : 0,
        }))
        .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
      const termScore = Math.min(
        1,
        terms.reduce((s, t) => s + t.weight, 0),
      );
      const links = linkScore(out.length, inn.length);
      if (!links && termScore < MIN_TERM_SCORE) return [];
      return [
        {
          id,
          score: round(links + termScore),
          scores: { links: round(links), terms: round(termScore) },
          reasons: {
            linksOut: out.slice(0, MAX_LINKS_SHOWN),
            linksIn: inn.slice(0, MAX_LINKS_SHOWN),
            sharedTerms: terms
              .slice(0, MAX_TERMS_SHOWN)
              .map((t) => ({ ...t, weight: round(t.weight) })),
          },
        },
      ];
    });
    scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    const top = scored.slice(0, limit);
    const documents = new Map(
      (await this.deps.kb.documents.byIds(top.map((s) => s.id))).map((d) => [d.id, d]),
    );
    const related = top.flatMap(({ id, ...rest }) => {
      const document = documents.get(id);
      return document ? [{ document, ...rest }] : [];
    });
    return { documentId, related };
  }

  /** A knowledge base's documents (the `limit` updated last, listed by path) and the edges between them. */
  async graph(
    kbId: string,
    limit = 200,
  ): Promise<{ nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean }> {
    const { documents, total } = await this.deps.kb.listDocuments(kbId, { limit, offset: 0 });
    const nodes: GraphNode[] = documents
      .map((d) => ({ id: d.id, title: d.title, path: d.path, format: d.format, status: d.status }))
      .sort((a, b) => a.path.localeCompare(b.path));
    const ids = nodes.map((n) => n.id);
    const [links, terms] = await Promise.all([
      this.repo.linkEdges(kbId, ids),
      this.repo.termEdges(kbId, ids, limit * 3),
    ]);
    const edges: GraphEdge[] = [
      ...links.map((e) => ({
        source: e.source,
        target: e.target,
        kind: 'link' as const,
        weight: e.links,
      })),
      ...terms.map((e) => ({
        source: e.source,
        target: e.target,
        kind: 'terms' as const,
        weight: round(e.weight),
      })),
    ];
    return { nodes, edges, truncated: total > documents.length };
  }

  private async document(id: string): Promise<KbDocument> {
    const document = await this.deps.kb.documents.get(id);
    if (!document)
      throw new AppError('NOT_FOUND', `No document with id ${id}.`, {
        hint: 'List the documents of the knowledge base to see their ids.',
      });
    return document;
  }
}
