import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Markdown } from './Markdown';

afterEach(cleanup);

const show = (text: string, citations?: Parameters<typeof Markdown>[0]['citations']) =>
  render(<Markdown text={text} citations={citations} data-testid="md" />).getByTestId('md');

describe('Markdown', () => {
  it('renders GitHub Markdown: headings, lists, tables, task lists, strikethrough, autolinks', () => {
    const md = show(
      [
        '## Plan',
        '',
        '1. **First**',
        '2. _Second_',
        '',
        '| Name | Size |',
        '|------|-----:|',
        '| a    | 1    |',
        '',
        '- [x] done',
        '- [ ] todo',
        '',
        '~~old~~ and www.example.com and https://example.org/x',
      ].join('\n'),
    );
    expect(within(md).getByRole('heading', { level: 2, name: 'Plan' })).toBeTruthy();
    expect(md.querySelector('ol strong')?.textContent).toBe('First');
    expect(within(md).getByRole('table')).toBeTruthy();
    expect(md.querySelectorAll('td')[1]?.style.textAlign).toBe('right');
    const boxes = within(md).getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => [b.checked, b.disabled])).toEqual([
      [true, true],
      [false, true],
    ]);
    expect(md.querySelector('del')?.textContent).toBe('old');
    const links = within(md).getAllByRole('link') as HTMLAnchorElement[];
    expect(links.map((a) => a.href)).toEqual(['http://www.example.com/', 'https://example.org/x']);
  });

  it('never renders raw HTML: tags show as text, nothing runs', () => {
    const md = show(
      'Before <script>window.__pwned = 1</script> after\n\n<img src="x" onerror="window.__pwned = 2">\n\n<b>bold?</b> <a href="https://evil.example">a</a>',
    );
    expect(md.querySelector('script, img, b, iframe')).toBeNull();
    expect(md.querySelector('[onerror]')).toBeNull();
    expect(md.textContent).toContain('<script>window.__pwned = 1</script>');
    expect(md.textContent).toContain('<img src="x" onerror="window.__pwned = 2">');
    expect(within(md).queryAllByRole('link')).toEqual([]);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('makes only http(s) and mailto links, opening outside the app; other schemes become text', () => {
    const md = show(
      '[web](https://example.com) [mail](mailto:a@example.com) [js](javascript:alert(1)) [file](file:///etc/passwd) [data](data:text/html,hi) [rel](docs/x.md)',
    );
    const links = within(md).getAllByRole('link') as HTMLAnchorElement[];
    expect(links.map((a) => a.textContent)).toEqual(['web', 'mail']);
    for (const link of links) {
      expect(link.target).toBe('_blank');
      expect(link.rel).toBe('noopener noreferrer');
    }
    expect(md.textContent).toContain('js file data rel');
    expect(md.innerHTML).not.toMatch(/javascript:|file:|data:text/);
  });

  it('shows images as links, never loading them', () => {
    const md = show('![chart](https://example.com/c.png?leak=secret) ![x](javascript:alert(1))');
    expect(md.querySelector('img')).toBeNull();
    const link = within(md).getByRole('link', { name: 'chart' }) as HTMLAnchorElement;
    expect(link.href).toBe('https://example.com/c.png?leak=secret');
    expect(link.target).toBe('_blank');
  });

  it('highlights fenced code and copies its exact source', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const source = 'const a = "<b>";\n\tif (a) return 1;';
    const md = show(`Try:\n\n\`\`\`ts\n${source}\n\`\`\`\n\nand \`inline\``);
    const block = within(md).getByTestId('markdown-code');
    expect(block.textContent).toContain('ts');
    expect(block.querySelector('code.hljs .hljs-keyword')?.textContent).toBe('const');
    await act(async () => {
      fireEvent.click(within(block).getByRole('button', { name: 'Copy code' }));
    });
    expect(writeText).toHaveBeenCalledWith(source);
    expect(within(block).getByRole('button', { name: 'Copy code' }).textContent).toBe('Copied');
    expect(md.querySelector('p code')?.textContent).toBe('inline');
  });

  it('turns [n] of known sources into chips, but not in code, links or unknown numbers', () => {
    const opened: number[] = [];
    const citations = [1, 2].map((n) => ({
      n,
      label: `Source ${n}`,
      onOpen: () => opened.push(n),
    }));
    const md = show(
      'Valve first [1], then bleed [1, 2]. Unknown [7].\n\n`arr[1]` and [link [2]](https://example.com)\n\n```\nx[2]\n```',
      citations,
    );
    const chips = within(md).getAllByRole('button', { name: /^Open source/ });
    expect(chips.map((c) => [c.textContent, c.title])).toEqual([
      ['1', 'Source 1'],
      ['1', 'Source 1'],
      ['2', 'Source 2'],
    ]);
    fireEvent.click(chips[2]!);
    fireEvent.click(chips[0]!);
    expect(opened).toEqual([2, 1]);
    expect(md.textContent).toContain('Unknown [7].');
    expect(md.querySelector('p code')?.textContent).toBe('arr[1]');
    expect(within(md).getByRole('link').textContent).toBe('link [2]');
    expect(md.querySelector('pre')?.textContent).toBe('x[2]\n');
  });

  it('streams: appended text re-renders the last block and keeps earlier ones as they were', async () => {
    const { rerender, getByTestId } = render(<Markdown text="# One" data-testid="md" />);
    const first = getByTestId('md').querySelector('h1');
    let text = '# One\n\n';
    for (const delta of ['Some ', '**bold**', ' text\n\n', '```py\n', 'print(1)\n', '```\n']) {
      text += delta;
      rerender(<Markdown text={text} data-testid="md" />);
    }
    const md = getByTestId('md');
    // Fast updates are gathered into one render per animation frame.
    await waitFor(() => expect(md.querySelector('pre code')?.textContent).toBe('print(1)\n'));
    expect(md.querySelector('h1')).toBe(first);
    expect(md.querySelector('strong')?.textContent).toBe('bold');
    expect(md.querySelector('pre code')?.textContent).toBe('print(1)\n');
  });
});
