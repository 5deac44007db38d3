import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { itemHeights, visibleRange, VirtualList } from './VirtualList';

afterEach(cleanup);

describe('VirtualList', () => {
  it('places items by their measured or estimated heights', () => {
    const sizes = new Map([['b', 100]]);
    const heights = itemHeights(4, (i) => 'abcd'[i]!, sizes, 20);
    expect([0, 1, 2, 3, 4].map((i) => heights.prefix(i))).toEqual([0, 20, 120, 140, 160]);
    // Viewport 110..130 overlaps b (20..120) and c (120..140).
    expect(visibleRange(heights, 110, 20, 0)).toEqual({ first: 1, last: 2 });
    expect(visibleRange(heights, 0, 1000, 0)).toEqual({ first: 0, last: 3 });
    expect(visibleRange(itemHeights(0, String, sizes, 20), 0, 1000, 0)).toEqual({
      first: 0,
      last: -1,
    });
  });

  it('renders the first screenful of a long list and sizes the scroll area for all', () => {
    render(
      <VirtualList
        count={100_000}
        itemKey={(i) => `k${i}`}
        renderItem={(i) => <span data-testid="item">Item {i}</span>}
        estimateSize={20}
        overscan={100}
        fallbackHeight={400}
        data-testid="list"
      />,
    );
    const items = screen.getAllByTestId('item');
    expect(items[0]!.textContent).toBe('Item 0');
    expect(items).toHaveLength(Math.ceil((400 + 100) / 20));
    const spacer = screen.getByTestId('list').firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe(`${100_000 * 20}px`);
  });
});
