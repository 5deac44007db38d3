import { splitAnswer } from './citation-text';

/** The few mdast fields this plugin reads (a text node, or a parent of nodes). */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: Record<string, unknown>;
}

/** Nodes whose text is never a citation: code is literal, and a chip cannot sit inside a link. */
const SKIP = new Set(['code', 'inlineCode', 'link', 'linkReference', 'html', 'definition']);

/**
 * A remark plugin: citation markers of known sources (`[2]`, `[1, 3]`) in the text — not in code
 * or links — become `<span data-cite="1 3">` elements, which the Markdown component shows as chips.
 */
export function remarkCitations(options: { known: (n: number) => boolean }) {
  const visit = (node: MdNode) => {
    if (!node.children) return;
    const out: MdNode[] = [];
    let changed = false;
    for (const child of node.children) {
      if (child.type === 'text' && child.value?.includes('[')) {
        const parts = splitAnswer(child.value, options.known);
        if (parts.some((p) => p.kind === 'cite')) {
          changed = true;
          for (const part of parts) {
            out.push(
              part.kind === 'text'
                ? { type: 'text', value: part.text }
                : {
                    type: 'citation',
                    data: {
                      hName: 'span',
                      hProperties: { dataCite: part.numbers.join(' ') },
                      hChildren: [{ type: 'text', value: part.text }],
                    },
                  },
            );
          }
          continue;
        }
      }
      if (!SKIP.has(child.type)) visit(child);
      out.push(child);
    }
    if (changed) node.children = out;
  };
  return (tree: MdNode) => visit(tree);
}
