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

/** The index of the first offset greater than `value` (offsets ascend). */
function upperBound(offsets: Float64Array, value: number, count: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first offset not less than `value`. */
function lowerBound(offsets: Float64Array, value: number, count: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Start offsets of every item (and the total height at `count`), from measured or estimated sizes. */
export function itemOffsets(
  count: number,
  itemKey: (index: number) => string,
  sizes: ReadonlyMap<string, number>,
  estimate: number,
): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++)
    offsets[i + 1] = offsets[i]! + (sizes.get(itemKey(i)) ?? estimate);
  return offsets;
}

/** The items to render: those overlapping [top - overscan, top + height + overscan]. */
export function visibleRange(
  offsets: Float64Array,
  count: number,
  top: number,
  height: number,
  overscan: number,
): { first: number; last: number } {
  if (!count) return { first: 0, last: -1 };
  const first = Math.max(0, upperBound(offsets, Math.max(0, top - overscan), count) - 1);
  const last = Math.min(count - 1, lowerBound(offsets, top + height + overscan, count) - 1);
  return { first, last: Math.max(first, last) };
}

/**
 * A vertical list that renders only the items in and near the viewport, so tens of thousands of
 * rows scroll smoothly. Items may have any height: each rendered item is measured (ResizeObserver)
 * and remembered by key; until then `estimateSize` is assumed. When an item above the viewport
 * changes height the scroll position is corrected, so what the user reads stays still.
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
  const [version, setVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const atEnd = useRef(true);
  const endListener = useRef(onAtEndChange);
  useEffect(() => {
    endListener.current = onAtEndChange;
  });

  // `version` changes whenever a measurement does.
  const offsets = useMemo(
    () => itemOffsets(count, itemKey, sizes.current, estimateSize),
    [count, itemKey, estimateSize, version],
  );
  const offsetsRef = useRef(offsets);
  offsetsRef.current = offsets;
  const total = offsets[count] ?? 0;
  const height = viewport || fallbackHeight;
  const { first, last } = visibleRange(offsets, count, scrollTop, height, overscan);

  // One observer measures every rendered item; a change above the viewport moves the scroll position.
  const observer = useMemo(() => {
    if (typeof ResizeObserver === 'undefined') return null;
    return new ResizeObserver((entries) => {
      let changed = false;
      let shift = 0;
      const el = scroller.current;
      for (const entry of entries) {
        const target = entry.target as HTMLElement;
        const key = target.dataset.key;
        if (!key || !target.isConnected) continue;
        const measured = entry.borderBoxSize?.[0]?.blockSize ?? target.offsetHeight;
        const before = sizes.current.get(key) ?? estimateSize;
        if (Math.abs(measured - before) < 0.5 && sizes.current.has(key)) continue;
        sizes.current.set(key, measured);
        changed = true;
        const index = Number(target.dataset.index);
        const start = offsetsRef.current[index] ?? 0;
        if (el && start + before <= el.scrollTop) {
          shift += measured - before;
        }
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
        el.scrollTop = el.scrollHeight;
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

  // Following: stay at the end when items are added or grow.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (follow && atEnd.current && el && el.scrollTop + el.clientHeight < total - 1) {
      el.scrollTop = total;
      setScrollTop(el.scrollTop);
    }
  }, [follow, total]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    setScrollTop(el.scrollTop);
    const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
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
            transform: `translateY(${offsets[first] ?? 0}px)`,
          }}
        >
          {items}
        </div>
      </div>
    </div>
  );
}
