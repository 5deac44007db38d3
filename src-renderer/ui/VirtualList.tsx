import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
  type UIEvent,
} from 'react';
import { cx } from './cx';
import { PrefixSums } from './fenwick';

export interface VirtualListHandle {
  /** Scrolls to the last item (and, with `follow`, keeps following). */
  scrollToEnd(): void;
}

export interface VirtualListProps {
  ref?: Ref<VirtualListHandle>;
  count: number;
  /** A stable key per item: measured heights are remembered by key. */
  itemKey: (index: number) => string;
  renderItem: (index: number) => ReactNode;
  /** Height assumed for an item until it has been measured (px). */
  estimateSize?: number;
  /** Extra height rendered above and below the viewport (px). */
  overscan?: number;
  /** Keep the end in view as items are added, while the user is at the end. */
  follow?: boolean;
  /** Told whenever the user scrolls to or away from the end. */
  onAtEndChange?: (atEnd: boolean) => void;
  /** Viewport height used when layout reports none (jsdom). */
  fallbackHeight?: number;
  className?: string;
  role?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}

/** The heights of the items, measured (by key) or estimated, as prefix sums. */
export function itemHeights(
  count: number,
  itemKey: (index: number) => string,
  sizes: ReadonlyMap<string, number>,
  estimate: number,
): PrefixSums {
  const heights = new Float64Array(count);
  for (let i = 0; i < count; i++) heights[i] = sizes.get(itemKey(i)) ?? estimate;
  return new PrefixSums(heights);
}

/** The items to render: those overlapping [top - overscan, top + height + overscan). */
export function visibleRange(
  heights: PrefixSums,
  top: number,
  height: number,
  overscan: number,
): { first: number; last: number } {
  if (!heights.length) return { first: 0, last: -1 };
  const first = heights.indexAt(Math.max(0, top - overscan));
  const bottom = top + height + overscan;
  let last = heights.indexAt(bottom);
  if (last > first && heights.prefix(last) >= bottom) last -= 1;
  return { first, last };
}

/**
 * A vertical list that renders only the items in and near the viewport, so tens of thousands of
 * rows scroll smoothly. Items may have any height: each rendered item is measured (ResizeObserver)
 * and remembered by key; until then `estimateSize` is assumed. Heights live in prefix sums, so a
 * measurement or a scroll costs O(log n). When an item above the viewport changes height the
 * scroll position is corrected, so what the user reads stays still.
 */
export function VirtualList({
  ref,
  count,
  itemKey,
  renderItem,
  estimateSize = 28,
  overscan = 600,
  follow = false,
  onAtEndChange,
  fallbackHeight = 800,
  className,
  role,
  'aria-label': ariaLabel,
  'data-testid': testId,
}: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const sizes = useRef(new Map<string, number>());
  const [, setVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const atEnd = useRef(true);
  const endListener = useRef(onAtEndChange);
  useEffect(() => {
    endListener.current = onAtEndChange;
  });

  // Rebuilt when the items change; measurements then update it in place (and re-render).
  const heights = useMemo(
    () => itemHeights(count, itemKey, sizes.current, estimateSize),
    [count, itemKey, estimateSize],
  );
  const heightsRef = useRef(heights);
  heightsRef.current = heights;
  const total = heights.prefix(count);
  const totalRef = useRef(total);
  totalRef.current = total;
  const height = viewport || fallbackHeight;
  const heightRef = useRef(height);
  heightRef.current = height;
  const { first, last } = visibleRange(heights, scrollTop, height, overscan);

  // One observer measures every rendered item; a change above the viewport moves the scroll position.
  const observer = useMemo(() => {
    if (typeof ResizeObserver === 'undefined') return null;
    return new ResizeObserver((entries) => {
      const el = scroller.current;
      const sums = heightsRef.current;
      let changed = false;
      let shift = 0;
      for (const entry of entries) {
        const target = entry.target as HTMLElement;
        const key = target.dataset.key;
        const index = Number(target.dataset.index);
        if (!key || !target.isConnected || !(index < sums.length)) continue;
        const measured = entry.borderBoxSize?.[0]?.blockSize ?? target.offsetHeight;
        const before = sizes.current.get(key) ?? estimateSize;
        sizes.current.set(key, measured);
        if (Math.abs(measured - before) < 0.5) continue;
        const start = sums.prefix(index);
        sums.add(index, measured - before);
        changed = true;
        if (el && start + before <= el.scrollTop) shift += measured - before;
      }
      if (!changed) return;
      if (el && shift && !(follow && atEnd.current)) el.scrollTop += shift;
      setVersion((v) => v + 1);
    });
  }, [estimateSize, follow]);
  useEffect(() => () => observer?.disconnect(), [observer]);

  const measure = useCallback(
    (node: HTMLDivElement | null) => {
      if (!node || !observer) return;
      observer.observe(node);
      return () => observer.unobserve(node);
    },
    [observer],
  );

  useImperativeHandle(
    ref,
    () => ({
      scrollToEnd() {
        const el = scroller.current;
        if (!el) return;
        atEnd.current = true;
        el.scrollTop = totalRef.current;
        setScrollTop(el.scrollTop);
        endListener.current?.(true);
      },
    }),
    [],
  );

  // The viewport's height, now and whenever it changes.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Following: stay at the end when items are added or grow (no layout is read for it).
  const scrollTopRef = useRef(scrollTop);
  scrollTopRef.current = scrollTop;
  useLayoutEffect(() => {
    const el = scroller.current;
    const target = Math.max(0, total - heightRef.current);
    if (follow && atEnd.current && el && scrollTopRef.current < target - 1) {
      el.scrollTop = total;
      setScrollTop(target);
    }
  }, [follow, total]);

  // Reads no layout (scrollHeight would force it on every frame): the end is known from the sums.
  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const top = event.currentTarget.scrollTop;
    setScrollTop(top);
    const end = top + heightRef.current >= totalRef.current - 8;
    if (end !== atEnd.current) {
      atEnd.current = end;
      endListener.current?.(end);
    }
  };

  const items: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    const key = itemKey(i);
    items.push(
      <div key={key} data-key={key} data-index={i} ref={measure}>
        {renderItem(i)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      role={role}
      aria-label={ariaLabel}
      data-testid={testId}
      data-count={count}
      tabIndex={0}
      className={cx('relative overflow-y-auto focus-visible:outline-none', className)}
      style={{ overflowAnchor: 'none' }}
    >
      <div style={{ height: total, position: 'relative' }}>
        <div
          style={{
            position: 'absolute',
            top: 0,
            left: 0,
            right: 0,
            transform: `translateY(${heights.prefix(first)}px)`,
          }}
        >
          {items}
        </div>
      </div>
    </div>
  );
}
