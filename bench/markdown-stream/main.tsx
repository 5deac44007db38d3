/**
 * The page of bench/markdown-stream.ts: streams a long Markdown answer into the app's Markdown
 * component (`?component=app`) or into a plain react-markdown render of the whole text on every
 * delta (`?component=naive`, the baseline), `?rate=N` deltas per second (0: as fast as the page
 * takes them). It measures frames and long tasks in the page and exposes them as `window.bench`.
 */
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import ReactMarkdown from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { Markdown } from '../../src-renderer/ui/Markdown';
import { generateAnswer, toDeltas } from './answer';
import './styles.css';

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  over50: number;
}

const params = new URLSearchParams(location.search);
const component = params.get('component') === 'naive' ? 'naive' : 'app';
const rate = Number(params.get('rate') ?? 1000);
const size = Number(params.get('size') ?? 50_000);
const answer = generateAnswer(size);
const deltas = toDeltas(answer);
const citations = [1, 2, 3, 4, 5].map((n) => ({ n, label: `Source ${n}`, onOpen: () => {} }));

let push: (text: string) => void = () => {};
let mounted = false;

function App() {
  const [text, setText] = useState('');
  useEffect(() => {
    push = setText;
    mounted = true;
  }, []);
  return (
    <div className="mx-auto max-w-3xl p-4" data-testid="answer">
      {component === 'naive' ? (
        <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeHighlight]}>
          {text}
        </ReactMarkdown>
      ) : (
        <Markdown text={text} citations={citations} />
      )}
    </div>
  );
}

function stats(deltas: number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    frames: deltas.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted.at(-1) ?? 0,
    over50: deltas.filter((d) => d > 50).length,
  };
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

async function run() {
  createRoot(document.getElementById('root')!).render(<App />);
  while (!mounted) await nextFrame();
  await nextFrame();

  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });

  // Frame times while the deltas arrive.
  const frames: number[] = [];
  let streaming = true;
  void (async () => {
    let last = await nextFrame();
    while (streaming) {
      const now = await nextFrame();
      frames.push(now - last);
      last = now;
    }
  })();

  const start = performance.now();
  let text = '';
  let sent = 0;
  // Deltas arrive as messages (as run.event does over IPC): each message task takes every delta
  // due by then at `rate` per second, or one delta when unpaced.
  await new Promise<void>((done) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const due =
        rate > 0
          ? Math.min(deltas.length, Math.floor(((performance.now() - start) * rate) / 1000))
          : sent + 1;
      if (due > sent) {
        while (sent < due) text += deltas[sent++]!;
        push(text);
      }
      if (sent < deltas.length) {
        if (rate > 0 && due === sent) setTimeout(() => channel.port2.postMessage(0), 1);
        else channel.port2.postMessage(0);
      } else done();
    };
    channel.port2.postMessage(0);
  });
  const sentAt = performance.now();
  const root = document.querySelector('[data-testid="answer"]')!;
  while (!root.textContent?.includes('END-OF-ANSWER')) await nextFrame();
  const end = performance.now();
  streaming = false;
  await nextFrame();
  observer.disconnect();
  return {
    component,
    rate,
    chars: answer.length,
    deltas: deltas.length,
    totalMs: end - start,
    catchUpMs: end - sentAt,
    frames: stats(frames),
    longTasks: longTasks.length,
    longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
    blocks: root.querySelectorAll('.af-markdown > *').length || root.children[0]?.children.length,
    codeBlocks: root.querySelectorAll('pre').length,
    tables: root.querySelectorAll('table').length,
  };
}

declare global {
  interface Window {
    bench: { done: Promise<Record<string, unknown>> };
  }
}

window.bench = { done: run() };
