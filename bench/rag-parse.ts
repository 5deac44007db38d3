// RAG ingestion throughput: parse + chunk (in the parse worker processes) per format, and local
// embedding. Run: npx tsx bench/rag-parse.ts   (needs `node scripts/fetch-model.mjs` first)
// Options: --mb <n> corpus size per format in MB (default 2), --chunks <n> chunks to embed (default 256).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ParseTaskResult } from '../src-main/engine/rag/index';
import { makeDocx, type DocxBlock } from '../tests/rag/generate/docx';
import { makePdf } from '../tests/rag/generate/pdf';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const targetBytes = arg('mb', 2) * 1024 * 1024;
const embedCount = arg('chunks', 256);

const WORDS = 'agent retrieval document vector index search answer context model token chunk parse embed worker page heading'.split(' ');
let seed = 42;
const word = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return WORDS[seed % WORDS.length] as string;
};
const sentence = () => `${Array.from({ length: 8 + (seed % 12) }, word).join(' ')}.`;
const paragraph = () => Array.from({ length: 4 }, sentence).join(' ');

function repeatUntil(size: number, make: (i: number) => string): string {
  const parts: string[] = [];
  let total = 0;
  for (let i = 0; total < size; i++) {
    const part = make(i);
    parts.push(part);
    total += part.length;
  }
  return parts.join('');
}

async function corpora(): Promise<{ format: string; name: string; bytes: Uint8Array }[]> {
  const md = repeatUntil(targetBytes, (i) => `${i % 5 === 0 ? `## Section ${i}\n\n` : ''}${paragraph()}\n\n`);
  const html = `<html><body><article>${repeatUntil(targetBytes, (i) => `${i % 5 === 0 ? `<h2>Section ${i}</h2>` : ''}<p>${paragraph()}</p>`)}</article></body></html>`;
  const code = repeatUntil(targetBytes, (i) => `export function f${i}(a: number): number {\n  // ${sentence()}\n  return a * ${i};\n}\n\n`);
  const csv = `id,text\n${repeatUntil(targetBytes, (i) => `${i},"${sentence()}"\n`)}`;
  const json = JSON.stringify(Array.from({ length: Math.ceil(targetBytes / 120) }, (_, i) => ({ id: i, text: sentence() })));
  const pdfPages = Array.from({ length: Math.max(1, Math.round(targetBytes / 4000)) }, () => Array.from({ length: 40 }, () => sentence().slice(0, 90)));
  const docxBlocks: DocxBlock[] = [];
  for (let i = 0, size = 0; size < targetBytes; i++) {
    const text = paragraph();
    docxBlocks.push(i % 5 === 0 ? { heading: 2 as const, text: `Section ${i}` } : { text });
    size += text.length;
  }
  const enc = (s: string) => new TextEncoder().encode(s);
  return [
    { format: 'text', name: 'bench.txt', bytes: enc(md.replace(/## /g, '')) },
    { format: 'markdown', name: 'bench.md', bytes: enc(md) },
    { format: 'html', name: 'bench.html', bytes: enc(html) },
    { format: 'code', name: 'bench.ts', bytes: enc(code) },
    { format: 'csv', name: 'bench.csv', bytes: enc(csv) },
    { format: 'json', name: 'bench.json', bytes: enc(json) },
    { format: 'pdf', name: 'bench.pdf', bytes: await makePdf(pdfPages) },
    { format: 'docx', name: 'bench.docx', bytes: makeDocx(docxBlocks) },
  ];
}

async function main(): Promise<void> {
  // Loaded here, not at the top: see the tsconfig note at the end of the file.
  const { createDocumentParser, createLocalEmbedder, localTokenizerSpec } = await import('../src-main/engine/rag/index');
  const dir = mkdtempSync(join(tmpdir(), 'af-bench-rag-'));
  const parser = createDocumentParser({ workers: 1 });
  const rows: string[][] = [];
  let sample: ParseTaskResult | undefined;
  try {
    const files = await corpora();
    // Warm the worker (process start, tokenizer load) so it does not count against the first format.
    await parser.parseBytes(new TextEncoder().encode('warm up'), 'warm.md', {
      chunking: { documentId: 'w', tokenizer: localTokenizerSpec() },
    });
    for (const { format, name, bytes } of files) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const started = performance.now();
      const result = await parser.parseFile(path, { chunking: { documentId: name, tokenizer: localTokenizerSpec() } });
      const seconds = (performance.now() - started) / 1000;
      sample ??= result;
      const mb = bytes.byteLength / 1024 / 1024;
      rows.push([
        format,
        mb.toFixed(2),
        String(result.chunks?.length ?? 0),
        seconds.toFixed(2),
        (mb / seconds).toFixed(2),
        ((result.chunks?.length ?? 0) / seconds).toFixed(0),
      ]);
    }
  } finally {
    await parser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(['format', 'MB', 'chunks', 'seconds', 'MB/s', 'chunks/s'], rows, 'Parse + chunk (MiniLM tokenizer, 256-token chunks)');

  const embedder = createLocalEmbedder();
  try {
    const texts = (sample?.chunks ?? []).map((c) => c.text);
    while (texts.length < embedCount) texts.push(...texts.slice(0, embedCount - texts.length));
    await embedder.embed(texts.slice(0, 4)); // model load
    const started = performance.now();
    await embedder.embed(texts.slice(0, embedCount));
    const seconds = (performance.now() - started) / 1000;
    printTable(
      ['model', 'chunks', 'seconds', 'chunks/s'],
      [[`${embedder.model} (${embedder.id})`, String(embedCount), seconds.toFixed(2), (embedCount / seconds).toFixed(1)]],
      'Local embedding (worker thread, batches of 32)',
    );
  } finally {
    await embedder.close?.();
  }
}

function printTable(header: string[], rows: string[][], title: string): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

// The `@shared/*` alias lives in tsconfig.node.json; tsx reads ./tsconfig.json unless told
// otherwise, so re-run with TSX_TSCONFIG_PATH set when it is missing.
if (process.env.TSX_TSCONFIG_PATH) {
  await main();
} else {
  const { status } = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: resolve(import.meta.dirname, '..', 'tsconfig.node.json') },
  });
  process.exitCode = status ?? 1;
}
