import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Trace } from '@shared/entities/run';
import { renderWithApi } from '../../test/render';
import { readText } from '../../ui/text-export';
import { runsStoreFor } from './store';
import { RunsTestApi } from './test-api';
import { generateTrace } from './trace-fixture';
import { TracePanel } from './TracePanel';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function renderTrace(events: number) {
  const api = new RunsTestApi();
  const trace = generateTrace(events);
  api.addTrace(trace);
  renderWithApi(<TracePanel rootRunId="run-big" />, api);
  await act(() => runsStoreFor(api).getState().watch('run-big'));
  return { api, trace, list: await screen.findByTestId('trace-list') };
}

const rows = () => screen.getAllByTestId('trace-row');
const chip = (name: string) => screen.getByRole('button', { name: new RegExp(`^${name}`) });

describe('Trace panel', () => {
  it('renders only a window of a 10,000-event trace', async () => {
    const { list, trace } = await renderTrace(10_000);
    const total = Number(list.dataset.count);
    expect(total).toBeGreaterThan(2_000);
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(120);
    expect(screen.getByTestId('trace-count').textContent).toContain(
      `${trace.events.length.toLocaleString('en-US')} events`,
    );
  });

  it('filters by kind, folds a delegation and expands a tool card', async () => {
    const { list } = await renderTrace(400);
    const all = Number(list.dataset.count);
    fireEvent.click(chip('Text'));
    expect(chip('Text').getAttribute('aria-pressed')).toBe('false');
    expect(rows().some((r) => r.dataset.category === 'text')).toBe(false);
    expect(Number(screen.getByTestId('trace-list').dataset.count)).toBeLessThan(all);

    for (const name of ['Run', 'Model', 'Memory', 'Errors']) fireEvent.click(chip(name));
    const kinds = new Set(rows().map((r) => r.dataset.category));
    expect([...kinds].sort()).toEqual(['delegation', 'tools']);

    const delegation = rows().find((r) => r.dataset.category === 'delegation')!;
    const childRows = () => rows().filter((r) => r.dataset.depth === '1');
    expect(childRows().length).toBeGreaterThan(0);
    fireEvent.click(within(delegation).getByRole('button', { name: /Delegated to Helper/ }));
    await waitFor(() => expect(childRows()).toHaveLength(0));

    const card = within(rows().find((r) => r.dataset.category === 'tools')!).getByTestId(
      'tool-card',
    );
    fireEvent.click(within(card).getByRole('button'));
    expect(within(card).getByTestId('tool-input').textContent).toContain('"query": "q1"');
    expect(within(card).getByTestId('tool-output').textContent).toContain('Result 1');
  });

  it('copies and exports the trace as runs.trace JSON', async () => {
    const { trace } = await renderTrace(200);
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void (copied = text) },
    });
    fireEvent.click(screen.getByRole('button', { name: /Copy JSON/ }));
    await screen.findByText('Copied');
    const parsed = Trace.parse(JSON.parse(copied));
    expect(parsed.events).toHaveLength(trace.events.length);
    expect(parsed.runs.map((r) => r.id)).toEqual(trace.runs.map((r) => r.id));

    const blobs: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => (blobs.push(blob), 'blob:trace');
    URL.revokeObjectURL = () => undefined;
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('trace-Researcher-run-big.json');
    });
    fireEvent.click(screen.getByRole('button', { name: /Export/ }));
    expect(clicked).toHaveBeenCalledOnce();
    expect(JSON.parse(await readText(blobs[0]!))).toEqual(JSON.parse(copied));
  });
});
