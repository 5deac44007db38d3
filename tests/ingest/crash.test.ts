import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestJob } from '@shared/api/ingest';
import { IngestRepository } from '../../src-main/engine/rag/ingest/index';
import { KbDocumentRepository } from '../../src-main/engine/rag/kb/index';
import { openStore } from '../../src-main/engine/store/index';
import { writeSmallFiles } from './corpus';

const ROOT = resolve(import.meta.dirname, '../..');
const FILES = 1000;

type Line = { job?: string; ack?: string; documentId?: string; chunks?: number; done?: IngestJob };

/** Starts the ingestion child (node --import tsx, so SIGKILL reaches the process doing the work). */
function child(dataDir: string, folder: string, mode: 'start' | 'resume') {
  const proc: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'tests/ingest/crash-child.ts'), dataDir, folder, mode],
    { cwd: ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  const lines = createInterface({ input: proc.stdout });
  return { proc, exited, lines, stderr: () => stderr };
}

describe('an ingestion killed with SIGKILL part-way', () => {
  const root = mkdtempSync(join(tmpdir(), 'af-ingest-crash-'));
  const folder = join(root, 'files');
  const dataDir = join(root, 'data');
  let running: ReturnType<typeof child> | undefined;
  afterAll(() => {
    running?.proc.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  // 1,000 files through the embedded store twice started: allow for a slow, shared CI machine.
  it('resumes on the next start and finishes; every file acknowledged before the kill has all its chunks', { timeout: 300_000 }, async () => {
    writeSmallFiles(folder, FILES);
    const acked = new Map<string, { documentId: string; chunks: number }>();
    let jobId: string | undefined;

    running = child(dataDir, folder, 'start');
    const first = running;
    await new Promise<void>((done, fail) => {
      first.lines.on('line', (text) => {
        const line = JSON.parse(text) as Line;
        if (line.job) jobId = line.job;
        if (line.ack) acked.set(line.ack, { documentId: line.documentId!, chunks: line.chunks! });
        if (acked.size === 150) {
          first.proc.kill('SIGKILL');
          done();
        }
      });
      void first.exited.then(({ code }) => fail(new Error(`the child ended (${code}) before the kill:\n${first.stderr()}`)));
    });
    expect((await first.exited).signal).toBe('SIGKILL');
    const beforeKill = new Map(acked);

    running = child(dataDir, folder, 'resume');
    const second = running;
    const finished = await new Promise<IngestJob>((done, fail) => {
      second.lines.on('line', (text) => {
        const line = JSON.parse(text) as Line;
        if (line.ack) acked.set(line.ack, { documentId: line.documentId!, chunks: line.chunks! });
        if (line.done) done(line.done);
      });
      void second.exited.then(({ code }) => fail(new Error(`the resumed child ended (${code}) without finishing:\n${second.stderr()}`)));
    });
    expect((await second.exited).code).toBe(0);
    running = undefined;

    expect(finished).toMatchObject({ id: jobId, status: 'done', counts: { total: FILES, failed: 0, cancelled: 0 } });
    // Files whose chunks were written just before the kill, but not yet acknowledged, are skipped as unchanged.
    expect(finished.counts.done + finished.counts.skipped).toBe(FILES);

    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      const documents = new KbDocumentRepository(store.db);
      const { documents: all, total } = await documents.list(finished.kbId, { limit: FILES, offset: 0 });
      expect(total).toBe(FILES);
      expect(all.every((d) => d.status === 'ready' && d.chunkCount === 1)).toBe(true);
      for (const [path, ack] of beforeKill) {
        const doc = all.find((d) => d.path === path);
        expect(doc, path).toMatchObject({ id: ack.documentId, status: 'ready', chunkCount: ack.chunks });
        const chunks = await documents.chunks(ack.documentId);
        expect(chunks.map((c) => c.index)).toEqual([...Array(ack.chunks).keys()]);
      }
      const { items } = await new IngestRepository(store.db).items(jobId!, { limit: FILES, offset: 0 });
      expect(items.filter((i) => i.status === 'running' || i.status === 'pending')).toEqual([]);
      // The files in flight at the kill were claimed again after the restart.
      expect(items.some((i) => i.attempts > 1)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
