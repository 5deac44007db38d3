// Streaming a long Markdown answer into the app's Markdown component (src-renderer/ui/Markdown),
// in real Chromium: a generated ~50,000-character answer (headings, paragraphs, lists, task
// lists, tables, fenced code in four languages, links, citations) arrives in deltas of 1–12
// characters, as messages (like run.event over IPC). Compared with a plain react-markdown render
// of the whole text on every update (the baseline the component avoids).
// Run: npx tsx bench/markdown-stream.ts   (or npm run bench -- markdown-stream)
// Options: --size <chars> (default 50000)  --rates <deltas/s,…> (default 1000,0; 0 = unpaced,
//          one delta per message as fast as the page takes them)  --baseline false (skip the
//          plain react-markdown baseline, which runs at paced rates only)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { build, preview } from 'vite';
import { launchBrowser } from '../tests/helpers/browser';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const SIZE = Number(arg('size', '50000'));
const RATES = arg('rates', '1000,0').split(',').map(Number);
const BASELINE = arg('baseline', 'true') !== 'false';

interface Result {
  component: string;
  rate: number;
  chars: number;
  deltas: number;
  totalMs: number;
  catchUpMs: number;
  frames: { frames: number; p50: number; p95: number; max: number; over50: number };
  longTasks: number;
  longestTaskMs: number;
  blocks: number;
  codeBlocks: number;
  tables: number;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

async function main() {
  const outDir = mkdtempSync(join(tmpdir(), 'af-bench-markdown-'));
  await build({
    root: join(ROOT, 'bench/markdown-stream'),
    configFile: false,
    logLevel: 'warn',
    plugins: [react(), tailwindcss()],
    resolve: { alias: { '@shared': join(ROOT, 'src-shared') } },
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  });
  const server = await preview({
    root: join(ROOT, 'bench/markdown-stream'),
    configFile: false,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, open: false },
  });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  const browser = await launchBrowser();
  const columns: [string, Record<string, string>][] = [];
  try {
    const runs = RATES.flatMap((rate) => [
      { component: 'app', rate },
      // Unpaced, the baseline would parse the whole text once per delta: minutes, not a figure.
      ...(BASELINE && rate > 0 ? [{ component: 'naive', rate }] : []),
    ]);
    for (const { component, rate } of runs) {
      const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await page.goto(`${url}?component=${component}&rate=${rate}&size=${SIZE}`);
      const r = await page.evaluate<Result>('window.bench.done');
      await page.close();
      columns.push([
        `${component === 'app' ? 'Markdown' : 'naive'} @ ${rate ? `${rate.toLocaleString('en-US')}/s` : 'unpaced'}`,
        {
          'answer (chars / deltas)': `${r.chars.toLocaleString('en-US')} / ${r.deltas.toLocaleString('en-US')}`,
          'total: first delta → last rendered': ms(r.totalMs),
          'catch-up after the last delta': ms(r.catchUpMs),
          'frame p50 / p95 / max': `${r.frames.p50.toFixed(1)} / ${r.frames.p95.toFixed(1)} / ${r.frames.max.toFixed(0)} ms`,
          'frames > 50 ms (of all)': `${r.frames.over50} of ${r.frames.frames}`,
          'long tasks (count / longest)': `${r.longTasks} / ${ms(r.longestTaskMs)}`,
          'rendered: code blocks / tables': `${r.codeBlocks} / ${r.tables}`,
        },
      ]);
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
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
    `\nStreaming a ${SIZE.toLocaleString('en-US')}-character Markdown answer in Chromium (headless, 900×900); "Markdown" is ui/Markdown, "naive" re-renders the whole text with react-markdown on every update\n`,
  );
  console.table(table);
}

await main();
