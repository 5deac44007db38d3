import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJob } from '@shared/api/ingest';
import { startFakeOllama, type FakeLlm } from '../fakes/index';
import { makeCorruptPdf } from '../rag/generate/hostile';
import { makePdf } from '../rag/generate/pdf';
import { runCli, startServe, tempDataDir, type Served } from '../helpers/serve';

interface JsonHit {
  path: string;
  page: number | null;
  start: number;
  end: number;
  text: string;
  headingPath: string[];
  scores: { fused: number; keyword?: number };
}

/**
 * `agent-factory kb create|list`, `ingest` and `search` through a running `serve` (progress arrives
 * as events over the WebSocket), then with the engine in the CLI process; Ollama embeddings come
 * from the protocol fake.
 */
describe('agent-factory kb, ingest and search', () => {
  const dataDir = tempDataDir('af-cli-kb-');
  const docs = join(dataDir, 'docs');
  let fake: FakeLlm;
  let served: Served | undefined;
  const previousHost = process.env.OLLAMA_HOST;

  beforeAll(async () => {
    fake = await startFakeOllama({ embeddingDimension: 64 });
    process.env.OLLAMA_HOST = fake.url; // read by the CLI's engine (inherited environment)
    mkdirSync(join(docs, 'notes'), { recursive: true });
    writeFileSync(join(docs, 'report.pdf'), await makePdf([['Quarterly report'], ['The lighthouse keeper rows ashore.']]));
    writeFileSync(join(docs, 'notes', 'bread.md'), '# Bread\n\nKnead the sourdough gently.\n');
    served = await startServe(dataDir, { OLLAMA_HOST: fake.url });
  });
  afterAll(async () => {
    await served?.stop();
    await fake.close();
    if (previousHost === undefined) delete process.env.OLLAMA_HOST;
    else process.env.OLLAMA_HOST = previousHost;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates and lists a knowledge base', async () => {
    const created = await runCli(dataDir, ['kb', 'create', 'Docs', '--embedder', 'ollama', '--model', 'fake-embed', '--dimensions', '64', '--json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'Docs', storeKind: 'pgvector', embedding: { model: 'fake-embed', dimensions: 64 } });
    const bad = await runCli(dataDir, ['kb', 'create', 'Other', '--store', 'qdrant']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('qdrant');
    // A local model must be one the engine knows (the shipped one or one added in Settings).
    const unknown = await runCli(dataDir, ['kb', 'create', 'Other', '--model', 'no-such-model']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no-such-model');
    expect(unknown.stderr).toContain('all-MiniLM-L6-v2');
  });

  it('ingests a folder with one line per file when not on a terminal, then skips unchanged files', async () => {
    const first = await runCli(dataDir, ['ingest', 'docs', docs]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`done     ${join(docs, 'report.pdf')} (`);
    expect(first.stdout).toContain(`done     ${join(docs, 'notes', 'bread.md')} (1 chunks)`);
    expect(first.stdout).toMatch(/Done: 2 file\(s\) — 2 ingested or removed, 0 unchanged, 0 failed/);
    const embedCalls = fake.requests.filter((r) => r.path === '/api/embed').length;
    expect(embedCalls).toBeGreaterThan(0);

    const again = await runCli(dataDir, ['ingest', 'Docs', docs, '--json']);
    const { job } = JSON.parse(again.stdout) as { job: IngestJob };
    expect(job.counts).toMatchObject({ total: 2, skipped: 2, done: 0 });
    expect(fake.requests.filter((r) => r.path === '/api/embed').length).toBe(embedCalls);
    const listed = await runCli(dataDir, ['kb', 'list']);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+STORE\s+EMBEDDER\s+DOCUMENTS\s+FAILED\s+CHUNKS\n\S+\s+Docs\s+pgvector\s+ollama:fake-embed\s+2\s+0\s+\d+\n$/);
  });

  it('searches with citations as JSON', async () => {
    const result = await runCli(dataDir, ['search', 'Docs', 'lighthouse', 'keeper', '--mode', 'keyword', '-k', '3', '--json']);
    expect(result.code).toBe(0);
    const hits = JSON.parse(result.stdout) as JsonHit[];
    expect(hits[0]).toMatchObject({ path: join(docs, 'report.pdf'), page: 2, text: expect.stringContaining('lighthouse keeper') });
    expect(hits[0]!.end - hits[0]!.start).toBe(hits[0]!.text.length);
    expect(hits[0]!.scores.keyword).toBeGreaterThan(0);
    const text = await runCli(dataDir, ['search', 'Docs', 'sourdough']);
    expect(text.stdout).toContain(`[1] ${join(docs, 'notes', 'bread.md')} (Bread, chars `);
  });

  it('reports a file that cannot be read, as JSON, and exits with 1 (engine in the CLI process)', async () => {
    await served?.stop();
    served = undefined;
    writeFileSync(join(docs, 'broken.pdf'), makeCorruptPdf());
    const result = await runCli(dataDir, ['ingest', 'Docs', docs, '--json']);
    expect(result.code).toBe(1);
    const { job, failed } = JSON.parse(result.stdout) as { job: IngestJob; failed: Array<{ path: string; error: { reason: string } }> };
    expect(job.counts).toMatchObject({ total: 3, failed: 1, skipped: 2 });
    expect(failed).toEqual([{ path: join(docs, 'broken.pdf'), error: expect.objectContaining({ reason: 'corrupt', hint: expect.any(String) }) }]);
  });
});
