import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, MethodInput, MethodName, MethodOutput } from '@shared/api/index';
import type { AppError } from '@shared/errors';
import { unwrapResult } from '@shared/wire';
import { createEngine, type Engine } from '../../src-main/engine/engine';
import { defaultModelsDir, isLocalModelPresent } from '../../src-main/engine/rag/index';
import { LocalModelRegistry } from '../../src-main/engine/rag/models/index';
import { createRouter, type Router } from '../../src-main/transport/router';

const SHIPPED = join(defaultModelsDir(), 'onnx-community', 'all-MiniLM-L6-v2-ONNX');
const DATA_FILE = 'onnx/model_q4.onnx_data';

/**
 * A stand-in for the Hugging Face hub on 127.0.0.1, serving the shipped model's files as
 * `/<repo>/resolve/<revision>/<file>` with Content-Length. `fake-org/truncated` breaks off the
 * weights' data file; `fake-org/slow` sends a little of it and then waits (to be cancelled).
 */
function startHub(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const send = (res: ServerResponse, file: string, mode: 'full' | 'truncated' | 'stall') => {
    const path = join(SHIPPED, file);
    const size = statSync(path).size;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    if (mode === 'full') return void createReadStream(path).pipe(res);
    const head = createReadStream(path, { start: 0, end: 2 * 1024 * 1024 - 1 });
    head.on('data', (chunk) => res.write(chunk));
    head.on('end', () => {
      if (mode === 'truncated') res.socket?.destroy();
    });
  };
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const match = /^\/(fake-org\/[\w.-]+)\/resolve\/([^/]+)\/(.+)$/.exec(req.url ?? '');
    const [, repo, , file] = match ?? [];
    const known = ['fake-org/minilm-copy', 'fake-org/truncated', 'fake-org/slow'];
    if (!repo || !file || !known.includes(repo) || file.includes('..') || !existsSync(join(SHIPPED, file))) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const mode = file !== DATA_FILE ? 'full' : repo === 'fake-org/truncated' ? 'truncated' : repo === 'fake-org/slow' ? 'stall' : 'full';
    send(res, file, mode);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => {
          server.closeAllConnections();
          return new Promise<void>((r) => server.close(() => r()));
        },
      }),
    ),
  );
}

