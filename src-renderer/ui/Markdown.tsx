import {
  createContext,
  memo,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { isExternalLinkAllowed } from '@shared/links';
import { cx } from './cx';
import { splitMarkdownBlocks } from './markdown-blocks';
import { remarkCitations } from './remark-citations';
import { CopyButton } from './CopyButton';
import './markdown.css';

/** A numbered source the text may cite as `[n]`. */
export interface Citation {
  n: number;
  /** Shown as the chip's tooltip (the source's title). */
  label: string;
  onOpen(): void;
}

export interface MarkdownProps {
  /** Markdown as written by a model; raw HTML in it is shown as text, never rendered. */
  text: string;
  /** `[n]` markers naming one of these (outside code) become chips that open the source. */
  citations?: Citation[] | undefined;
  className?: string | undefined;
  'data-testid'?: string | undefined;
}

interface CitationLookup {
  label(n: number): string | undefined;
  open(n: number): void;
}
const Citations = createContext<CitationLookup>({ label: () => undefined, open: () => {} });

/** The text of a hast node (a code block's source, for copying). */
interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}
const textOf = (node: HastNode | undefined): string =>
  node?.type === 'text' ? (node.value ?? '') : (node?.children ?? []).map(textOf).join('');

function Chips({ numbers }: { numbers: number[] }) {
  const citations = useContext(Citations);
  return (
    <span className="whitespace-nowrap">
      {numbers.map((n) => (
        <button
          key={n}
          type="button"
          onClick={() => citations.open(n)}
          title={citations.label(n)}
          aria-label={`Open source ${n}`}
          className="mx-px rounded bg-indigo-50 px-1 align-baseline font-mono text-[11px] leading-4 font-medium text-indigo-700 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:bg-indigo-500/15 dark:text-indigo-300"
        >
          {n}
        </button>
      ))}
    </span>
  );
}

const external = { target: '_blank', rel: 'noopener noreferrer' } as const;

const components: Components = {
  // Only http(s) and mailto links are links (they open outside the app); others are plain text.
  a: ({ node: _node, href, children, ...rest }) =>
    href && isExternalLinkAllowed(href) ? (
      <a {...rest} href={href} {...external} title={href}>
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // Images are never fetched (a remote image in an answer could carry data away): a link instead.
  img: ({ src, alt }) =>
    typeof src === 'string' && isExternalLinkAllowed(src) ? (
      <a href={src} {...external} title={`Image (not loaded): ${src}`}>
        {alt || 'image'}
      </a>
    ) : (
      <span>{alt}</span>
    ),
  span: ({ node: _node, ...props }) => {
    const cite = (props as Record<string, unknown>)['data-cite'];
    return typeof cite === 'string' ? (
      <Chips numbers={cite.split(' ').map(Number)} />
    ) : (
      <span {...props} />
    );
  },
  pre: ({ node, children }) => {
    const code = (node as HastNode | undefined)?.children?.find((c) => c.tagName === 'code');
    const classes = code?.properties?.className;
    const language = (Array.isArray(classes) ? classes : [])
      .map(String)
      .find((c) => c.startsWith('language-'))
      ?.slice('language-'.length);
    return (
      <div className="af-md-code" data-testid="markdown-code">
        <div className="af-md-code-bar">
          <span>{language ?? ''}</span>
          <CopyButton label="Copy code" text={() => textOf(code).replace(/\n$/, '')} />
        </div>
        <pre>{children}</pre>
      </div>
    );
  },
  table: ({ node: _node, ...props }) => (
    <div className="af-md-table">
      <table {...props} />
    </div>
  ),
};

const urlTransform = (url: string) => (isExternalLinkAllowed(url) ? url : '');

/** One top-level block, rendered again only when its own text (or the known sources) change. */
const Block = memo(function Block({ text, known }: { text: string; known: string }) {
  const remarkPlugins = useMemo(() => {
    const numbers = new Set(known ? known.split(' ').map(Number) : []);
    return [
      remarkGfm,
      [remarkCitations, { known: (n: number) => numbers.has(n) }] as const,
    ] as NonNullable<Parameters<typeof ReactMarkdown>[0]['remarkPlugins']>;
  }, [known]);
  return (
    <ReactMarkdown
      remarkPlugins={remarkPlugins}
      rehypePlugins={rehypePlugins}
      components={components}
      urlTransform={urlTransform}
    >
      {text}
    </ReactMarkdown>
  );
});
// rehype-highlight registers all its languages each time it is attached, and react-markdown
// attaches its plugins on every render: build the highlighter once and hand out that one.
const highlight = rehypeHighlight({ detect: false });
const rehypePlugins: NonNullable<Parameters<typeof ReactMarkdown>[0]['rehypePlugins']> = [
  () => highlight,
];

/**
 * The text to show: a change a frame or more after the last one shows at once (before paint);
 * faster changes (a stream) are gathered and shown once per animation frame, so a long answer
 * arriving in many small deltas is parsed at most once a frame, and every frame shows progress.
 */
function useFrameThrottle(text: string): string {
  const [shown, setShown] = useState(text);
  const latest = useRef(text);
  const frame = useRef(0);
  const shownAt = useRef(0);
  useLayoutEffect(() => {
    latest.current = text;
    if (text === shown || frame.current) return;
    if (performance.now() - shownAt.current >= 16) {
      shownAt.current = performance.now();
      setShown(text);
      return;
    }
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      shownAt.current = performance.now();
      setShown(latest.current);
    });
  }, [text, shown]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  return shown;
}

/**
 * Markdown of a model's answer: GitHub tables, task lists, strikethrough and autolinks, code
 * blocks highlighted with a copy button, links that open outside the app, optional citation
 * chips. Raw HTML is shown as text. Built for streaming: the text is cut into top-level blocks
 * and only the block that changed is parsed again, at most once per animation frame.
 */
export function Markdown({ text, citations, className, ...rest }: MarkdownProps) {
  const shown = useFrameThrottle(text);
  const blocks = useMemo(() => splitMarkdownBlocks(shown), [shown]);
  const latest = useRef(citations);
  latest.current = citations;
  // Chips change only when the sources do (not with each new `onOpen` closure of a render).
  const signature = (citations ?? []).map((c) => `${c.n}\u0000${c.label}`).join('\u0001');
  const { lookup, known } = useMemo(() => {
    const labels = new Map((latest.current ?? []).map((c) => [c.n, c.label]));
    const lookup: CitationLookup = {
      label: (n) => labels.get(n),
      open: (n) => latest.current?.find((c) => c.n === n)?.onOpen(),
    };
    return { lookup, known: [...labels.keys()].join(' ') };
  }, [signature]);
  return (
    <Citations.Provider value={lookup}>
      <div className={cx('af-markdown', className)} data-testid={rest['data-testid']}>
        {blocks.map((block, i) => (
          <Block key={i} text={block} known={known} />
        ))}
      </div>
    </Citations.Provider>
  );
}
