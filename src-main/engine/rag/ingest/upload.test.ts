import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '@shared/api/upload';
import { BAG_OF_WORDS, countingEmbedders } from '../../../../tests/ingest/harness';
import { createBus } from '../../bus/bus';
import { openStore, type Store } from '../../store/index';
import { KnowledgeBaseService } from '../kb/index';
import { createVectorStores } from '../store/index';
import { createKnowledgeIngestion, type KnowledgeIngestion } from './capability';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const VALVE = '# Boiler valve\n\nInstall the pressure relief valve before filling the boiler.\n';
const BREAD = 'Sourdough bread: feed the starter, knead the dough, bake at 230 degrees.\n';

describe('uploads into a knowledge base (PGlite, real parser workers)', () => {
  const root = mkdtempSync(join(tmpdir(), 'af-upload-'));
  const uploadsDir = join(root, 'uploads');
  const partial = join(uploadsDir, '.partial');
  let store: Store;
  let kb: KnowledgeBaseService;
  let ingestion: KnowledgeIngestion;
  let kbId: string;
  const embedders = countingEmbedders({ calls: 0, texts: [] });
  const stores = () => createVectorStores({ db: store.db });
  let vectorStores: ReturnType<typeof stores>;

  /** Sends each file in chunks of `size` characters and finishes, waiting for the job to end. */
  const upload = async (files: Record<string, string>, id = kbId, size = 16) => {
    const entries = Object.entries(files);
    const { uploadId, skipped } = await ingestion.uploads.begin({
      kbId: id,
      files: entries.map(([relativePath, text]) => ({ relativePath, bytes: Buffer.byteLength(text) })),
    });
    for (const [i, [, text]] of entries.entries()) {
      if (skipped.includes(i)) continue;
      for (let offset = 0; offset < text.length; offset += size)
        await ingestion.uploads.chunk(uploadId, i, offset, b64(text.slice(offset, offset + size)));
    }
    const job = await ingestion.uploads.finish(uploadId);
    return { job: await ingestion.ingest.waitFor(job.id), skipped };
  };
  const stored = (...parts: string[]) => join(uploadsDir, kbId, ...parts);
  const partials = () => (existsSync(partial) ? readdirSync(partial) : []);

  beforeAll(async () => {
    store = await openStore({ kind: 'pglite-memory' });
    const bus = createBus();
    vectorStores = stores();
    kb = new KnowledgeBaseService({ db: store.db, bus, stores: vectorStores, embedders });
    ingestion = createKnowledgeIngestion({
      db: store.db,
      bus,
      kb,
      stores: vectorStores,
      embedders,
      builtins: { register: () => undefined },
      providerFor: () => {
        throw new Error('no model in this test');
      },
      uploadsDir,
      processor: { pollMs: 100 },
    });
    await ingestion.start();
    kbId = (await kb.create({ name: 'Uploads', embedder: BAG_OF_WORDS, chunking: { maxTokens: 64, overlapTokens: 8 } })).id;
  });
  afterAll(async () => {
    await ingestion?.close();
    await embedders.close();
    await vectorStores?.close();
    await store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses paths that leave the upload, and writes nothing', async () => {
    for (const relativePath of ['../evil.md', 'a/../../evil.md', '/etc/evil.md', 'C:/evil.md', 'a\\evil.md', 'a//b.md', './a.md', 'nul\0.md', '']) {
      await expect(ingestion.uploads.begin({ kbId, files: [{ relativePath, bytes: 1 }] }), relativePath).rejects.toMatchObject({
        code: 'VALIDATION',
        issues: [expect.objectContaining({ path: ['files', 0, 'relativePath'] })],
      });
    }
    await expect(
      ingestion.uploads.begin({ kbId, files: [{ relativePath: 'a', bytes: 1 }, { relativePath: 'a/b.md', bytes: 1 }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('both a file and a folder') });
    expect(existsSync(join(root, 'evil.md')) || existsSync(join(uploadsDir, 'evil.md'))).toBe(false);
    expect(partials()).toEqual([]);
    expect(ingestion.uploads.open).toBe(0);
  });

  it('refuses a file over the parser’s size limit, and bytes beyond what was announced', async () => {
    await expect(
      ingestion.uploads.begin({ kbId, files: [{ relativePath: 'big.pdf', bytes: MAX_DOCUMENT_BYTES + 1 }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION', issues: [{ path: ['files', 0, 'bytes'], message: expect.stringMatching(/^Too large/) }] });
    const { uploadId } = await ingestion.uploads.begin({ kbId, files: [{ relativePath: 'small.txt', bytes: 3 }] });
    await expect(ingestion.uploads.chunk(uploadId, 0, 0, b64('four'))).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(ingestion.uploads.chunk(uploadId, 1, 0, b64('x'))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await ingestion.uploads.cancel(uploadId)).toBe(true);
  });

  it('takes chunks only in order, and finishes only whole files', async () => {
    const { uploadId } = await ingestion.uploads.begin({ kbId, files: [{ relativePath: 'order.txt', bytes: 8 }] });
    await expect(ingestion.uploads.chunk(uploadId, 0, 4, b64('efgh'))).rejects.toMatchObject({
      code: 'CONFLICT',
      hint: expect.stringContaining('offset 0'),
    });
    expect(await ingestion.uploads.chunk(uploadId, 0, 0, b64('abcd'))).toEqual({ received: 4 });
    await expect(ingestion.uploads.chunk(uploadId, 0, 0, b64('abcd'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(ingestion.uploads.finish(uploadId)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('4 of its 8 bytes'),
    });
    expect(await ingestion.uploads.cancel(uploadId)).toBe(true);
    expect(existsSync(stored('order.txt'))).toBe(false);
  });

  it('stores finished files in place and ingests them; the same files again are skipped, changed ones updated', async () => {
    const first = await upload({ 'notes/valve.md': VALVE, 'bread.txt': BREAD, 'notes/.DS_Store': 'x', 'notes/node_modules/x.md': 'y' });
    expect(first.skipped).toEqual([2, 3]);
    expect(first.job).toMatchObject({ status: 'done', source: 'manual', counts: { total: 2, done: 2, failed: 0 } });
    expect(readFileSync(stored('notes', 'valve.md'), 'utf8')).toBe(VALVE);
    expect(existsSync(stored('notes', '.DS_Store'))).toBe(false);
    const { documents } = await kb.listDocuments(kbId, { limit: 10 });
    expect(documents.map((d) => [d.path, d.title, d.status]).sort()).toEqual([
      [stored('bread.txt'), 'bread.txt', 'ready'],
      [stored('notes', 'valve.md'), 'Boiler valve', 'ready'],
    ]);
    const { hits } = await kb.search({ kbIds: [kbId], query: 'pressure relief valve', mode: 'keyword', k: 1 });
    expect(hits[0]?.document.path).toBe(stored('notes', 'valve.md'));

    const again = await upload({ 'notes/valve.md': VALVE, 'bread.txt': `${BREAD}Rest it overnight.\n` });
    expect(again.job.counts).toMatchObject({ total: 2, done: 1, skipped: 1 });
    const after = await kb.listDocuments(kbId, { limit: 10 });
    expect(after.total).toBe(2);
    expect(after.documents.find((d) => d.path === stored('notes', 'valve.md'))?.id).toBe(
      documents.find((d) => d.path === stored('notes', 'valve.md'))?.id,
    );
    expect(partials()).toEqual([]);
  });

  it('decides a name at begin: one that only starts with two dots is accepted and stored inside', async () => {
    const { job, skipped } = await upload({ '..%2fx.txt': 'two dots and an escape in a name' });
    expect(skipped).toEqual([]);
    expect(job).toMatchObject({ status: 'done', counts: { total: 1, done: 1, failed: 0 } });
    expect(readFileSync(stored('..%2fx.txt'), 'utf8')).toBe('two dots and an escape in a name');
    expect(existsSync(join(uploadsDir, 'x.txt'))).toBe(false);
  });

  it('cancels an upload with what it received; later calls say it is gone', async () => {
    const { uploadId } = await ingestion.uploads.begin({ kbId, files: [{ relativePath: 'gone/cancel.md', bytes: 10 }] });
    await ingestion.uploads.chunk(uploadId, 0, 0, b64('hello'));
    expect(partials()).toEqual([uploadId]);
    expect(await ingestion.uploads.cancel(uploadId)).toBe(true);
    expect(partials()).toEqual([]);
    expect(existsSync(stored('gone'))).toBe(false);
    await expect(ingestion.uploads.chunk(uploadId, 0, 5, b64('world'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      hint: expect.stringContaining('kb.upload.begin'),
    });
    await expect(ingestion.uploads.finish(uploadId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await ingestion.uploads.cancel(uploadId)).toBe(false);
  });

  it('leaves nothing of an upload that cannot be stored', async () => {
    await upload({ 'clash.txt': 'a file named like a folder' });
    const { uploadId } = await ingestion.uploads.begin({
      kbId,
      files: [
        { relativePath: 'fresh.txt', bytes: 5 },
        { relativePath: 'clash.txt/inner.txt', bytes: 5 },
      ],
    });
    await ingestion.uploads.chunk(uploadId, 0, 0, b64('fresh'));
    await ingestion.uploads.chunk(uploadId, 1, 0, b64('inner'));
    await expect(ingestion.uploads.finish(uploadId)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(existsSync(stored('fresh.txt'))).toBe(false);
    expect(readFileSync(stored('clash.txt'), 'utf8')).toBe('a file named like a folder');
    expect(partials()).toEqual([]);
  });

  it('deletes the stored copy with its document, and every file with its knowledge base', async () => {
    const { documents } = await kb.listDocuments(kbId, { limit: 10 });
    const valve = documents.find((d) => d.path === stored('notes', 'valve.md'))!;
    expect(await ingestion.handlers['kb.document.delete']({ id: valve.id }, { origin: 'internal' })).toEqual({ deleted: true });
    await expect.poll(() => existsSync(stored('notes'))).toBe(false);
    expect(existsSync(stored('bread.txt'))).toBe(true);

    const other = await kb.create({ name: 'Other', embedder: BAG_OF_WORDS });
    await upload({ 'other.md': '# Other\n\nSomething else entirely.\n' }, other.id);
    const open = await ingestion.uploads.begin({ kbId: other.id, files: [{ relativePath: 'late.md', bytes: 4 }] });
    await kb.delete(other.id);
    await expect.poll(() => existsSync(join(uploadsDir, other.id))).toBe(false);
    await expect(ingestion.uploads.chunk(open.uploadId, 0, 0, b64('late'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(partials()).toEqual([]);
  });

  it('drops abandoned uploads after the idle timeout and, at start, whatever a previous run left', async () => {
    const { UploadService } = await import('./upload');
    const service = new UploadService({ root: uploadsDir, ingest: ingestion.ingest, kb, idleTimeoutMs: 50 });
    const { uploadId } = await service.begin({ kbId, files: [{ relativePath: 'idle.md', bytes: 4 }] });
    expect(partials()).toContain(uploadId);
    await expect.poll(() => partials()).not.toContain(uploadId);
    await expect(service.chunk(uploadId, 0, 0, b64('idle'))).rejects.toMatchObject({ code: 'NOT_FOUND' });

    mkdirSync(join(partial, 'crashed'), { recursive: true });
    writeFileSync(join(partial, 'crashed', '0'), 'half a file');
    mkdirSync(join(uploadsDir, 'deleted-kb'), { recursive: true });
    writeFileSync(join(uploadsDir, 'deleted-kb', 'a.md'), 'orphan');
    await service.start();
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(join(uploadsDir, 'deleted-kb'))).toBe(false);
    expect(existsSync(stored('bread.txt'))).toBe(true);
  });
});