describe('local embedding models: add a folder, download from the hub, use and remove', () => {
  const root = mkdtempSync(join(tmpdir(), 'af-local-models-'));
  const dataDir = join(root, 'data');
  const folder = join(root, 'my-minilm');
  const docs = join(root, 'docs');
  let hub: Awaited<ReturnType<typeof startHub>>;
  let engine: Engine;
  let router: Router;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    unwrapResult(await router.dispatch(method, input, { origin: 'internal' }));
  const failure = async (p: Promise<unknown>): Promise<AppError> =>
    p.then(
      () => {
        throw new Error('expected a failure');
      },
      (e: AppError) => e,
    );
  const leftovers = () => (existsSync(join(dataDir, 'models', 'fake-org')) ? readdirSync(join(dataDir, 'models', 'fake-org')) : []);
  const partials = () => readdirSync(join(dataDir, 'models', 'fake-org')).filter((f) => f.startsWith('.partial-'));

  /** Ingests the docs folder into a new knowledge base on `model` and finds the tea note by vector search. */
  async function ingestAndFind(model: string, name: string) {
    const kb = await call('kb.create', { name, embedder: { provider: 'local', model } });
    expect(kb.embedding).toEqual({ embedderId: 'local:q4', model, dimensions: 384 });
    const job = await call('kb.ingest', { kbId: kb.id, paths: [docs] });
    await expect.poll(async () => (await call('kb.job', { id: job.id })).job.status, { timeout: 90_000, interval: 250 }).toBe('done');
    const { items } = await call('kb.job', { id: job.id });
    expect(items.map((i) => i.status)).toEqual(['done']);
    const result = await call('kb.search', { kbIds: [kb.id], query: 'Which drink does the user have in the morning?', mode: 'vector', k: 3 });
    expect(result.hits[0]?.document.path).toBe(join(docs, 'tea.md'));
    expect(result.hits[0]?.scores.vector).toBeGreaterThan(0.3);
    return kb;
  }

  beforeAll(async () => {
    expect(isLocalModelPresent(defaultModelsDir()), 'run `npm run fetch-model` first').toBe(true);
    cpSync(SHIPPED, folder, { recursive: true });
    mkdirSync(docs);
    writeFileSync(join(docs, 'tea.md'), '# Mornings\n\nEvery morning the user drinks a cup of green tea before starting work.\n');
    hub = await startHub();
    engine = await createEngine({ dataDir, mode: 'headless', version: 'test', store: { kind: 'pglite-memory' }, env: { HF_ENDPOINT: hub.url } });
    router = createRouter(engine.handlers);
  });
  afterAll(async () => {
    await engine?.close();
    await hub?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('adds a model folder (measuring its dimension), embeds and chunks a knowledge base with it, and keeps it across restarts', async () => {
    const added = await call('models.local.addFolder', { path: folder });
    expect(added).toMatchObject({ name: 'my-minilm', source: 'folder', dir: folder, dtype: 'q4', dimensions: 384, maxTokens: 512 });
    expect((await call('models.local.list', {})).map((m) => [m.name, m.source])).toEqual([
      ['all-MiniLM-L6-v2', 'builtin'],
      ['my-minilm', 'folder'],
    ]);
    expect(new LocalModelRegistry(dataDir).list().map((m) => m.name)).toEqual(['all-MiniLM-L6-v2', 'my-minilm']);
    expect(await failure(call('models.local.addFolder', { path: folder }))).toMatchObject({ code: 'CONFLICT' });

    const kb = await ingestAndFind('my-minilm', 'Notes on my model');
    const { documents } = await call('kb.documents', { kbId: kb.id });
    const { chunks } = await call('kb.document', { id: documents[0]!.id });
    expect(chunks[0]?.tokenCount).toBeGreaterThan(5);

    const unknown = await failure(call('kb.create', { name: 'Bad model', embedder: { provider: 'local', model: 'no-such-model' } }));
    expect(unknown).toMatchObject({ code: 'VALIDATION', hint: expect.stringContaining('my-minilm') });
    expect(unknown.hint).toContain('all-MiniLM-L6-v2');

    const inUse = await failure(call('models.local.remove', { name: 'my-minilm' }));
    expect(inUse).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Notes on my model') });
    expect(await failure(call('models.local.remove', { name: 'all-MiniLM-L6-v2' }))).toMatchObject({ code: 'VALIDATION' });

    await call('kb.delete', { id: kb.id });
    expect(await call('models.local.remove', { name: 'my-minilm' })).toEqual({ removed: true });
    expect(existsSync(join(folder, 'tokenizer.json')), 'a folder the user pointed at is never deleted').toBe(true);
    expect((await call('models.local.list', {})).map((m) => m.name)).toEqual(['all-MiniLM-L6-v2']);
  });

  it('refuses a folder without tokenizer.json with a typed error, registering nothing', async () => {
    const broken = join(root, 'broken-model');
    cpSync(SHIPPED, broken, { recursive: true });
    rmSync(join(broken, 'tokenizer.json'));
    const error = await failure(call('models.local.addFolder', { path: broken, name: 'broken' }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('tokenizer.json'), issues: [{ path: ['path'] }] });
    expect(await failure(call('models.local.addFolder', { path: join(root, 'nowhere') }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(call('models.local.addFolder', { path: folder, dtype: 'fp16' }))).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('onnx/model_fp16.onnx'),
    });
    expect((await call('models.local.list', {})).map((m) => m.name)).toEqual(['all-MiniLM-L6-v2']);
  });

  it('downloads a model from the hub with progress into the data folder, uses it, and deletes it on removal', async () => {
    const progress: EventPayload<'models.download.progress'>[] = [];
    const off = engine.bus.subscribe('models.download.progress', (p) => progress.push(p));
    const model = await call('models.local.download', { repo: 'fake-org/minilm-copy' });
    off();
    const target = join(dataDir, 'models', 'fake-org', 'minilm-copy');
    expect(model).toMatchObject({ name: 'minilm-copy', source: 'download', repo: 'fake-org/minilm-copy', dir: target, dtype: 'q4', dimensions: 384 });
    expect(existsSync(join(target, DATA_FILE))).toBe(true);
    expect(statSync(join(target, DATA_FILE)).size).toBe(statSync(join(SHIPPED, DATA_FILE)).size);
    const data = progress.filter((p) => p.file === DATA_FILE);
    const total = statSync(join(SHIPPED, DATA_FILE)).size;
    expect(data.length).toBeGreaterThan(2);
    expect(data.every((p) => p.repo === 'fake-org/minilm-copy' && p.total === total)).toBe(true);
    expect(data.at(-1)?.received).toBe(total);
    // No dtype asked: q8 and fp32 were tried (404) before q4.
    expect(hub.requests).toContain('/fake-org/minilm-copy/resolve/main/onnx/model_quantized.onnx');
    expect(partials()).toEqual([]);

    const kb = await ingestAndFind('minilm-copy', 'Downloaded model notes');
    expect(await failure(call('models.local.remove', { name: 'minilm-copy' }))).toMatchObject({ code: 'CONFLICT' });
    await call('kb.delete', { id: kb.id });
    expect(await call('models.local.remove', { name: 'minilm-copy' })).toEqual({ removed: true });
    expect(existsSync(target)).toBe(false);
  });

  it('leaves no folder behind when a download is missing, breaks off or is cancelled', async () => {
    const missing = await failure(call('models.local.download', { repo: 'fake-org/no-such-model' }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('config.json') });
    const noDtype = await failure(call('models.local.download', { repo: 'fake-org/minilm-copy', dtype: 'fp16' }));
    expect(noDtype).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('onnx/model_fp16.onnx') });
    const truncated = await failure(call('models.local.download', { repo: 'fake-org/truncated' }));
    expect(truncated).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining(DATA_FILE) });

    let started!: () => void;
    const stalled = new Promise<void>((r) => (started = r));
    const off = engine.bus.subscribe('models.download.progress', (p) => {
      if (p.repo === 'fake-org/slow' && p.file === DATA_FILE && p.received > 0) started();
    });
    const slow = failure(call('models.local.download', { repo: 'fake-org/slow' }));
    await stalled;
    expect(await call('models.download.cancel', { repo: 'fake-org/slow' })).toEqual({ cancelled: true });
    expect(await slow).toMatchObject({ code: 'CANCELLED' });
    off();
    expect(await call('models.download.cancel', { repo: 'fake-org/slow' })).toEqual({ cancelled: false });

    expect(leftovers()).toEqual([]);
    expect((await call('models.local.list', {})).map((m) => m.name)).toEqual(['all-MiniLM-L6-v2']);
  });
});
