/**
 * The page of bench/trace-render.ts: the app's real TracePanel and runs store, fed a generated
 * trace through the in-memory API (`?events=N&mode=stored|live`). It measures in the page and
 * exposes the results as `window.bench`.
 */
import { createRoot } from 'react-dom/client';
import { ApiProvider } from '../../src-renderer/api/context';
import { runsStoreFor } from '../../src-renderer/features/runs/store';
import { RunsTestApi } from '../../src-renderer/features/runs/test-api';
import { generateTrace } from '../../src-renderer/features/runs/trace-fixture';
import { TracePanel } from '../../src-renderer/features/runs/TracePanel';
import './styles.css';

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  over16: number;
  over33: number;
}

const params = new URLSearchParams(location.search);
const count = Number(params.get('events') ?? 10_000);
const mode = params.get('mode') === 'live' ? 'live' : 'stored';
const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

function stats(deltas: number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    frames: deltas.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted.at(-1) ?? 0,
    over16: deltas.filter((d) => d > 17.5).length,
    over33: deltas.filter((d) => d > 34).length,
  };
}

/** Frame times while `step` runs once per frame, `frames` times. */
async function measureFrames(frames: number, step: (i: number) => void): Promise<FrameStats> {
  const deltas: number[] = [];
  let last = await nextFrame();
  for (let i = 0; i < frames; i++) {
    step(i);
    const now = await nextFrame();
    deltas.push(now - last);
    last = now;
  }
  return stats(deltas);
}

const list = () => document.querySelector<HTMLElement>('[data-testid="trace-list"]');
const domRows = () => document.querySelectorAll('[data-testid="trace-row"]').length;

const api = new RunsTestApi();
const trace = generateTrace(count);
const root = trace.runs[0]!;
const store = runsStoreFor(api);
store.getState().start();
const result: Record<string, unknown> = { events: trace.events.length, mode };

let reactRoot = createRoot(document.getElementById('root')!);

/** Closes the panel and opens it again (the app warm, the trace in the store): time to paint. */
async function reopen(): Promise<number> {
  reactRoot.unmount();
  reactRoot = createRoot(document.getElementById('root')!);
  const start = performance.now();
  reactRoot.render(
    <ApiProvider client={api}>
      <TracePanel rootRunId={root.id} />
    </ApiProvider>,
  );
  while (!domRows()) await nextFrame();
  await nextFrame();
  await nextFrame();
  return performance.now() - start;
}

async function stored() {
  api.addTrace(trace);
  performance.mark('start');
  reactRoot.render(
    <ApiProvider client={api}>
      <TracePanel rootRunId={root.id} />
    </ApiProvider>,
  );
  await store.getState().watch(root.id);
  performance.mark('loaded');
  while (!domRows()) await nextFrame();
  performance.mark('rows');
  await nextFrame();
  await nextFrame();
  performance.mark('painted');
  result.loadMs = performance.measure('load', 'start', 'loaded').duration;
  result.rowsMs = performance.measure('rows', 'loaded', 'rows').duration;
  result.firstPaintMs = performance.measure('paint', 'start', 'painted').duration;
}

async function live() {
  // The run is going on: its events arrive as `run.event`, as fast as the page takes them.
  api.addTrace({ runs: [{ ...root, status: 'running', finishedAt: null }], events: [] });
  reactRoot.render(
    <ApiProvider client={api}>
      <TracePanel rootRunId={root.id} />
    </ApiProvider>,
  );
  await store.getState().watch(root.id);
  const batch = Number(params.get('batch') ?? 50);
  const started = performance.now();
  const frames = await measureFrames(Math.ceil(trace.events.length / batch), (i) => {
    for (const event of trace.events.slice(i * batch, (i + 1) * batch))
      api.emit('run.event', event);
  });
  while (
    (store.getState().events[root.id]?.length ?? 0) <
    trace.events.filter((e) => e.runId === root.id).length
  ) {
    await nextFrame();
  }
  await nextFrame();
  result.ingestMs = performance.now() - started;
  result.batch = batch;
  result.ingestFrames = frames;
}

async function scroll(pxPerFrame: number, frames: number): Promise<FrameStats> {
  const el = list()!;
  el.scrollTop = 0;
  await nextFrame();
  return measureFrames(frames, () => {
    el.scrollTop += pxPerFrame;
  });
}

async function jumps(count: number): Promise<FrameStats> {
  const el = list()!;
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  return measureFrames(count, () => {
    el.scrollTop = random() * (el.scrollHeight - el.clientHeight);
  });
}

declare global {
  interface Window {
    bench: {
      ready: Promise<Record<string, unknown>>;
      scroll: typeof scroll;
      jumps: typeof jumps;
      reopen: typeof reopen;
      domRows: typeof domRows;
    };
  }
}

window.bench = {
  ready: (mode === 'live' ? live() : stored()).then(() => ({
    ...result,
    rows: Number(list()?.dataset.count ?? 0),
    domRows: domRows(),
    heapMb: (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory
      ? Math.round(
          (performance as Performance & { memory: { usedJSHeapSize: number } }).memory
            .usedJSHeapSize / 1e6,
        )
      : undefined,
  })),
  scroll,
  jumps,
  reopen,
  domRows,
};
