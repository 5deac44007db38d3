import type { kbGraphMethods, RelatedDocument, RelatedLink } from '@shared/api/kb-graph';
import type { MethodOutput, ParsedInput } from '@shared/api/index';
import type { KbFakeState, StoredDocument } from './test-state';

type GraphMethod = keyof typeof kbGraphMethods;
type Handlers = { [M in GraphMethod]: (input: ParsedInput<M>) => MethodOutput<M> };

/** `target` (relative, `#…` dropped) from the folder of `from`, with `.` and `..` applied. */
function resolve(from: string, target: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of target.replace(/#.*$/, '').split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return `/${parts.filter(Boolean).join('/')}`;
}

const stem = (path: string) => (path.split('/').at(-1) ?? '').replace(/\.[^.]*$/, '').toLowerCase();

/** Markdown `[text](target)` and `[[Name]]` links of a document that reach another document. */
function linksOf(
  state: KbFakeState,
  doc: StoredDocument,
): Array<{ to: string; link: RelatedLink }> {
  const others = [...state.documents.values()].filter(
    (d) => d.kbId === doc.kbId && d.id !== doc.id,
  );
  const chunkOf = (at: number) =>
    state.chunks.get(doc.id)?.find((c) => at >= c.start && at < c.end)?.index ?? null;
  const out: Array<{ to: string; link: RelatedLink }> = [];
  for (const m of doc.text.matchAll(/\[([^\]]*)\]\(([^)\s]+)\)|\[\[([^\]]+)\]\]/g)) {
    const target = m[2] ?? m[3]!;
    const to = m[2]
      ? others.find((d) => d.path === resolve(doc.path, target))
      : others.find(
          (d) =>
            stem(d.path) === target.toLowerCase() || d.title.toLowerCase() === target.toLowerCase(),
        );
    const kind = m[2] ? 'markdown' : 'wiki';
    if (to)
      out.push({
        to: to.id,
        link: { kind, text: m[1] ?? target, target, chunkIndex: chunkOf(m.index) },
      });
  }
  return out;
}

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{6,}/g) ?? []);

/**
 * `kb.related` and `kb.graph` of the in-memory engine: Markdown and wiki links either way, and
 * shared words of six letters or more as "terms".
 */
export function graphHandlers(state: KbFakeState): Handlers {
  const related = (doc: StoredDocument, limit: number): RelatedDocument[] => {
    const mine = words(doc.text);
    const outgoing = linksOf(state, doc);
    return [...state.documents.values()]
      .filter((d) => d.kbId === doc.kbId && d.id !== doc.id)
      .map((other) => {
        const linksOut = outgoing.filter((l) => l.to === other.id).map((l) => l.link);
        const linksIn = linksOf(state, other)
          .filter((l) => l.to === doc.id)
          .map((l) => l.link);
        const theirs = words(other.text);
        const shared = [...mine].filter((w) => theirs.has(w)).sort();
        const terms = shared.length ? shared.length / Math.sqrt(mine.size * theirs.size) : 0;
        const links = (linksOut.length ? 1 : 0) + (linksIn.length ? 1 : 0);
        return {
          document: state.docView(other),
          score: links + terms,
          scores: { links, terms },
          reasons: {
            linksOut,
            linksIn,
            sharedTerms: shared
              .slice(0, 4)
              .map((term) => ({ term, kind: 'term' as const, weight: terms / shared.length })),
          },
        };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  };
  return {
    'kb.related': ({ documentId, limit }) => ({
      documentId,
      related: related(state.docOf(documentId), limit),
    }),
    'kb.graph': ({ kbId, limit }) => {
      const docs = [...state.documents.values()].filter((d) => d.kbId === kbId);
      const nodes = docs
        .slice(0, limit)
        .map((d) => ({
          id: d.id,
          title: d.title,
          path: d.path,
          format: d.format,
          status: d.status,
        }));
      const edges = nodes.flatMap((n) =>
        linksOf(state, state.docOf(n.id)).map((l) => ({
          source: n.id,
          target: l.to,
          kind: 'link' as const,
          weight: 1,
        })),
      );
      return { nodes, edges, truncated: docs.length > limit };
    },
  };
}
