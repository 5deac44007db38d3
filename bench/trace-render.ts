// Trace panel rendering in real Chromium: the app's TracePanel and runs store (bench/trace-render/,
// built with Vite), fed a generated trace through the in-memory API.
//   stored: a finished run's trace loaded with runs.trace → time to first paint of the list,
//           then scrolling (120 px per frame, and random jumps) with frame times;
//   live:   the same events arriving as run.event while the panel follows the end.
// Run: npx tsx bench/trace-render.ts   Options: --events <n,…> (default 1000,10000,50000)
//      --frames <n> (scroll frames, default 300) --batch <n> (live events per frame, default 50)
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { launchBrowser } from '../tests/helpers/browser';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const COUNTS = arg('events', '1000,10000,50000').split(',').map(Number);
const FRAMES = Number(arg('frames', '300'));
const BATCH = Number(arg('batch', '50'));

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  over16: number;
  over33: number;
}

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      ok({
        server,
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      });
    }),
  );
}

const ms = (n: unknown) => (typeof n === 'number' ? `${n.toFixed(0)} ms` : '—');
const spread = (f: FrameStats) =>
  `${f.p50.toFixed(1)} / ${f.p95.toFixed(1)} / ${f.max.toFixed(0)} ms`;
const slow = (f: FrameStats) => `${f.over16} / ${f.over33} of ${f.frames}`;

async function main() {
  const outDir = mkdtempSync(join(tmpdir(), 'af-bench-trace-'));
  await build({
    root: join(ROOT, 'bench/trace-render'),
    configFile: false,
    logLevel: 'warn',
    plugins: [react(), tailwindcss()],
    resolve: { alias: { '@shared': join(ROOT, 'src-shared') } },
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  });
  const { server, url } = await serve(outDir);
  const browser = await launchBrowser();
  const columns: [string, Record<string, string>][] = [];
  try {
    for (const count of COUNTS) {
      const page = await browser.newPage({ viewport: { width: 720, height: 900 } });
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await page.goto(`${url}/?events=${count}&mode=stored`);
      const stored = await page.evaluate<Record<string, unknown>>('window.bench.ready');
      const scroll = await page.evaluate<FrameStats>(`window.bench.scroll(120, ${FRAMES})`);
      const jumps = await page.evaluate<FrameStats>(`window.bench.jumps(${Math.min(FRAMES, 100)})`);
      const rendered = await page.evaluate<number>('window.bench.domRows()');
      const reopened = await page.evaluate<number>('window.bench.reopen()');
      await page.close();

      const livePage = await browser.newPage({ viewport: { width: 720, height: 900 } });
      await livePage.goto(`${url}/?events=${count}&mode=live&batch=${BATCH}`);
      const live = await livePage.evaluate<Record<string, unknown>>('window.bench.ready');
      await livePage.close();

      const ingest = live.ingestFrames as FrameStats;
      columns.push([
        `${Number(stored.events).toLocaleString('en-US')} events`,
        {
          'timeline rows (DOM rows)': `${String(stored.rows)} (${rendered})`,
          'runs.trace load + parse': ms(stored.loadMs),
          'first paint of the list (cold)': ms(stored.firstPaintMs),
          'open again, warm: first paint': ms(reopened),
          'JS heap after load': stored.heapMb ? `${String(stored.heapMb)} MB` : '—',
          'scroll 120 px/frame: p50 / p95 / max': spread(scroll),
          'scroll: frames >16.7 / >33 ms': slow(scroll),
          'random jumps: p50 / p95 / max': spread(jumps),
          'random jumps: frames >16.7 / >33 ms': slow(jumps),
          [`live ${BATCH} ev/frame: total`]: ms(live.ingestMs),
          'live: frame p50 / p95 / max': spread(ingest),
          'live: frames >16.7 / >33 ms': slow(ingest),
        },
      ]);
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  const metrics = Object.keys(columns[0]?.[1] ?? {});
  const table = Object.fromEntries(
    metrics.map((metric) => [
      metric,
      Object.fromEntries(columns.map(([name, values]) => [name, values[metric]])),
    ]),
  );
  console.log(
    `\nTrace panel in Chromium (headless, 720×900 viewport, ${FRAMES} scroll frames); times from performance marks\n`,
  );
  console.table(table);
}

await main();
